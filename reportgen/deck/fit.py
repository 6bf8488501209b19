"""Text measurement with real font metrics: wrapping, fitting and splitting text into boxes.

Widths come from the font file fontconfig picks for the template's font family,
which is what LibreOffice draws with on this machine (Liberation Sans for Arial,
metric-compatible with it). Without fontconfig: Liberation Sans, else matplotlib's
DejaVu Sans, which is wider, so a measurement errs on the side of more room.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-{style}.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-{style}.ttf",
)
LINE_SPACING = 1.2  # line height as a multiple of the font size, as PowerPoint lays out Arial
TITLE_LINE_SPACING = 0.9  # titles are set at 90% (the writer sets it on every title)
POINTS_PER_INCH = 72
_MEASURE_SIZE = 100  # measure at a large size, then scale, to avoid hinting rounding


@lru_cache(maxsize=16)
def font_path(family: str, bold: bool) -> str:
    """The font file a renderer on this machine uses for family: fontconfig's match, else a stand-in."""
    style = "Bold" if bold else "Regular"
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:style={style}"],
                               capture_output=True, text=True).stdout.strip()
        if found.endswith((".ttf", ".otf")) and Path(found).exists():
            return found
    for candidate in _CANDIDATES:
        path = Path(candidate.format(style=style))
        if path.exists():
            return str(path)
    spec = importlib.util.find_spec("matplotlib")
    base = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    return str(base / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))


@lru_cache(maxsize=16)
def _font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, _MEASURE_SIZE)


@lru_cache(maxsize=16)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


@lru_cache(maxsize=131072)
def _em_width(text: str, path: str) -> float:
    """Width of text in ems; characters the font lacks (set in a fallback font) count as 0.6 em."""
    cmap = _cmap(path)
    present = "".join(ch for ch in text if ord(ch) in cmap)
    missing = len(text) - len(present)
    return (_font(path).getlength(present) + missing * 0.6 * _MEASURE_SIZE) / _MEASURE_SIZE


def text_height(lines: int, size_pt: float) -> float:
    """Height of that many lines in inches."""
    return lines * size_pt * LINE_SPACING / POINTS_PER_INCH


def title_height(lines: list[str], size_pt: float) -> float:
    """Height of title lines in inches: titles are set at 90% line spacing."""
    return text_height(len(lines), size_pt) * TITLE_LINE_SPACING


@dataclass(frozen=True)
class Box:
    """The text area of a shape, in inches, after its insets."""

    width: float
    height: float


class Measure:
    """Measures text set in one font family, as this machine's renderer would set it."""

    def __init__(self, family: str):
        self.family = family

    def text_width(self, text: str, size_pt: float, bold: bool = False) -> float:
        """Width of one line of text in inches."""
        return _em_width(text, font_path(self.family, bold)) * size_pt / POINTS_PER_INCH

    def wrap(self, text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
        """Greedy word wrap into lines no wider than width_in; over-long words are broken."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if self.text_width(candidate, size_pt, bold) <= width_in:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                while self.text_width(word, size_pt, bold) > width_in and len(word) > 1:
                    cut = len(word)
                    while cut > 1 and self.text_width(word[:cut], size_pt, bold) > width_in:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    def fit_title(self, text: str, box: Box, size_pt: float, floor_pt: float, bold: bool = True,
                  spacing: float = TITLE_LINE_SPACING) -> float:
        """The largest size from size_pt down to floor_pt at which text fits the box."""
        size = size_pt
        while size > floor_pt:
            if text_height(len(self.wrap(text, box.width, size, bold)), size) * spacing <= box.height:
                return size
            size -= 1
        return floor_pt

    def paragraph_height(self, text: str, width: float, size_pt: float, space_after_pt: float) -> float:
        """Height of one wrapped paragraph plus the space after it."""
        return text_height(len(self.wrap(text, width, size_pt)), size_pt) + space_after_pt / POINTS_PER_INCH

    def paginate(self, items: list[str], box: Box, size_pt: float, space_after_pt: float) -> list[list[int]]:
        """Indexes of items per page: as few pages as fit the box, filled evenly (an item never splits)."""
        heights = [self.paragraph_height(text, box.width, size_pt, space_after_pt) for text in items]
        pages = _fill(heights, box.height)
        if len(pages) < 2:
            return pages
        low, high = max(sum(heights) / len(pages), max(heights)), box.height
        for _ in range(20):  # the smallest page height that still needs no more pages
            middle = (low + high) / 2
            if len(_fill(heights, middle)) <= len(pages):
                high = middle
            else:
                low = middle
        return _fill(heights, high)


def _fill(heights: list[float], capacity: float) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > capacity:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    return pages
