"""Render the pictures the README shows: page 1 of the note, and slides of the deck.

Needs LibreOffice (soffice) and poppler (pdftoppm). Run via `make docs`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out"
DOCS = ROOT / "docs"
STEM = "india-russia-summit-2025"
# (document, page, picture name): page 1 of the note; title, topic and key-numbers slides.
PICTURES = [("docx", 1, "note-page-1"), ("docx", 2, "note-page-2"), ("pptx", 1, "slide-title"),
            ("pptx", 7, "slide-topic"), ("pptx", 27, "slide-key-numbers"), ("pptx", 5, "slide-continued")]


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("docx", "pptx"):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(OUT / f"{STEM}.{fmt}")],
                           check=True, capture_output=True)
            shutil.copy(Path(tmp) / f"{STEM}.pdf", Path(tmp) / f"{fmt}.pdf")
        for fmt, page, name in PICTURES:
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                            str(Path(tmp) / f"{fmt}.pdf"), str(DOCS / name)], check=True)
            print(f"docs/{name}.png")


if __name__ == "__main__":
    main()
