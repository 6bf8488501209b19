"""Text measurement with real font metrics: wrapping, heights, splitting at line boundaries, filling pages.

Widths come from the font file fontconfig picks for the template's font family,
which is what LibreOffice draws with on this machine (Liberation Sans for Arial,
metric-compatible with it). Without fontconfig: Liberation Sans, else matplotlib's
DejaVu Sans, which is wider, so a measurement errs on the side of more room.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
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


def _fc_match(family: str, bold: bool) -> list[str]:
    # "--": a theme's font name is the template's text, never an option ("-V", "--help")
    return ["fc-match", "-f", "%{file}", "--", f"{family}:style={_style(bold)}"]


def _style(bold: bool) -> str:
    return "Bold" if bold else "Regular"


_asked: dict[tuple[str, bool], tuple[int, subprocess.Popen]] = {}  # lookups started ahead, by this process
_found: set[tuple[str, bool]] = set()  # the lookups font_path has answered


def look_up_fonts(families: list[str]) -> None:
    """Start fontconfig's lookups of these families (regular and bold) in the background, so that they
    run on another core while this process loads the writers; font_path takes their answers. Their
    answers are read before this process forks (settle_font_lookups), since a fork cannot wait for them."""
    if not shutil.which("fc-match"):
        return
    for family in families:
        for bold in (False, True):
            if (family, bold) not in _asked and (family, bold) not in _found:
                try:
                    _asked[(family, bold)] = (os.getpid(), subprocess.Popen(
                        _fc_match(family, bold), stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True))
                except OSError:
                    return


def settle_font_lookups() -> None:
    """The answers of the lookups started ahead, read (before this process forks its workers)."""
    for family, bold in list(_asked):
        font_path(family, bold)


def _answer(family: str, bold: bool) -> str:
    """fontconfig's file for the family: from a lookup started ahead by this process, else asked now."""
    started = _asked.pop((family, bold), None)
    if started is not None and started[0] == os.getpid():
        return started[1].communicate()[0].strip()
    return subprocess.run(_fc_match(family, bold), capture_output=True, text=True).stdout.strip()


@lru_cache(maxsize=16)
def font_path(family: str, bold: bool) -> str:
    """The font file a renderer on this machine uses for family: fontconfig's match, else a stand-in."""
    style = _style(bold)
    _found.add((family, bold))
    if shutil.which("fc-match"):
        found = _answer(family, bold)
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

    with TTFont(path, lazy=True) as font:  # closed: a lazy font keeps its file open until then
        return frozenset(font.getBestCmap())


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


FALLBACK_LINE = 1.304  # a line with glyphs the font lacks is set in a fallback (Noto Sans Devanagari: 1.304 em)
LINE_MARGIN = 1.04  # renderers round line heights up; measured lines keep this much in hand


@lru_cache(maxsize=16)
def _line_factor(path: str) -> float:
    """The font's own line height in ems (hhea ascent + descent + line gap), never under LINE_SPACING."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        hhea, units = font["hhea"], font["head"].unitsPerEm
        return max(LINE_SPACING, (hhea.ascent - hhea.descent + hhea.lineGap) / units * LINE_MARGIN)


@lru_cache(maxsize=65536)
def _falls_back(line: str, path: str) -> bool:
    """Whether the line has a glyph (not a space) the font lacks: it is then set in a fallback font.
    Cached: pagination asks this of the same lines at every trial size and width."""
    cmap = _cmap(path)
    return any(ord(ch) not in cmap for ch in line if not ch.isspace())


WRAP_CACHED_UP_TO = 2000  # characters: longer texts are wrapped afresh each time (the cache stays small)


_BREAKS = re.compile(r"[^\S\u00a0\u202f\u2007]+")  # white space a line may break at: not a no-break space


def words(text: str) -> list[str]:
    """The text's words, split where a renderer may break a line: "US$5\u00a0billion" is one word."""
    return [w for w in _BREAKS.split(text) if w]


@lru_cache(maxsize=8192)
def _wrap(text: str, limit: float, path: str) -> list[str]:
    """Measure.wrap's lines at a width of `limit` ems in the font at `path` (callers get a copy)."""
    space = _em_width(" ", path)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in words(paragraph):
            width = _em_width(word, path)
            if line and used + space + width <= limit:
                line.append(word)
                used += space + width
                continue
            if line:
                lines.append(" ".join(line))
                line, used = [], 0.0
            if width > limit and len(word) > 1:
                pieces = _break_word(word, limit, path)
                lines += pieces[:-1]
                word = pieces[-1]
                width = _em_width(word, path)
            line, used = [word], width
        lines.append(" ".join(line))
    return lines


class Measure:
    """Measures text set in one font family, as this machine's renderer would set it."""

    def __init__(self, family: str):
        self.family = family

    def line_height(self, size_pt: float, line: str | None = None, bold: bool = False) -> float:
        """Height of one line in inches: the font's line height, or a fallback font's where the line has
        glyphs the font lacks (None: the taller of the two)."""
        path = font_path(self.family, bold)
        factor = _line_factor(path)
        if line is None or _falls_back(line, path):
            factor = max(factor, FALLBACK_LINE * LINE_MARGIN)
        return size_pt * factor / POINTS_PER_INCH

    def lines_height(self, lines: list[str], size_pt: float, bold: bool = False) -> float:
        """Height of these wrapped lines in inches."""
        return sum(self.line_height(size_pt, line, bold) for line in lines)

    def text_width(self, text: str, size_pt: float, bold: bool = False) -> float:
        """Width of one line of text in inches."""
        return _em_width(text, font_path(self.family, bold)) * size_pt / POINTS_PER_INCH

    def wrap(self, text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
        """Greedy word wrap into lines no wider than width_in; over-long words are broken.

        Linear in the text's length: each word is measured once (cached) and a line's width is the
        running sum of its words and spaces; an over-long word is cut by its glyphs' cumulative advances.
        """
        path = font_path(self.family, bold)
        limit = width_in * POINTS_PER_INCH / size_pt  # the width in ems
        if len(text) <= WRAP_CACHED_UP_TO:  # pagination wraps the same texts at the same widths again
            return list(_wrap(text, limit, path))
        return _wrap.__wrapped__(text, limit, path)

    def split_lines(self, text: str, width_in: float, size_pt: float, lines_per_part: int) -> list[str]:
        """Text cut at line boundaries into parts of at most lines_per_part wrapped lines each."""
        lines = self.wrap(text, width_in, size_pt)
        step = max(1, lines_per_part)
        return [" ".join(lines[i:i + step]) for i in range(0, len(lines), step)]


def _break_word(word: str, limit: float, path: str) -> list[str]:
    """An over-long word in pieces no wider than limit ems, in one pass over its glyphs' advances."""
    pieces, start, used = [], 0, 0.0
    for index, ch in enumerate(word):
        advance = _em_width(ch, path)
        if used + advance > limit and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += advance
    pieces.append(word[start:])
    return pieces


def balanced_pages(heights: list[float], capacity: float, first: float | None = None) -> list[list[int]]:
    """Indexes per page: as few pages as hold these heights, filled evenly. first: the first page's
    capacity when something else takes part of it (it may then stay empty)."""
    first = capacity if first is None else min(first, capacity)
    pages = _fill(heights, capacity, first)
    if len(pages) < 2:
        return pages
    low, high = max(sum(heights) / len(pages), max(heights)), capacity
    for _ in range(20):  # the smallest page height that still needs no more pages
        middle = (low + high) / 2
        if len(_fill(heights, middle, min(middle, first))) <= len(pages):
            high = middle
        else:
            low = middle
    return _fill(heights, high, min(high, first))


def greedy_pages(heights: list[float], capacity: float) -> list[list[int]]:
    """Indexes per page, each page as full as it goes (the first slide holds the most)."""
    return _fill(heights, capacity)


def _fill(heights: list[float], capacity: float, first: float | None = None) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    used = 0.0
    room = capacity if first is None else first
    for index, height in enumerate(heights):
        if used + height > room and (pages[-1] or room < capacity):
            pages.append([])
            used = 0.0
            room = capacity
        pages[-1].append(index)
        used += height
    return pages
