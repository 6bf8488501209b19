"""Chart specs drawn as PNG pictures with matplotlib (the --chart-style image), cached on disk.

matplotlib is imported only when a chart is actually drawn: a default build makes native charts
(reportgen/chartstyle.py) and never imports it. Pictures are kept by a hash of spec, size and the
drawing code's versions, in memory and on disk, so an unchanged chart is never drawn twice; many
missing charts are drawn across processes. A cache entry is read bounded and used only when it
carries its key and decodes at its size; anything else is drawn again. Text is set in the house
font's metric twin (Arial -> Liberation Sans, found through fontconfig as LibreOffice finds it), with
per-character fallbacks for other scripts and emoji (SCRIPT_FONTS); matplotlib's warnings are kept
from the terminal; every label is the plan's own wording (spec.value_labels).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import shutil
import struct
import subprocess
import textwrap
import warnings
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .chartspec import MAX_LABELLED_POINTS, ChartSpec, timeline_label
from .output import MiB, read_bounded, write_atomic
from .theme import THEME, text_on

__all__ = ["ChartSpec", "MAX_LABELLED_POINTS", "Request", "cache_dir", "render_png"]

LABEL_PT = THEME.picture_label_pt  # the smallest text anywhere in the outputs
CATEGORY_WRAP = 28  # characters a bar's category label holds on a line before it wraps (at a space)
FALLBACK_FONTS = ("Liberation Sans", "Arimo", "DejaVu Sans")  # Arial's metric twins, then any sans
# Where the house font has no glyph, matplotlib takes it from the first of these that has one (found
# through fontconfig, as LibreOffice finds them; those not installed are left out): Devanagari (shipped as
# a Python package), Chinese, Japanese and Korean (one Pan-CJK font), then symbols and emoji.
SCRIPT_FONTS = ("Noto Sans Devanagari", "Noto Sans CJK SC", "Noto Sans Symbols 2", "Noto Sans Symbols",
                "DejaVu Sans")


@dataclass(frozen=True)
class Request:
    """One picture of one chart at one size."""

    spec: ChartSpec
    width_in: float
    height_in: float

    def key(self) -> str:
        """What the picture depends on: the spec, the size, and the drawing code's versions."""
        return hashlib.sha256(f"{self.spec.digest()}|{self.width_in:.3f}|{self.height_in:.3f}|{_renderer()}"
                              .encode()).hexdigest()


def render_png(spec: ChartSpec, width_in: float, height_in: float) -> bytes:
    """The chart as PNG bytes, identical for identical specs and sizes; drawn once, then cached."""
    request = Request(spec, round(width_in, 3), round(height_in, 3))
    png = _memory.get(request.key()) or _read_cache(request)
    if png is None and _pending:  # another process is drawing pictures for this one: wait for them
        receive_pending()
        png = _memory.get(request.key())
    if png is None:
        png = _draw(request)
        _write_cache(request, png)
    _remember(request.key(), png)
    return png


def draw_all(requests: list[Request]) -> dict[str, bytes]:
    """Each requested picture by its key (as render_png keys it), drawn or from the cache."""
    pictures = {}
    for r in requests:
        pictures[Request(r.spec, round(r.width_in, 3), round(r.height_in, 3)).key()] = \
            render_png(r.spec, r.width_in, r.height_in)
    return pictures


def receive_from(fd: int) -> None:
    """Pictures will come on this pipe (a pickled {key: png} from draw_all in a forked process): the
    next picture not in the cache waits for them rather than drawing it again."""
    _pending.append(fd)


def receive_pending() -> None:
    """Read what the pipes of receive_from bring (waiting for their senders) and keep the pictures."""
    import pickle

    while _pending:
        with os.fdopen(_pending.pop(), "rb") as pipe:
            data = pipe.read()
        try:
            pictures = pickle.loads(data) if data else {}
        except Exception:  # noqa: BLE001 - a sender that died midway: its pictures are drawn here
            continue
        for key, png in pictures.items():
            _remember(key, png)


_pending: list[int] = []  # read ends of pipes on which forked processes send pictures
MEMORY_ENTRIES = 256  # pictures kept in memory (the oldest go first); the disk cache keeps them all
_memory: dict[str, bytes] = {}


@lru_cache(maxsize=1)
def _renderer() -> str:
    """The drawing code's versions, which a cached picture depends on (read when first needed)."""
    return f"reportgen {__version__}; matplotlib {metadata.version('matplotlib')}; {THEME.font}"


def cache_dir() -> Path | None:
    """Where drawn charts are kept between builds: $REPORTGEN_CACHE_DIR, else the user's cache folder.

    REPORTGEN_CACHE_DIR set to an empty value turns the on-disk cache off.
    """
    configured = os.environ.get("REPORTGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen" / "charts"


CACHE_ENTRY_LIMIT = 16 * MiB  # a drawn chart is well under 1 MiB; anything larger is not one of ours
_PNG = b"\x89PNG\r\n\x1a\n"
_KEY_WORD = b"reportgen-key\0"


def _read_cache(request: Request) -> bytes | None:
    """The picture cached for this request, or None: the entry is read bounded (a FIFO, a device, an
    empty or oversized file is not read), and used only when it names this request's key in its own
    chunk and decodes to a picture of this request's size. Anything else is drawn again (and rewritten)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stored = read_bounded(folder / f"{request.key()}.png", CACHE_ENTRY_LIMIT, "chart cache entry")
    except OSError:
        return None
    png = _without_key(stored, request.key())
    if png is None or not _decodes(png, request):
        return None
    _remember(request.key(), png)
    return png


def _with_key(png: bytes, key: str) -> bytes:
    """A drawn picture as the cache keeps it: a text chunk naming its key after the header chunk."""
    chunk = _KEY_WORD + key.encode()
    at = len(_PNG) + 25  # the signature, then IHDR: length, type, 13 bytes, CRC
    return png[:at] + struct.pack(">I", len(chunk)) + b"tEXt" + chunk + \
        struct.pack(">I", zlib.crc32(b"tEXt" + chunk)) + png[at:]


def _without_key(stored: bytes, key: str) -> bytes | None:
    """The picture as drawn, when `stored` is a cache entry for `key` (see _with_key); else None."""
    at = len(_PNG) + 25
    chunk = _KEY_WORD + key.encode()
    record = struct.pack(">I", len(chunk)) + b"tEXt" + chunk + struct.pack(">I", zlib.crc32(b"tEXt" + chunk))
    if not stored.startswith(_PNG) or stored[at: at + len(record)] != record:
        return None
    return stored[:at] + stored[at + len(record):]


def _decodes(png: bytes, request: Request) -> bool:
    """Whether a picture decodes whole, at the size this request draws (checked before it is decoded)."""
    from PIL import Image

    size = (round(request.width_in * THEME.chart_dpi), round(request.height_in * THEME.chart_dpi))
    try:
        with Image.open(io.BytesIO(png)) as picture:
            if picture.format != "PNG" or abs(picture.size[0] - size[0]) > 1 or abs(picture.size[1] - size[1]) > 1:
                return False
            picture.load()
    except Exception:  # noqa: BLE001 - any failure to decode means: draw it again
        return False
    return True


def _remember(key: str, png: bytes) -> None:
    _memory[key] = png
    while len(_memory) > MEMORY_ENTRIES:
        del _memory[next(iter(_memory))]


def _write_cache(request: Request, png: bytes) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{request.key()}.png", _with_key(png, request.key()))
    except OSError:  # a read-only or full cache only costs speed
        pass


# --- drawing -------------------------------------------------------------------


def _draw(request: Request) -> bytes:
    """The picture of a request. matplotlib's own warnings (a glyph no font has) are kept, never printed:
    missing_glyphs says which characters a chart cannot show, in reportgen's words."""
    with warnings.catch_warnings(record=True), _MatplotlibLog():
        warnings.simplefilter("always")
        return _draw_figure(request)


class _MatplotlibLog(logging.Handler):
    """While drawing, matplotlib's log records (font look-ups) are kept from the terminal."""

    def __enter__(self):
        self.logger = logging.getLogger("matplotlib")
        self.saved = (self.logger.handlers[:], self.logger.propagate)
        self.logger.handlers, self.logger.propagate = [self], False
        return self

    def __exit__(self, *_exc) -> None:
        self.logger.handlers, self.logger.propagate = self.saved

    def emit(self, record: logging.LogRecord) -> None:
        pass


def missing_glyphs(spec: ChartSpec) -> str:
    """The characters of a chart's labels that no chart font can draw (each once, in order): they would
    show as boxes in its picture. Decided from the fonts' character maps, without drawing."""
    from matplotlib import ft2font

    _pyplot()
    fonts = [ft2font.FT2Font(path) for path in _family_files()]
    text = "".join([*spec.categories, *spec.value_labels, spec.axis_title or ""])
    missing = [c for c in dict.fromkeys(text) if not c.isspace() and not _drawn_without_glyph(c)
               and not any(font.get_char_index(ord(c)) for font in fonts)]
    return "".join(missing)


def unshown_characters(specs) -> list[str]:
    """A warning for each chart picture with characters no installed font draws."""
    found = []
    for spec in specs:
        missing = missing_glyphs(spec)
        if missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in missing[:8]) + (", ..." if len(missing) > 8 else "")
            found.append(f"chart {spec.title[:80]!r}: no installed font draws {missing[:8]!r} ({codes}); its "
                         "picture shows them as boxes (install a font for that script, or use --chart-style "
                         "native)")
    return found


def _drawn_without_glyph(char: str) -> bool:
    """Characters that need no glyph of their own: joiners and other format characters, variation selectors."""
    import unicodedata

    return unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


def _draw_figure(request: Request) -> bytes:
    spec, width_in, height_in = request.spec, request.width_in, request.height_in
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=THEME.chart_dpi)
    try:
        if spec.kind == "timeline":
            _draw_timeline(ax, spec)
        elif spec.kind == "stacked":
            _draw_stacked(fig, ax, spec)
        elif spec.kind == "line":
            _draw_line(ax, spec)
        else:
            _draw_bars(fig, ax, spec, horizontal=spec.kind == "barh")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.spines["left"].set_color(f"#{THEME.rule}")
        ax.spines["bottom"].set_color(f"#{THEME.rule}")
        ax.tick_params(colors=f"#{THEME.text}", labelsize=LABEL_PT)
        if spec.kind != "stacked":  # laid out by hand
            fig.tight_layout(pad=0.4)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=THEME.chart_dpi, metadata={"Software": None})
        return buf.getvalue()
    finally:
        plt.close(fig)


def wrap_words(label: str, width: int) -> str:
    """A label on lines of about width characters, broken at spaces only: never inside a word."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def tick_number(value: float, language: str = "en-GB") -> str:
    """An axis tick: the language's thousands separators and decimal sign ('12,500', '12 500', '2,5'),
    and no '.0' on a whole number."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.##", locale=language.replace("-", "_"))


def _value_axis(ax, spec: ChartSpec, axis) -> None:
    """Tick numbers without '.0', whole ticks for whole values, and the axis titled with the unit."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(lambda v, _: tick_number(v, spec.language)))
    if all(float(v).is_integer() for v in spec.values):
        axis.set_major_locator(MaxNLocator(integer=True))
    if spec.axis_title:
        axis.set_label_text(spec.axis_title, color=f"#{THEME.muted}", fontsize=LABEL_PT)


def _draw_bars(fig, ax, spec: ChartSpec, horizontal: bool) -> None:
    """Bars with their values, as the plan words them, at their ends; across the page (bar) or down it (barh)."""
    colours = [f"#{c}" for c in spec.colours] if spec.colours else [f"#{THEME.accent}"] * len(spec.values)
    positions = list(range(len(spec.values)))
    if horizontal:
        bars = ax.barh(positions, spec.values, color=colours, height=0.6)
        ax.set_yticks(positions, [wrap_words(c, CATEGORY_WRAP) for c in spec.categories])
        ax.invert_yaxis()
        values_axis = ax.xaxis
    else:
        bars = ax.bar(positions, spec.values, color=colours, width=0.6)
        width = max(10, int(70 / max(len(spec.categories), 1)))
        if spec.labelled:
            ax.set_xticks(positions, [wrap_words(c, width) for c in spec.categories])
        else:  # too many to set side by side: slanted, and every one still named
            ax.set_xticks(positions, list(spec.categories), rotation=60, ha="right", fontsize=LABEL_PT)
        values_axis = ax.yaxis
    ax.grid(axis="x" if horizontal else "y", color=f"#{THEME.accent_light}", linewidth=0.8)
    ax.set_axisbelow(True)
    _value_axis(ax, spec, values_axis)
    low = min(min(spec.values), 0)
    top = max(max(spec.values), 0) or 1
    (ax.set_xlim if horizontal else ax.set_ylim)(low * 1.1, top * 1.1)
    if spec.labelled:
        texts = ax.bar_label(bars, labels=list(spec.value_labels), padding=3, fontsize=LABEL_PT,
                             color=f"#{THEME.text}")
        _make_room(fig, ax, texts, horizontal)


def _make_room(fig, ax, texts, horizontal: bool) -> None:
    """Widen the value axis until every data label lies inside the plot: labels are never cut."""
    fig.tight_layout(pad=0.4)
    renderer = fig.canvas.get_renderer()
    inverse = ax.transData.inverted()
    far = max((inverse.transform(t.get_window_extent(renderer))[1][0 if horizontal else 1] for t in texts),
              default=0)
    low, high = ax.get_xlim() if horizontal else ax.get_ylim()
    if far > high:
        (ax.set_xlim if horizontal else ax.set_ylim)(low, far + (far - low) * 0.02)


def _draw_stacked(fig, ax, spec: ChartSpec) -> None:
    """One bar across the width, a segment per category in its colour with its count inside;
    under it the count scale and its title, then a legend naming each segment."""
    colours = spec.colours or (THEME.accent,) * len(spec.values)
    left = 0.0
    for category, value, label, colour in zip(spec.categories, spec.values, spec.value_labels, colours):
        segment = ax.barh([0], [value], left=left, height=1.0, color=f"#{colour}", edgecolor="white",
                          linewidth=0.8, label=category)
        if spec.labelled:
            ax.bar_label(segment, labels=[label], label_type="center", fontsize=LABEL_PT + 1,
                         color=f"#{text_on(colour)}")
        left += value
    ax.set_xlim(0, left or 1)
    ax.set_ylim(-0.5, 0.5)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    _value_axis(ax, spec, ax.xaxis)
    # Laid out by hand, in points from the bottom: the legend's rows, the axis title, the tick labels.
    width_pt, height_pt = (v * 72 for v in fig.get_size_inches())
    row_pt = LABEL_PT * 1.9
    columns = len(spec.values)
    legend = fig.legend(loc="lower center", ncol=columns, frameon=False, fontsize=LABEL_PT, handlelength=1.0,
                        columnspacing=1.2, borderaxespad=0.2)
    renderer = fig.canvas.get_renderer()
    while columns > 1 and legend.get_window_extent(renderer).width > fig.bbox.width * 0.98:
        columns = (columns + 1) // 2 if columns > 2 else 1
        legend.remove()
        legend = fig.legend(loc="lower center", ncol=columns, frameon=False, fontsize=LABEL_PT,
                            handlelength=1.0, columnspacing=1.2, borderaxespad=0.2)
    rows = -(-len(spec.values) // columns)
    top_pt, least_bar = 3, LABEL_PT * 1.8
    # In a strip too low for all of it, the scale's numbers go first (the counts are in the segments),
    # then its title; the legend, which names the segments, always stays.
    for scale, title in ((True, bool(spec.axis_title)), (False, bool(spec.axis_title)), (False, False)):
        below_pt = rows * row_pt + (row_pt if title else 0) + (row_pt if scale else 4) + 4
        if height_pt - below_pt - top_pt >= least_bar:
            break
    if not scale:
        ax.tick_params(axis="x", labelbottom=False, length=0)
    if not title:
        ax.set_xlabel("")
    bar_pt = max(height_pt - below_pt - top_pt, least_bar)
    ax.set_position([6 / width_pt, (height_pt - top_pt - bar_pt) / height_pt, 1 - 12 / width_pt,
                     bar_pt / height_pt])


def _draw_line(ax, spec: ChartSpec) -> None:
    positions = list(range(len(spec.values)))
    ax.plot(positions, spec.values, color=f"#{THEME.accent}", marker="o", linewidth=2)
    width = max(8, int(70 / max(len(spec.categories), 1)))
    ax.set_xticks(positions, [wrap_words(c, width) for c in spec.categories])
    for x, y, label in zip(positions, spec.values, spec.value_labels if spec.labelled else ()):
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 7), ha="center",
                    fontsize=LABEL_PT, color=f"#{THEME.text}")
    ax.grid(axis="y", color=f"#{THEME.accent_light}", linewidth=0.8)
    _value_axis(ax, spec, ax.yaxis)
    top = max(max(spec.values), 0) or 1
    ax.set_ylim(min(min(spec.values), 0) * 1.15, top * 1.2)
    ax.set_xlim(-0.5, len(positions) - 0.5)


def _draw_timeline(ax, spec: ChartSpec) -> None:
    """The native chart's timeline as a picture (chartstyle.py): each event a mark on a stem at its label's
    row, its label (date, then text) to the right (to the left near the axis's end), as the plan laid them
    out so none crosses another; a month or a year drawn on the time axis as the whole period; unlabelled
    events marked on the axis."""
    xs = list(spec.values)
    lanes = list(spec.lanes or [1] * len(xs))
    spans = list(spec.spans or [0.0] * len(xs))
    accent, rule = f"#{THEME.accent}", f"#{THEME.rule}"
    for x, half in zip(xs, spans):
        if half:
            ax.plot([x - half, x + half], [0, 0], color=accent, linewidth=4, solid_capstyle="butt", zorder=2)
    for index, (x, lane, date, text) in enumerate(zip(xs, lanes, spec.value_labels, spec.categories)):
        if lane:
            left = index in spec.leftward  # near the axis's end the label runs left of its mark
            ax.plot([x, x], [0, lane], color=rule, linewidth=0.75, zorder=1)
            ax.annotate(timeline_label(date, text), (x, lane), xytext=(-5 if left else 5, 0),
                        textcoords="offset points", ha="right" if left else "left", va="center",
                        fontsize=LABEL_PT, color=f"#{THEME.text}", linespacing=1.15)
    ax.scatter(xs, lanes, s=28, color=accent, zorder=3, clip_on=False)
    low, high = spec.time_range or (min(xs) - 0.5, max(xs) + 0.5)
    ax.set_xlim(low, high)
    ax.set_ylim(0, spec.rows + 0.8)  # the time axis is the chart's bottom edge
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ticks, labels = timeline_ticks(low, high, language=spec.language)
    ax.set_xticks(ticks, labels)


def timeline_ticks(low: float, high: float, most: int = 8, language: str = "en-GB") -> tuple[list[float], list[str]]:
    """Labelled ticks between two decimal years: whole years, or months (every 1, 2, 3 or 6) for a short span,
    named in the brief's language ('Dec 2025', 'déc. 2025')."""
    from .formatting import formatter

    first, last = int(low) + (0 if float(low).is_integer() else 1), int(high)
    for step in (1, 2, 5, 10, 20, 50, 100):
        years = list(range(first - first % step + (step if first % step else 0), last + 1, step))
        if len(years) <= most:
            break
    if len(years) >= 3:
        return [float(y) for y in years], [str(y) for y in years]
    for months in (1, 2, 3, 6, 12):
        ticks, labels = [], []
        year, month = int(low), 1
        while year + (month - 1) / 12 <= high:
            position = _decimal_month(year, month)
            if low <= position <= high and (month - 1) % months == 0:
                ticks.append(position)
                labels.append(formatter(language).month(year, month))
            month += 1
            if month > 12:
                year, month = year + 1, 1
        if len(ticks) <= most:
            return ticks, labels
    return [float(y) for y in years], [str(y) for y in years]


def _decimal_month(year: int, month: int) -> float:
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return round(year + (dt.date(year, month, 1) - start).days / days, 4)


# --- matplotlib and the house font ------------------------------------------------


@lru_cache(maxsize=1)
def _pyplot():
    """matplotlib.pyplot on the Agg backend, text in the house font's metric twin, then the script and
    symbol fonts (SCRIPT_FONTS) for what it has no glyph for."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    for path in _extra_font_files():
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": [house_font_family(), *_script_families()],
            "svg.hashsalt": "reportgen",
            "axes.unicode_minus": True,
        }
    )
    return pyplot


@lru_cache(maxsize=1)
def _script_families() -> tuple[str, ...]:
    """The families of SCRIPT_FONTS that are installed, registered with matplotlib, under the names
    matplotlib knows them by."""
    from matplotlib import font_manager

    found: list[str] = []
    for family in SCRIPT_FONTS:
        entry = _registered(family)
        if entry is None:
            path = _fontconfig_file(family)
            if path is not None:
                font_manager.fontManager.addfont(str(path))
                entry = _registered(family)
        if entry is not None and entry.name not in found:
            found.append(entry.name)
    return tuple(found)


def _registered(family: str):
    """matplotlib's entry for a family, compared without spaces or case ('Noto Sans Symbols2')."""
    from matplotlib import font_manager

    wanted = family.replace(" ", "").casefold()
    return next((f for f in font_manager.fontManager.ttflist if f.name.replace(" ", "").casefold() == wanted
                 and f.style == "normal" and f.weight in (400, "normal", "regular")), None)


def _fontconfig_file(family: str) -> Path | None:
    """The file fontconfig has for exactly this family (not a substitute), if any."""
    match = shutil.which("fc-match")
    if not match:
        return None
    found = subprocess.run([match, "-f", "%{family}\n%{file}", "--", f"{family}:style=Regular"],
                           capture_output=True, text=True, check=False).stdout.splitlines()
    if len(found) != 2 or not Path(found[1]).is_file():
        return None
    names = {name.replace(" ", "").casefold() for name in found[0].split(",")}
    return Path(found[1]) if family.replace(" ", "").casefold() in names else None


def _family_files() -> list[str]:
    """The font files pictures are drawn with, in the order glyphs are looked for."""
    files = []
    for family in [house_font_family(), *_script_families()]:
        entry = _registered(family)
        if entry is not None:
            files.append(entry.fname)
    return files


@lru_cache(maxsize=1)
def house_font_family() -> str:
    """The family matplotlib draws THEME.font with: the font fontconfig gives for it (Arial ->
    Liberation Sans, as LibreOffice does), registered with matplotlib; else a known metric twin."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if THEME.font in known:
        return THEME.font
    match = shutil.which("fc-match")
    if match:
        found = subprocess.run([match, "-f", "%{family[0]}\n%{file}", THEME.font], capture_output=True,
                               text=True, check=False).stdout.splitlines()
        if len(found) == 2 and Path(found[1]).is_file():
            if found[0] not in known:
                font_manager.fontManager.addfont(found[1])
            return found[0]
    return next((name for name in FALLBACK_FONTS if name in known), "DejaVu Sans")


def _extra_font_files() -> list[Path]:
    """Font files shipped by Python packages (Devanagari coverage for charts)."""
    try:
        import fontpkg_noto_sans_devanagari as devanagari
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    return sorted((devanagari.ROOT / "files").glob("*.ttf"))
