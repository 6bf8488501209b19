"""Chart specs (data only) and their rendering to PNG with matplotlib.

matplotlib is imported only when a chart is actually drawn: pictures are kept
by a hash of spec and size, in memory and on disk, so an unchanged chart is
never drawn twice; many missing charts are drawn across processes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import textwrap
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .output import write_atomic
from .text import format_number, with_unit
from .theme import THEME


MAX_LABELLED_POINTS = 12


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: one series of labelled values, in order."""

    id: str
    kind: str  # bar | barh | line | timeline (values: decimal years; point_labels: the dates as written)
    title: str
    categories: tuple[str, ...]
    values: tuple[float, ...]
    unit: str | None
    alt_text: str
    colours: tuple[str, ...] | None = None  # one hex colour per category
    point_labels: tuple[str, ...] | None = None  # shown instead of the values (a timeline's dates)

    @property
    def labelled(self) -> bool:
        """Whether each point carries its value: not when there are too many to read."""
        return len(self.values) <= MAX_LABELLED_POINTS

    @property
    def value_labels(self) -> tuple[str, ...]:
        return self.point_labels or tuple(with_unit(v, self.unit) for v in self.values)

    def digest(self) -> str:
        """A hash of everything that changes the picture."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Request:
    """One picture of one chart at one size."""

    spec: ChartSpec
    width_in: float
    height_in: float

    def key(self) -> str:
        """What the picture depends on: the spec, the size, and the drawing code's versions."""
        return hashlib.sha256(f"{self.spec.digest()}|{self.width_in:.3f}|{self.height_in:.3f}|{_RENDERER}"
                              .encode()).hexdigest()


def render_png(spec: ChartSpec, width_in: float, height_in: float) -> bytes:
    """The chart as PNG bytes, identical for identical specs and sizes; drawn once, then cached."""
    request = Request(spec, round(width_in, 3), round(height_in, 3))
    png = _memory.get(request.key()) or _read_cache(request)
    if png is None:
        png = _draw(request)
        _write_cache(request, png)
    _remember(request.key(), png)
    return png


def render_many(requests: list[Request], workers: int | None = None) -> int:
    """Draw the pictures not yet cached, across processes when there are many; how many were drawn."""
    missing = {r.key(): r for r in requests if r.key() not in _memory and _read_cache(r) is None}
    todo = list(missing.values())
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        from .pool import process_pool

        with process_pool(workers) as pool:
            pictures = list(pool.map(_draw, todo))
    else:
        pictures = [_draw(r) for r in todo]
    for request, png in zip(todo, pictures):
        _write_cache(request, png)
        _remember(request.key(), png)
    return len(todo)


PARALLEL_FROM = 6  # fewer charts than this are drawn in-process: a pool costs more than it saves
MEMORY_ENTRIES = 256  # pictures kept in memory (the oldest go first); the disk cache keeps them all
_memory: dict[str, bytes] = {}
_RENDERER = f"reportgen {__version__}; matplotlib {metadata.version('matplotlib')}"


def cache_dir() -> Path | None:
    """Where drawn charts are kept between builds: $REPORTGEN_CACHE_DIR, else the user's cache folder.

    REPORTGEN_CACHE_DIR set to an empty value turns the on-disk cache off.
    """
    configured = os.environ.get("REPORTGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen" / "charts"


def _read_cache(request: Request) -> bytes | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        png = (folder / f"{request.key()}.png").read_bytes()
    except OSError:
        return None
    _remember(request.key(), png)
    return png


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
        write_atomic(folder / f"{request.key()}.png", png)
    except OSError:  # a read-only or full cache only costs speed
        pass


def _draw(request: Request) -> bytes:
    spec, width_in, height_in = request.spec, request.width_in, request.height_in
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=THEME.chart_dpi)
    try:
        colours = [f"#{c}" for c in spec.colours] if spec.colours else [f"#{THEME.accent}"] * len(spec.values)
        if spec.kind == "timeline":
            _draw_timeline(ax, spec)
        elif spec.kind == "line":
            _draw_line(ax, spec)
        else:
            _draw_bars(ax, spec, colours, horizontal=spec.kind == "barh")
        if spec.kind != "timeline" and all(float(v).is_integer() for v in spec.values):
            from matplotlib.ticker import MaxNLocator

            (ax.xaxis if spec.kind == "barh" else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.spines["left"].set_color(f"#{THEME.rule}")
        ax.spines["bottom"].set_color(f"#{THEME.rule}")
        ax.tick_params(colors=f"#{THEME.text}", labelsize=9)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=THEME.chart_dpi, metadata={"Software": None})
        return buf.getvalue()
    finally:
        plt.close(fig)


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _headroom(ax, values, axis: str) -> None:
    top = max(max(values), 0) or 1
    bottom = min(min(values), 0)
    (ax.set_xlim if axis == "x" else ax.set_ylim)(bottom * 1.15, top * 1.18)


def _draw_bars(ax, spec: ChartSpec, colours: list[str], horizontal: bool) -> None:
    """Bars with their values at their ends; across the page (bar) or down it (barh)."""
    positions = list(range(len(spec.values)))
    values_axis, categories_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    if horizontal:
        bars = ax.barh(positions, spec.values, color=colours, height=0.6)
        ax.set_yticks(positions, [_wrap(c, 28) for c in spec.categories])
        ax.invert_yaxis()
    else:
        bars = ax.bar(positions, spec.values, color=colours, width=0.6)
        width = max(8, int(60 / max(len(spec.categories), 1)))
        if spec.labelled:
            ax.set_xticks(positions, [_wrap(c, width) for c in spec.categories])
        else:  # too many to set side by side: slanted, and every one still named
            ax.set_xticks(positions, list(spec.categories), rotation=60, ha="right", fontsize=6)
    if spec.labelled:
        ax.bar_label(bars, labels=list(spec.value_labels), padding=3, fontsize=9, color=f"#{THEME.text}")
    values_axis.set_major_formatter(lambda v, _: format_number(v))
    ax.grid(axis="x" if horizontal else "y", color=f"#{THEME.accent_light}", linewidth=0.8)
    ax.set_axisbelow(True)
    if spec.unit:
        values_axis.set_label_text(spec.unit, color=f"#{THEME.muted}", fontsize=9)
    _headroom(ax, spec.values, "x" if horizontal else "y")


def _draw_line(ax, spec: ChartSpec) -> None:
    positions = list(range(len(spec.values)))
    ax.plot(positions, spec.values, color=f"#{THEME.accent}", marker="o", linewidth=2)
    width = max(6, int(60 / max(len(spec.categories), 1)))
    ax.set_xticks(positions, [_wrap(c, width) for c in spec.categories])
    for x, y, label in zip(positions, spec.values, spec.value_labels if spec.labelled else ()):
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 7), ha="center",
                    fontsize=9, color=f"#{THEME.text}")
    ax.yaxis.set_major_formatter(lambda v, _: format_number(v))
    ax.grid(axis="y", color=f"#{THEME.accent_light}", linewidth=0.8)
    if spec.unit:
        ax.set_ylabel(spec.unit, color=f"#{THEME.muted}", fontsize=9)
    _headroom(ax, spec.values, "y")


def _draw_timeline(ax, spec: ChartSpec) -> None:
    """Events on a line of years, labels above and below in turn so neighbours do not collide."""
    xs = list(spec.values)
    ax.axhline(0, color=f"#{THEME.rule}", linewidth=2, zorder=1)
    ax.scatter(xs, [0] * len(xs), s=60, color=f"#{THEME.accent}", zorder=2)
    levels = (1.0, -1.0, 2.0, -2.0)
    for i, (x, date, text) in enumerate(zip(xs, spec.value_labels, spec.categories)):
        level = levels[i % len(levels)] if len(xs) > 2 else levels[i % 2]
        ax.plot([x, x], [0, level * 0.8], color=f"#{THEME.rule}", linewidth=1, zorder=1)
        ax.annotate(f"{date}\n{_wrap(text, 26)}", (x, level * 0.85), ha="center",
                    va="bottom" if level > 0 else "top", fontsize=8.5, color=f"#{THEME.text}",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": f"#{THEME.accent_light}"})
    span = max(max(xs) - min(xs), 1.0)
    ax.set_xlim(min(xs) - span * 0.15, max(xs) + span * 0.15)
    ax.set_ylim(-3.2, 3.2)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(lambda v, _: f"{int(v)}" if float(v).is_integer() else "")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))


@lru_cache(maxsize=1)
def _pyplot():
    """matplotlib.pyplot on the Agg backend with the house fonts registered."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    for path in _extra_font_files():
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": list(THEME.chart_fonts),
            "svg.hashsalt": "reportgen",
            "axes.unicode_minus": True,
        }
    )
    return pyplot


def _extra_font_files() -> list[Path]:
    """Font files shipped by Python packages (Devanagari coverage for charts)."""
    try:
        import fontpkg_noto_sans_devanagari as devanagari
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    return sorted((devanagari.ROOT / "files").glob("*.ttf"))
