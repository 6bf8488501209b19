"""A chart spec as a native PowerPoint chart: the same data and house style as the note's, editable in PowerPoint."""

from __future__ import annotations

from ..chartspec import ChartSpec
from ..chartstyle import CHART_TYPES, chart_data, chart_type, style_chart
from ..theme import THEME

__all__ = ["CHART_TYPES", "LABEL_PT", "add_native_chart"]

LABEL_PT = THEME.slide_chart_label_pt  # chart text on a slide


def add_native_chart(shapes, spec: ChartSpec, left: int, top: int, width: int, height: int):
    """Add the chart to a slide's shapes; returns its graphic frame (alt text is the caller's)."""
    frame = shapes.add_chart(chart_type(spec), left, top, width, height, chart_data(spec))
    style_chart(frame.chart, spec, LABEL_PT, width, height)
    return frame
