"""A chart spec as a native, editable Word chart: a chart part and its workbook, inline in a paragraph.

python-docx has no chart API (its issue #179). The chart XML and the workbook are python-pptx's
(ChartXmlWriter and its workbook writer, through reportgen.chartstyle), styled through python-pptx's
Chart object exactly as the deck's charts are; here they become parts of the Word package:

    word/document.xml --chart--> word/charts/chartN.xml --package--> word/embeddings/Microsoft_Excel_WorksheetN.xlsx

and the chart is placed inline in a run (w:drawing/wp:inline/a:graphic/.../c:chart r:id) with its alt text.
"""

from __future__ import annotations

import io

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Emu
from pptx.chart.chart import Chart as PptxChart
from pptx.oxml import parse_xml as parse_chart_xml

from . import wordml
from .chartspec import ChartSpec
from .chartstyle import (CHART_TYPES, chart_data, chart_space_bytes, chart_type, compact_stacked_height_pt, style_chart,
                         timeline_height_pt)
from .theme import THEME

__all__ = ["NATIVE_KINDS", "LABEL_PT", "add_chart", "add_picture", "height_in"]

NATIVE_KINDS = frozenset(CHART_TYPES)  # every kind, the timeline too, is a native chart in Word
LABEL_PT = THEME.note_chart_label_pt  # chart text in the note
CHART_PARTNAME = "/word/charts/chart%d.xml"
WORKBOOK_PARTNAME = "/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"
EMU_PER_INCH = 914400


def height_in(spec: ChartSpec, width_in: float) -> float:
    """A height, in inches, at which the spec's chart reads at width_in (the note's full text width):
    the status bar compact; a bar per category at least a line of label text high."""
    if spec.kind == "stacked":  # the bar with its counts and the legend, at the note's text width
        return round(compact_stacked_height_pt(spec, LABEL_PT, width_in * 72) / 72 + 0.02, 2)
    if spec.kind == "timeline":  # its label rows and the time axis
        return round(timeline_height_pt(spec, LABEL_PT) / 72 + 0.05, 2)
    if spec.kind == "barh":  # a bar and its gap per category, under a line of label text each at 10 pt
        return min(max(1.5, 0.5 + 0.36 * len(spec.values)), 8.0)
    return 2.4


def add_chart(paragraph, spec: ChartSpec, width_emu: int, height_emu: int) -> None:
    """Add the spec's chart inline at the end of a python-docx Paragraph, with its alt text set.

    A kind with no native chart is placed as its picture instead (charts.render_png).
    """
    if spec.kind not in NATIVE_KINDS:
        add_picture(paragraph, spec, width_emu, height_emu)
        return
    data = chart_data(spec)
    space = parse_chart_xml(data.xml_bytes(chart_type(spec)))
    chart = PptxChart(space, None)
    style_chart(chart, spec, LABEL_PT, width_emu, height_emu, font=THEME.font)

    document_part = paragraph.part
    package = document_part.package
    chart_part = Part(package.next_partname(CHART_PARTNAME), CT.DML_CHART, b"", package)
    chart_rel = document_part.relate_to(chart_part, RT.CHART)
    workbook_part = Part(package.next_partname(WORKBOOK_PARTNAME), CT.SML_SHEET, data.xlsx_blob, package)
    space.get_or_add_externalData().rId = chart_part.relate_to(workbook_part, RT.PACKAGE)
    chart_part._blob = chart_space_bytes(chart)

    shape_id = document_part.next_id
    drawing = wordml.inline_chart_drawing(chart_rel, width_emu, height_emu, shape_id, f"Chart {shape_id}",
                                         spec.alt_text, spec.title)
    paragraph.add_run()._r.append(drawing)


def add_picture(paragraph, spec: ChartSpec, width_emu: int, height_emu: int) -> None:
    """The spec's chart as a picture (matplotlib, cached) inline at the end of a paragraph, with its alt text."""
    from .charts import render_png

    png = render_png(spec, width_emu / EMU_PER_INCH, height_emu / EMU_PER_INCH)
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(width_emu), height=Emu(height_emu))
    wordml.set_docx_alt_text(shape, spec.alt_text, spec.title)
