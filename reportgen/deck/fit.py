"""Text measurement with real font metrics: wrapping, fitting and splitting text into boxes.

Widths come from Liberation Sans (metric-compatible with Arial, the deck's font)
when it is installed, else from matplotlib's DejaVu Sans, which is wider, so a
measurement errs on the side of more room, never less.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-{style}.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-{style}.ttf",
)
LINE_SPACING = 1.2  # line height as a multiple of the font size, as PowerPoint lays out Arial
POINTS_PER_INCH = 72
_MEASURE_SIZE = 100  # measure at a large size, then scale, to avoid hinting rounding


def _font_path(bold: bool) -> str:
    style = "Bold" if bold else "Regular"
    for candidate in _CANDIDATES:
        path = Path(candidate.format(style=style))
        if path.exists():
            return str(path)
    spec = importlib.util.find_spec("matplotlib")
    base = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    return str(base / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))


@lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_path(bold), _MEASURE_SIZE)


@lru_cache(maxsize=65536)
def _word_width(word: str, bold: bool) -> float:
    font = _font(bold)
    # Characters the measuring font lacks (e.g. Devanagari) are counted as wide ones.
    present = "".join(ch for ch in word if _has_glyph(ch, bold))
    missing = len(word) - len(present)
    return (font.getlength(present) + missing * 0.6 * _MEASURE_SIZE) / _MEASURE_SIZE


def _has_glyph(ch: str, bold: bool) -> bool:
    return ord(ch) in _cmap(bold)


@lru_cache(maxsize=2)
def _cmap(bold: bool) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(_font_path(bold), lazy=True).getBestCmap())


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of text in inches."""
    return _word_width(text, bold) * size_pt / POINTS_PER_INCH


def wrap(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """Greedy word wrap into lines no wider than width_in; over-long words are broken."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size_pt, bold) <= width_in:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size_pt, bold) > width_in and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size_pt, bold) > width_in:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def text_height(lines: int, size_pt: float) -> float:
    """Height of that many lines in inches."""
    return lines * size_pt * LINE_SPACING / POINTS_PER_INCH


@dataclass(frozen=True)
class Box:
    """The text area of a shape, in inches, after its insets."""

    width: float
    height: float


def fit_title(text: str, box: Box, size_pt: float, floor_pt: float, bold: bool = True) -> float:
    """The largest size from size_pt down to floor_pt at which text fits the box."""
    size = size_pt
    while size > floor_pt:
        if text_height(len(wrap(text, box.width, size, bold)), size) <= box.height:
            return size
        size -= 1
    return floor_pt


def paragraph_height(text: str, width: float, size_pt: float, space_after_pt: float, bold: bool = False) -> float:
    """Height of one wrapped paragraph plus the space after it."""
    return text_height(len(wrap(text, width, size_pt, bold)), size_pt) + space_after_pt / POINTS_PER_INCH


def paginate(items: list[str], box: Box, size_pt: float, space_after_pt: float) -> list[list[int]]:
    """Indexes of items per page so that no page overflows the box (an item never splits)."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, text in enumerate(items):
        height = paragraph_height(text, box.width, size_pt, space_after_pt)
        if pages[-1] and used + height > box.height:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    return pages
