"""A chart spec as a native PowerPoint chart: the same data and house style, editable in PowerPoint."""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.util import Pt

from .. import ooxml
from ..charts import ChartSpec
from ..theme import THEME

CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}  # a timeline has no native counterpart that reads as well: it stays a picture
LABEL_PT = 12


def add_native_chart(shapes, spec: ChartSpec, left: int, top: int, width: int, height: int):
    """Add the chart to a slide's shapes; returns its graphic frame."""
    frame = shapes.add_chart(CHART_TYPES[spec.kind], left, top, width, height, _data(spec))
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(LABEL_PT)
    chart.font.color.rgb = _rgb(THEME.text)
    _style(chart, spec)
    ooxml.positive_axis_ids(chart)
    return frame


def _data(spec: ChartSpec) -> CategoryChartData:
    data = CategoryChartData(number_format=number_format(spec.values))
    data.categories = spec.categories
    data.add_series(spec.unit or spec.title, spec.values)
    return data


def number_format(values, unit: str | None = None) -> str:
    """An Excel number format with thousands separators, the values' decimals, and the unit."""
    decimals = max((len(f"{float(v):g}".partition(".")[2]) for v in values if not float(v).is_integer()),
                   default=0)
    base = "#,##0" + ("." + "0" * min(decimals, 2) if decimals else "")
    return f'{base}" {unit}"' if unit else base


def _style(chart, spec: ChartSpec) -> None:
    plot = chart.plots[0]
    series = plot.series[0]
    if spec.kind == "line":
        series.format.line.color.rgb = _rgb(THEME.accent)
        series.format.line.width = Pt(2.25)
        series.smooth = False
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(THEME.accent)
    else:
        plot.gap_width = 60
        colours = spec.colours or (THEME.accent,) * len(spec.values)
        for index, colour in enumerate(colours):
            point = series.points[index]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(colour)
    plot.has_data_labels = spec.labelled
    if spec.labelled:
        labels = plot.data_labels
        labels.number_format = number_format(spec.values, spec.unit)
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.ABOVE if spec.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(LABEL_PT)
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb(THEME.accent_light)
    value_axis.format.line.fill.background()
    value_axis.tick_labels.number_format = axis_format(spec.values)
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale = min(0, min(spec.values))
    value_axis.maximum_scale = _headroom(spec.values)
    if spec.unit:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = spec.unit
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(LABEL_PT)
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    category_axis.format.line.color.rgb = _rgb(THEME.rule)
    category_axis.tick_labels.font.size = Pt(LABEL_PT)
    if spec.kind == "barh":  # first category on top, as in the list it comes from; labels give the values
        category_axis.reverse_order = True
        value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        value_axis.has_major_gridlines = False


def axis_format(values) -> str:
    """Whole numbers with thousands separators on an axis, unless the values are small fractions."""
    return "#,##0" if all(float(v).is_integer() for v in values) or max(values) >= 100 else "General"


def _headroom(values) -> float:
    """The value axis maximum: room above the largest value for its label."""
    top = max(max(values), 0) or 1
    return float(f"{top * 1.18:.2g}") if top * 1.18 >= 10 else round(top * 1.18 + 0.5)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)
