"""Chart specs (data only) and their rendering to PNG with matplotlib.

matplotlib is imported only when a chart is actually drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from .text import format_number, with_unit
from .theme import THEME


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: one series of labelled values, in order."""

    id: str
    kind: str  # bar | barh | line
    title: str
    categories: tuple[str, ...]
    values: tuple[float, ...]
    unit: str | None
    alt_text: str
    colours: tuple[str, ...] | None = None  # one hex colour per category

    @property
    def value_labels(self) -> tuple[str, ...]:
        return tuple(with_unit(v, self.unit) for v in self.values)

    def digest(self) -> str:
        """A hash of everything that changes the picture."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def render_png(spec: ChartSpec, width_in: float, height_in: float) -> bytes:
    """The chart as PNG bytes, identical for identical specs and sizes."""
    return _render_cached(spec, round(width_in, 3), round(height_in, 3))


@lru_cache(maxsize=256)
def _render_cached(spec: ChartSpec, width_in: float, height_in: float) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=THEME.chart_dpi)
    try:
        colours = [f"#{c}" for c in spec.colours] if spec.colours else [f"#{THEME.accent}"] * len(spec.values)
        if spec.kind == "barh":
            _draw_barh(ax, spec, colours)
        elif spec.kind == "line":
            _draw_line(ax, spec)
        else:
            _draw_bar(ax, spec, colours)
        if all(float(v).is_integer() for v in spec.values):
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


def _draw_bar(ax, spec: ChartSpec, colours: list[str]) -> None:
    width = max(8, int(60 / max(len(spec.categories), 1)))
    labels = [_wrap(c, width) for c in spec.categories]
    positions = range(len(spec.values))
    bars = ax.bar(positions, spec.values, color=colours, width=0.6)
    ax.set_xticks(list(positions), labels)
    ax.bar_label(bars, labels=list(spec.value_labels), padding=3, fontsize=9, color=f"#{THEME.text}")
    ax.yaxis.set_major_formatter(lambda v, _: format_number(v))
    ax.grid(axis="y", color=f"#{THEME.accent_light}", linewidth=0.8)
    ax.set_axisbelow(True)
    if spec.unit:
        ax.set_ylabel(spec.unit, color=f"#{THEME.muted}", fontsize=9)
    _headroom(ax, spec.values, "y")


def _draw_barh(ax, spec: ChartSpec, colours: list[str]) -> None:
    labels = [_wrap(c, 28) for c in spec.categories]
    positions = range(len(spec.values))
    bars = ax.barh(positions, spec.values, color=colours, height=0.6)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=list(spec.value_labels), padding=3, fontsize=9, color=f"#{THEME.text}")
    ax.xaxis.set_major_formatter(lambda v, _: format_number(v))
    ax.grid(axis="x", color=f"#{THEME.accent_light}", linewidth=0.8)
    ax.set_axisbelow(True)
    if spec.unit:
        ax.set_xlabel(spec.unit, color=f"#{THEME.muted}", fontsize=9)
    _headroom(ax, spec.values, "x")


def _draw_line(ax, spec: ChartSpec) -> None:
    positions = list(range(len(spec.values)))
    ax.plot(positions, spec.values, color=f"#{THEME.accent}", marker="o", linewidth=2)
    width = max(6, int(60 / max(len(spec.categories), 1)))
    ax.set_xticks(positions, [_wrap(c, width) for c in spec.categories])
    for x, y, label in zip(positions, spec.values, spec.value_labels):
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 7), ha="center",
                    fontsize=9, color=f"#{THEME.text}")
    ax.yaxis.set_major_formatter(lambda v, _: format_number(v))
    ax.grid(axis="y", color=f"#{THEME.accent_light}", linewidth=0.8)
    if spec.unit:
        ax.set_ylabel(spec.unit, color=f"#{THEME.muted}", fontsize=9)
    _headroom(ax, spec.values, "y")


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
