"""reportgen: summit facts file -> briefing note (.docx) and slide deck (.pptx)."""

__version__ = "0.1.0"
