"""A chart spec as python-pptx chart data and the house style on a python-pptx Chart.

Shared by the deck's native charts (reportgen/deck/native_chart.py) and the note's
(reportgen/docx_chart.py): both are written by python-pptx's ChartXmlWriter and its
workbook writer, and styled here through python-pptx's Chart object, so a chart reads
the same in Word and in PowerPoint.
"""

from __future__ import annotations

import datetime as dt
import math
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.datalabel import DataLabels
from pptx.dml.chtfmt import ChartFormat
from pptx.oxml.ns import qn as pqn
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt
from xlsxwriter import Workbook

from . import ooxml
from .chartspec import TIMELINE_TEXT_LINES, ChartSpec, timeline_label
from .fastpaths import pptx as fast
from .theme import THEME, text_on

CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "stacked": XL_CHART_TYPE.BAR_STACKED,  # one bar, a series per category, stacked to the whole
    "timeline": XL_CHART_TYPE.XY_SCATTER,  # x: the date; y: the row of the event's label
}
MAX_DECIMALS = 2  # decimals a data-label number format may carry (the formatter writes at most 2)
# Room beyond the largest bar for its label, as a share of the largest value per character of the
# longest label: labels sit outside the bar end and must not be cut by the plot edge.
LABEL_ROOM_PER_CHAR = 0.022
STACKED_BAR_PT = 30  # the status bar's thickness: its counts read inside it
EMU_PER_PT = 12700


class TextCellWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's workbook writer, with every text written as a text cell.

    XlsxWriter's Workbook turns a string starting with '=' into a formula and one that looks
    like a URL into a hyperlink; chart labels come from facts files, so neither is allowed.
    """

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _KeptWorkbook:
    """Chart data whose embedded workbook is written once: the note and the deck embed the same one."""

    @property
    def xlsx_blob(self) -> bytes:
        blob = self.__dict__.get("_kept_xlsx_blob")
        if blob is None:
            blob = self.__dict__["_kept_xlsx_blob"] = super().xlsx_blob
        return blob


class TimelineChartData(_KeptWorkbook, XyChartData):
    """A timeline's (date, label row) points."""


class TextCellChartData(_KeptWorkbook, CategoryChartData):
    """Category chart data whose embedded workbook holds labels as text, never as formulas."""

    @property
    def _workbook_writer(self):
        writer = self.__dict__.get("_text_cell_writer")
        if writer is None:
            writer = self.__dict__["_text_cell_writer"] = TextCellWorkbookWriter(self)
        return writer


def chart_type(spec: ChartSpec) -> XL_CHART_TYPE:
    return CHART_TYPES[spec.kind]


def chart_data(spec: ChartSpec) -> TextCellChartData | TimelineChartData:
    """The spec's data as python-pptx chart data: one series, or for "stacked" a series per category;
    for a timeline, (date, label row) points in a series per kind of period (day, month, year). The same
    object for the same spec (the note's chart and the deck's), so its workbook is written once."""
    try:
        hash(spec)
    except TypeError:  # a spec holding a list: not hashable, so not kept
        return _chart_data(spec)
    return _kept_chart_data(spec)


@lru_cache(maxsize=16)
def _kept_chart_data(spec: ChartSpec) -> TextCellChartData | TimelineChartData:
    return _chart_data(spec)


def _chart_data(spec: ChartSpec) -> TextCellChartData | TimelineChartData:
    if spec.kind == "timeline":
        return _timeline_data(spec)
    data = TextCellChartData(number_format=value_format(spec.values))
    if spec.kind == "stacked":
        data.categories = [spec.axis_title or ""]
        for category, value in zip(spec.categories, spec.values):
            data.add_series(category, (value,))
    else:
        data.categories = spec.categories
        data.add_series(spec.axis_title or spec.unit or spec.title, spec.values)
    return data


def chart_xml(spec: ChartSpec) -> bytes:
    """The c:chartSpace XML python-pptx writes for the spec's data (not yet styled)."""
    return chart_data(spec).xml_bytes(chart_type(spec))


def style_chart(chart, spec: ChartSpec, text_pt: float, width_emu: int, height_emu: int,
                font: str | None = None) -> None:
    """The house style on a python-pptx Chart: colours, data labels as the spec words them, axis title.

    width_emu, height_emu: the chart's size on the page (a stacked bar is laid out in it);
    font: the typeface to name in the chart (None: the document theme's, as in the deck's template).
    """
    chart.has_title = False  # the caption above the chart states the message
    ooxml.plain_chart_area(chart)
    chart.font.size = Pt(text_pt)
    chart.font.color.rgb = _rgb(THEME.text)
    if font:
        chart.font.name = font
    if spec.kind == "stacked":
        _style_stacked(chart, spec, text_pt, width_emu, height_emu)
    elif spec.kind == "timeline":
        _style_timeline(chart, spec, text_pt, height_emu)
    else:
        _style_series(chart, spec, text_pt)
    ooxml.positive_axis_ids(chart)


def _style_series(chart, spec: ChartSpec, text_pt: float) -> None:
    chart.has_legend = False
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
        for point_format, colour in zip(fast.point_formats(series, len(colours)), colours):
            point_format.fill.solid()
            point_format.fill.fore_color.rgb = _rgb(colour)
    position = XL_LABEL_POSITION.ABOVE if spec.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
    if spec.labelled:
        _label(series, spec, position, text_pt)
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb(THEME.accent_light)
    value_axis.format.line.fill.background()
    value_axis.tick_labels.number_format = axis_format(spec.values)
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale = min(0, min(spec.values))
    value_axis.maximum_scale = headroom(spec)
    _axis_title(value_axis, spec.axis_title, text_pt)
    category_axis.format.line.color.rgb = _rgb(THEME.rule)
    category_axis.tick_labels.font.size = Pt(text_pt)
    if spec.kind == "barh":  # first category on top, as in the list it comes from
        category_axis.reverse_order = True
        ooxml.axis_at_far_end(value_axis)  # the value scale stays under the bars
        if spec.labelled:  # the labels give the values: no scale needed
            value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
            value_axis.major_tick_mark = XL_TICK_MARK.NONE
            value_axis.has_major_gridlines = False


def _style_stacked(chart, spec: ChartSpec, text_pt: float, width_emu: int, height_emu: int) -> None:
    """One bar across the whole width, a segment per category in its colour, its value inside it;
    under it the count scale and its title, then the legend naming each segment. In a strip too low
    for all of that, the scale and its title go (the counts are in the segments)."""
    layout = stacked_layout(spec, text_pt, width_emu / EMU_PER_PT, height_emu / EMU_PER_PT)
    height_pt = height_emu / EMU_PER_PT
    ooxml.set_plot_area_layout(chart, 0.02, layout.top_pt / height_pt, 0.96, layout.bar_pt / height_pt)
    plot = chart.plots[0]
    plot.gap_width = 0  # the plot area is the bar
    plot.overlap = 100
    colours = spec.colours or (THEME.accent,) * len(spec.values)
    for series, colour in zip(plot.series, colours):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
        series.format.line.color.rgb = _rgb("FFFFFF")  # a hairline between neighbouring segments
        series.format.line.width = Pt(0.75)
    if spec.labelled:
        for index, (series, colour) in enumerate(zip(plot.series, colours)):
            _label(series, spec, XL_LABEL_POSITION.CENTER, text_pt, colour=text_on(colour), index=index)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(text_pt)
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.minimum_scale = 0
    value_axis.maximum_scale = sum(spec.values) or 1
    value_axis.has_major_gridlines = False
    value_axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    value_axis.tick_labels.number_format = "#,##0"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.format.line.color.rgb = _rgb(THEME.rule)
    if not layout.scale:  # the counts are in the segments: no bare tick marks, no title over a missing scale
        value_axis.visible = False
    _axis_title(value_axis, spec.axis_title if layout.scale and layout.axis_title else None, text_pt)
    category_axis.visible = False  # one bar: its name is the axis title


@dataclass(frozen=True)
class StackedLayout:
    """Where a stacked bar's parts go, in points from the chart's top, and which of them fit."""

    top_pt: float
    bar_pt: float
    scale: bool  # the count scale's numbers under the bar
    axis_title: bool
    legend_rows: int


def _legend_rows(spec: ChartSpec, text_pt: float, width_pt: float) -> int:
    """Office and LibreOffice set a legend's entries in columns as wide as the widest entry (a key, a gap,
    the text): as many columns as fit across, and as many rows as the entries then need."""
    entry_pt = max((len(c) for c in spec.categories), default=0) * text_pt * 0.55 + text_pt * 2
    columns = max(1, min(len(spec.categories), int(width_pt * 0.9 // entry_pt)))
    return max(1, math.ceil(len(spec.categories) / columns))


def compact_stacked_height_pt(spec: ChartSpec, text_pt: float, width_pt: float) -> float:
    """The height of a compact status bar: the bar, its counts inside it, and the legend under it; no
    count scale, which would say the counts again."""
    return text_pt * 0.2 + STACKED_BAR_PT + _legend_rows(spec, text_pt, width_pt) * text_pt * 1.3 + text_pt * 0.9


def stacked_layout(spec: ChartSpec, text_pt: float, width_pt: float, height_pt: float) -> StackedLayout:
    """The bar as thick as the strip allows (up to STACKED_BAR_PT) once the lines under it fit."""
    line = text_pt * 1.3
    rows = _legend_rows(spec, text_pt, width_pt)
    top = text_pt * 0.2
    least_bar = text_pt * 1.6
    scale, title = True, bool(spec.axis_title)
    for scale, title in ((True, title), (False, False)):  # a scale's title only with its numbers
        below = rows * line + text_pt * 0.6 + (line if scale else text_pt * 0.3) + (line if title else 0)
        if height_pt - top - below >= least_bar:
            break
    bar = min(STACKED_BAR_PT, max(height_pt - top - below, least_bar))
    return StackedLayout(top, bar, scale, title, rows)


def _label(series, spec: ChartSpec, position, text_pt: float, colour: str | None = None,
           index: int | None = None) -> None:
    """Data labels that read exactly as the spec's value labels.

    A number format built from the labels when one format writes them all (it follows the
    data when a reader edits the workbook); otherwise each point carries its label as text.
    """
    labels = list(spec.value_labels)
    values = list(spec.values)
    if index is not None:  # one series of a stacked bar: its one point
        labels, values = [labels[index]], [values[index]]
    fmt = label_format(values, labels)
    data_labels = series.data_labels
    data_labels.show_value = True
    data_labels.position = position
    data_labels.font.size = Pt(text_pt)
    if colour:
        data_labels.font.color.rgb = _rgb(colour)
    ooxml.chart_text_unwrapped(data_labels._element)
    if fmt is not None:
        data_labels.number_format = fmt
        data_labels.number_format_is_linked = False
        return
    for point_index, text in enumerate(labels):
        label = series.points[point_index].data_label
        label.text_frame.text = text
        label.position = position
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(text_pt)
        if colour:
            run.font.color.rgb = _rgb(colour)
        ooxml.chart_text_unwrapped(label._dLbl)


def label_format(values, labels) -> str | None:
    """One Excel number format that writes every value as its label ('"US$"#,##0" million"'), or None."""
    formats = {_point_format(v, label) for v, label in zip(values, labels)}
    return formats.pop() if len(formats) == 1 and None not in formats else None


def _point_format(value: float, label: str) -> str | None:
    if not math.isfinite(value):
        return None
    for decimals in range(MAX_DECIMALS + 1):
        number = f"{abs(value):,.{decimals}f}"
        if float(number.replace(",", "")) != abs(value) or number not in label:
            continue
        prefix, suffix = label.split(number, 1)
        if value < 0:
            if not prefix.endswith(("-", "\u2212")):
                return None
            prefix = prefix[:-1]
        if '"' in prefix + suffix or "\\" in prefix + suffix:
            return None
        code = "#,##0" + ("." + "0" * decimals if decimals else "")
        return _literal(prefix) + code + _literal(suffix)
    return None


def _literal(text: str) -> str:
    return f'"{text}"' if text else ""


def value_format(values) -> str:
    """The number format of the values in the workbook: thousands separators, their decimals."""
    decimals = max((len(f"{float(v):g}".partition(".")[2]) for v in values if not float(v).is_integer()),
                   default=0)
    return "#,##0" + ("." + "0" * min(decimals, MAX_DECIMALS) if decimals else "")


def axis_format(values) -> str:
    """Whole numbers with thousands separators on an axis, unless the values are small fractions."""
    return "#,##0" if all(float(v).is_integer() for v in values) or max(values) >= 100 else "General"


def headroom(spec: ChartSpec) -> float:
    """The value axis maximum: room beyond the largest value for its label."""
    top = max(max(spec.values), 0) or 1
    longest = max((len(t) for t in spec.value_labels), default=0) if spec.labelled else 0
    room = 1.12 + (LABEL_ROOM_PER_CHAR * longest if spec.kind == "barh" else 0.06)
    return _round_up(top * room)


def _round_up(value: float) -> float:
    """The value rounded up to two significant figures (886 -> 890), a whole number when small."""
    if not math.isfinite(value):  # beyond what a facts file may hold (see facts.MAX_MAGNITUDE)
        return float("1e308")
    if value < 10:
        return float(math.ceil(value))
    step = 10 ** (math.floor(math.log10(value)) - 1)
    return float(math.ceil(value / step) * step)


def chart_space_bytes(chart) -> bytes:
    """The styled chart's XML, as a part's bytes."""
    return etree.tostring(chart._chartSpace, encoding="UTF-8", standalone=True)


def _axis_title(axis, title: str | None, text_pt: float) -> None:
    if not title:
        axis.has_title = False
        return
    axis.has_title = True
    axis.axis_title.text_frame.text = title
    run = axis.axis_title.text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(text_pt)
    run.font.bold = False
    run.font.color.rgb = _rgb(THEME.muted)


# --- a timeline: an XY chart of dates -------------------------------------------------
# Each event is a mark at its date (x, an Excel date serial, so the workbook and the axis read as dates)
# and at the height of its label's row (y); a stem (a minus error bar of 100%) runs from it to the time
# axis; an event dated by a month or a year alone sits in the middle of that period with a bar as long as
# the period (x error bars of half its length each way). Labels run right of their marks, as the plan laid
# them out (chartspec.timeline_layout): none crosses another label or a stem.
EXCEL_EPOCH = dt.date(1899, 12, 30)
DAYS_PER_YEAR = 365.2425


def timeline_serial(position: float) -> float:
    """A decimal year as an Excel date serial (days since 30 December 1899)."""
    year = int(position // 1)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return round((start - EXCEL_EPOCH).days + (position - year) * days, 3)


def _period(half: float) -> str:
    return "day" if half == 0 else ("year" if half >= 0.25 else "month")


def _timeline_periods(spec: ChartSpec) -> dict[str, list[int]]:
    """The events dated by a month or a year alone, by kind of period (indices into the spec)."""
    groups: dict[str, list[int]] = {"month": [], "year": []}
    for index, half in enumerate(spec.spans):
        if half:
            groups[_period(half)].append(index)
    return {name: members for name, members in groups.items() if members}


def _timeline_data(spec: ChartSpec) -> TimelineChartData:
    """The events at (date, label row), then for each kind of period its events' middles on the time axis
    (their x error bars are the periods)."""
    data = TimelineChartData(number_format="0")
    lanes = spec.lanes or (1,) * len(spec.values)
    events = data.add_series(spec.title, number_format="0")
    for value, lane in zip(spec.values, lanes):
        events.add_data_point(timeline_serial(value), lane)
    for name, members in _timeline_periods(spec).items():
        series = data.add_series(f"{spec.title} ({name})", number_format="0")
        for index in members:
            series.add_data_point(timeline_serial(spec.values[index]), 0)
    return data


def timeline_lane_pt(text_pt: float) -> float:
    """The height of a label row: the date and the event's lines, and a gap."""
    return (1 + TIMELINE_TEXT_LINES) * text_pt * 1.25 + text_pt * 0.6


def timeline_height_pt(spec: ChartSpec, text_pt: float) -> float:
    """The least height a timeline chart needs: its label rows, and the time axis's labels under them."""
    return (spec.rows + 0.8) * timeline_lane_pt(text_pt) + text_pt * 2.6


def _style_timeline(chart, spec: ChartSpec, text_pt: float, height_emu: int) -> None:
    chart.has_legend = False
    height_pt = height_emu / EMU_PER_PT
    axis_pt = text_pt * 2.4
    ooxml.set_plot_area_layout(chart, 0.01, 0.02, 0.97, max(0.3, 1 - 0.02 - axis_pt / height_pt))
    plot_pt = height_pt * (1 - 0.02) - axis_pt
    lanes = spec.lanes or (1,) * len(spec.values)
    events, *periods = chart.plots[0].series
    events.marker.style = XL_MARKER_STYLE.CIRCLE
    events.marker.size = 7
    events.marker.format.fill.solid()
    events.marker.format.fill.fore_color.rgb = _rgb(THEME.accent)
    events.marker.format.line.color.rgb = _rgb(THEME.accent)
    events._element.find(pqn("c:xVal")).addprevious(_error_bars("y", "minus", "percentage", 100, THEME.rule, 0.75))
    if any(lanes):  # the series' own position too: LibreOffice reads that one
        labels = DataLabels(events._element.get_or_add_dLbls())
        labels.position = XL_LABEL_POSITION.RIGHT
        labels.show_value = False
    for index, lane in enumerate(lanes):
        if lane:
            _point_label(events, index, timeline_label(spec.value_labels[index], spec.categories[index]), text_pt,
                         leftward=index in spec.leftward)
    for series, members in zip(periods, _timeline_periods(spec).values()):
        series.marker.style = XL_MARKER_STYLE.NONE
        half_days = round(spec.spans[members[0]] * DAYS_PER_YEAR, 2)
        series._element.find(pqn("c:xVal")).addprevious(
            _error_bars("x", "both", "fixedVal", half_days, THEME.accent, 4.0))
    low, high = spec.time_range or (min(spec.values) - 0.5, max(spec.values) + 0.5)
    x_axis, y_axis = chart.category_axis, chart.value_axis  # python-pptx: the first valAx, then the second
    step, months = _time_step(high - low)
    start = _axis_start(low, months)
    x_axis.minimum_scale = start
    x_axis.maximum_scale = timeline_serial(high)
    x_axis.major_unit = step
    x_axis.tick_labels.number_format = "mmm yyyy" if months else "yyyy"
    x_axis.tick_labels.number_format_is_linked = False
    x_axis.tick_labels.font.size = Pt(text_pt)
    x_axis.has_major_gridlines = False
    x_axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    x_axis.format.line.color.rgb = _rgb(THEME.text)
    x_axis.format.line.width = Pt(1.5)
    y_axis.minimum_scale = 0
    y_axis.maximum_scale = round(max(spec.rows + 0.8, plot_pt / timeline_lane_pt(text_pt)), 3)
    y_axis.has_major_gridlines = False
    y_axis.visible = False


def _time_step(span_years: float) -> tuple[float, bool]:
    """The time axis's tick step in days, and whether its ticks are months (a span of 2.5 years or less)."""
    if span_years > 2.5:
        for years in (1, 2, 5, 10, 20, 50, 100, 200, 500):
            if span_years / years <= 9:
                break
        return years * 365.25, False
    for months in (1, 2, 3, 6):
        if span_years * 12 / months <= 7:
            break
    return months * DAYS_PER_YEAR / 12, True


def _axis_start(low: float, months: bool) -> float:
    """The axis's first tick: a day into the year (or three into the month) that low starts, so that steps
    of 365.25 days (or of an average month) keep their ticks in the year (or month) they name."""
    year = int(low // 1)
    if not months:
        return float((dt.date(year, 1, 1) - EXCEL_EPOCH).days + 1)
    month = min(int(round((low - year) * 12)), 11) + 1
    return float((dt.date(year, month, 1) - EXCEL_EPOCH).days + 3)


def _error_bars(direction: str, kind: str, value_type: str, value: float, colour: str, width_pt: float):
    """c:errBars: python-pptx has no API for error bars."""
    bars = etree.Element(pqn("c:errBars"))
    for tag, val in (("errDir", direction), ("errBarType", kind), ("errValType", value_type),
                     ("noEndCap", "1" if direction == "y" else "0"), ("val", str(value))):
        etree.SubElement(bars, pqn(f"c:{tag}")).set("val", val)
    line = etree.SubElement(etree.SubElement(bars, pqn("c:spPr")), pqn("a:ln"))
    line.set("w", str(int(width_pt * EMU_PER_PT)))
    etree.SubElement(etree.SubElement(line, pqn("a:solidFill")), pqn("a:srgbClr")).set("val", colour)
    return bars


def _point_label(series, point: int, text: str, text_pt: float, leftward: bool = False) -> None:
    """One point's data label: its own text, a paragraph per line, right of the mark (left of it, its
    lines set against the mark, for a label that runs left)."""
    label = series.points[point].data_label
    frame = label.text_frame
    lines = text.split("\n")
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(text_pt)
            run.font.color.rgb = _rgb(THEME.text)
        paragraph.alignment = PP_ALIGN.RIGHT if leftward else PP_ALIGN.LEFT
    frame.paragraphs[0].runs[0].font.bold = True
    label.position = XL_LABEL_POSITION.LEFT if leftward else XL_LABEL_POSITION.RIGHT
    ooxml.chart_text_unwrapped(label._dLbl)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)
