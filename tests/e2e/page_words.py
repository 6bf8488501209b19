"""Where LibreOffice put each word: `pdftotext -bbox` read back, and checked against the deck's shapes."""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation

EMU_PER_PT = 12700
TOLERANCE_PT = 2.0  # glyph boxes may poke out of a line box by a hair
BULLETS = {"•", "–", "▪", "◦"}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Box:
    name: str
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    any_text: bool = False  # a chart or a slide number: its words are not in the shape's text

    def holds(self, word: Word) -> bool:
        t = TOLERANCE_PT
        return (word.x0 >= self.x0 - t and word.x1 <= self.x1 + t
                and word.y0 >= self.y0 - t and word.y1 <= self.y1 + t)

    def says(self, word: Word) -> bool:
        if word.text in BULLETS:
            return bool(self.text)
        return self.any_text or word.text in self.text


def pdf_words(pdf: Path) -> list[tuple[tuple[float, float], list[Word]]]:
    """Per page: its size in points and its words with their boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        words = [Word(_norm(w.text or ""), *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                 for w in page.iter("{*}word")]
        pages.append(((float(page.get("width")), float(page.get("height"))), words))
    return pages


def slide_boxes(pptx: Path) -> list[list[Box]]:
    """Per slide: every shape's box in points and the text it holds."""
    prs = Presentation(str(pptx))
    return [[_box(shape) for shape in slide.shapes] for slide in prs.slides]


def misplaced_words(pptx: Path, pdf: Path) -> list[str]:
    """Words outside the slide, or outside every shape whose text they belong to."""
    problems = []
    pages, slides = pdf_words(pdf), slide_boxes(pptx)
    assert len(pages) == len(slides), f"{len(pages)} PDF pages for {len(slides)} slides"
    for number, (((width, height), words), boxes) in enumerate(zip(pages, slides), start=1):
        for word in words:
            if word.x0 < 0 or word.y0 < 0 or word.x1 > width or word.y1 > height:
                problems.append(f"slide {number}: {word.text!r} runs off the slide")
                continue
            owners = [b for b in boxes if b.says(word)]
            if not owners:
                problems.append(f"slide {number}: {word.text!r} is in no shape's text")
            elif not any(b.holds(word) for b in owners):
                names = ", ".join(sorted({b.name for b in owners}))
                problems.append(f"slide {number}: {word.text!r} at y={word.y0:.0f}-{word.y1:.0f} "
                                f"lies outside its shape ({names})")
    return problems


def _box(shape) -> Box:
    x0, y0 = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    x1, y1 = x0 + shape.width / EMU_PER_PT, y0 + shape.height / EMU_PER_PT
    return Box(shape.name, _norm(_shape_text(shape)), x0, y0, x1, y1,
               any_text=shape.name == "Slide Number" or (getattr(shape, "has_chart", False) and shape.has_chart))


def _shape_text(shape) -> str:
    if shape.has_text_frame:
        return shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        return "\n".join(cell.text for row in shape.table.rows for cell in row.cells)
    return ""


def _norm(text: str) -> str:
    """Compared without case: a layout may show a title in capitals."""
    return unicodedata.normalize("NFKC", text).casefold()
