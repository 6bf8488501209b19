"""reportgen: summit facts file -> briefing note (.docx) and slide deck (.pptx)."""

from pathlib import Path

__version__ = "0.1.0"

# The default templates and the wording ship inside the package.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
