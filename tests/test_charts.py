"""The chart layer: one ChartSpec drawn as a native Word chart, a native PowerPoint chart and a picture.

No build here: charts are made from hand-built specs into python-docx / python-pptx documents and
read back as a reader's program would (the chart XML, the embedded workbook, the picture).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import warnings
import zipfile

import pytest
from docx import Document
from docx.shared import Inches
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches as PInches

from reportgen import charts
from reportgen.chartspec import ChartSpec
from reportgen.chartstyle import chart_data, label_format
from reportgen.charts import Request, render_png, timeline_ticks, wrap_words
from reportgen.deck.native_chart import add_native_chart
from reportgen.docx_chart import add_chart
from reportgen.facts import STATUSES
from reportgen.theme import THEME, contrast, relative_luminance, text_on

from .conftest import ROOT

NBSP = "\u00a0"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def bars(n: int = 1, kind: str = "bar") -> ChartSpec:
    values = (n, n + 1, n + 2)
    return ChartSpec(f"c{n}", kind, f"Chart {n}", ("a", "b", "c"), values, tuple(f"{v}{NBSP}units" for v in values),
                     "units", "units", f"Bar chart: chart {n}", "Source: test")


MONEY = ChartSpec("money", "barh", "US loans for solar manufacturing are the largest sum: over US$750 million",
                  ("US loans for solar manufacturing", "Russian credit line", "Grants"), (750, 500, 120),
                  (f"over{NBSP}US$750{NBSP}million", f"US$500{NBSP}million", f"US$120{NBSP}million"),
                  "USD million", "US$ million", "Bar chart: loans", "Source: article")
STATUS = ChartSpec("status", "stacked", "3 of 8 outcomes agreed",
                   ("Agreed", "In progress", "Under negotiation", "Under consideration", "Concern"),
                   (3, 2, 1, 1, 1), ("3", "2", "1", "1", "1"), None, "Topics",
                   "Stacked bar: 3 of 8 outcomes agreed. Agreed 3; In progress 2.", "Source: the topics",
                   tuple(THEME.status_colours[s] for s in STATUSES))
HOSTILE_LABELS = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)")
HOSTILE = ChartSpec("hostile", "bar", "=1+1", HOSTILE_LABELS, (1, 2, 3, 4), ("1", "2", "3", "4"),
                    "=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0", "alt", "Source: =SUM(A1)")
DEVANAGARI = ChartSpec("hindi", "bar", "व्यापार", ("नई दिल्ली", "मुंबई", "Москва"), (1200.5, 3400, 2100),
                       ("1,200.5 करोड़", "3,400 करोड़", "2,100 करोड़"), "करोड़", "करोड़", "Bar chart: व्यापार",
                       "Source: test")


# --- pictures (--chart-style image) -------------------------------------------------


def test_two_draws_are_byte_identical_and_carry_no_metadata():
    request = Request(bars(1), 6.0, 3.0)
    first, second = charts._draw(request), charts._draw(request)
    assert first == second and first.startswith(b"\x89PNG")
    assert b"Software" not in first and b"matplotlib" not in first


def test_a_drawn_chart_is_cached_on_disk_and_read_back_without_matplotlib(chart_cache):
    png = render_png(bars(2), 6.0, 3.0)
    assert any(chart_cache.glob("*.png"))
    probe = (
        "import sys; from tests.test_charts import bars; from reportgen.charts import render_png\n"
        "png = render_png(bars(2), 6.0, 3.0)\n"
        "sys.stdout.write(str('matplotlib' in sys.modules) + ' ' + str(len(png)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout == f"False {len(png)}"


def test_changed_data_is_drawn_again():
    assert render_png(bars(3), 6.0, 3.0) != render_png(bars(4), 6.0, 3.0)
    assert Request(bars(3), 6.0, 3.0).key() != Request(bars(3), 6.0, 3.1).key()


@pytest.mark.parametrize("spec", [STATUS, MONEY, bars(5, "line"), bars(6, "bar")], ids=lambda s: s.kind)
def test_every_kind_draws(spec):
    png = render_png(spec, 6.3, 1.3 if spec.kind == "stacked" else 2.6)
    assert png.startswith(b"\x89PNG")


def test_pictures_use_the_house_font_with_arial_metrics():
    """Arial itself, or its metric twin from fonts-liberation2 as fontconfig gives it (never DejaVu)."""
    charts._pyplot()
    assert charts.house_font_family() in ("Arial", "Liberation Sans", "Arimo")
    import matplotlib

    assert matplotlib.rcParams["font.family"][0] == charts.house_font_family()


def test_labels_wrap_at_word_boundaries_only():
    assert wrap_words("Solar panel manufacturing and assembly", 8).split("\n") == \
        ["Solar", "panel", "manufacturing", "and", "assembly"]
    assert wrap_words("Co-production of spare parts", 6).split("\n")[0] == "Co-production"


def test_timeline_ticks_are_labelled_for_a_short_span_and_a_long_one():
    ticks, labels = timeline_ticks(2025.85, 2026.3)  # December 2025 to April 2026: months
    assert len(ticks) >= 3 and all(labels) and labels[1] == "Jan 2026"
    ticks, labels = timeline_ticks(2019.5, 2026.2)
    assert labels == [str(y) for y in range(2020, 2027)]


def test_devanagari_labels_draw_without_missing_glyph_warnings(caplog):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts._draw_figure(Request(DEVANAGARI, 6.0, 3.0))  # as matplotlib draws, its warnings not kept
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert png.startswith(b"\x89PNG")
    assert not [m for m in messages if "missing from" in m or "Glyph" in m], messages


def test_a_missing_glyph_would_be_caught():
    """The check above can fail: a script no house font covers (Thai) does warn."""
    thai = ChartSpec("thai", "bar", "x", ("กรุงเทพ",), (1,), ("1",), None, None, "x", "s")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts._draw_figure(Request(thai, 4.0, 2.0))
    assert any("missing from" in str(w.message) for w in caught)
    assert charts.missing_glyphs(thai) == "กรุงเทพ" and not charts.missing_glyphs(DEVANAGARI)


# --- data labels: exactly the plan's words -----------------------------------------------


def test_label_format_writes_each_value_as_its_label():
    assert label_format((750, 500), (f"US$750{NBSP}million", f"US$500{NBSP}million")) == \
        f'"US$"#,##0"{NBSP}million"'
    assert label_format((3, 12500), ("3", "12,500")) == "#,##0"
    assert label_format((1.5, 2.25), ("1.5", "2.25")) is None  # no one format writes both: text labels
    assert label_format((40_000_000,), (f"40{NBSP}million doses",)) is None  # words, not digits
    assert label_format((750, 500), (f"over{NBSP}US$750{NBSP}million", f"US$500{NBSP}million")) is None


def _deck_chart(spec: ChartSpec):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = add_native_chart(slide.shapes, spec, PInches(0.5), PInches(0.5), PInches(9), PInches(3))
    return prs, frame.chart


def _labels_of(space) -> tuple[list[str], list[str]]:
    """A chart's data labels as written: its number formats, and any per-point label text."""
    formats = [e.get("formatCode") for e in space.iter(f"{C}numFmt") if e.getparent().tag in (f"{C}dLbls",)]
    texts = ["".join(t.text for t in d.iter(f"{A}t")) for d in space.iter(f"{C}dLbl")]
    return formats, texts


def test_mixed_labels_are_written_point_by_point_as_the_plan_words_them():
    _, chart = _deck_chart(MONEY)
    formats, texts = _labels_of(chart._chartSpace)
    assert texts == list(MONEY.value_labels) and not formats


def test_uniform_labels_are_a_number_format_that_follows_the_data():
    _, chart = _deck_chart(bars(7))
    formats, texts = _labels_of(chart._chartSpace)
    assert formats == [f'#,##0"{NBSP}units"'] and not texts


def test_native_charts_name_the_unit_on_the_value_axis_with_positive_axis_ids():
    for spec in (MONEY, bars(8), bars(9, "line"), STATUS):
        _, chart = _deck_chart(spec)
        assert chart.value_axis.axis_title.text_frame.text == spec.axis_title
        ids = [int(e.get("val")) for e in chart._chartSpace.iter(f"{C}axId")]
        assert ids and all(i > 0 for i in ids)


def test_status_summary_is_one_stacked_bar_a_series_per_status_in_its_colour():
    _, chart = _deck_chart(STATUS)
    plot = chart.plots[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED and len(plot.categories) == 1
    assert [s.name for s in plot.series] == list(STATUS.categories)
    assert [s.values[0] for s in plot.series] == list(STATUS.values)
    assert chart.value_axis.maximum_scale == sum(STATUS.values)
    assert chart.has_legend
    for series, colour in zip(plot.series, STATUS.colours):
        assert str(series.format.fill.fore_color.rgb) == colour
        label_colour = series._element.find(f"{C}dLbls").find(f".//{A}srgbClr").get("val")
        assert contrast(colour, label_colour) >= 4.5


def test_status_colours_stand_out_from_white_differ_in_greyscale_and_carry_readable_text():
    lightness = sorted(116 * relative_luminance(THEME.status_colours[s]) ** (1 / 3) - 16 for s in STATUSES)
    assert all(b - a >= 10 for a, b in zip(lightness, lightness[1:])), lightness  # CIELAB L* steps
    for status in STATUSES:
        fill = THEME.status_colours[status]
        assert contrast(fill, "FFFFFF") >= 3, status  # a chart mark on a white page (WCAG 1.4.11)
        assert contrast(fill, text_on(fill)) >= 4.5, status
    assert contrast("EEE12B", "FFFFFF") < 3  # the check can fail: the old yellow did


# --- the Word chart ------------------------------------------------------------------------


def _docx_with_charts(*specs: ChartSpec) -> bytes:
    doc = Document()
    for spec in specs:
        doc.add_paragraph(spec.title)
        add_chart(doc.add_paragraph(), spec, int(Inches(6.3)), int(Inches(1.3 if spec.kind == "stacked" else 2.6)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_word_chart_is_a_chart_part_with_its_workbook_inline_with_alt_text():
    blob = _docx_with_charts(STATUS, MONEY)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        document = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        chart_rels = z.read("word/charts/_rels/chart1.xml.rels").decode()
        chart = z.read("word/charts/chart2.xml").decode()
    assert {"word/charts/chart1.xml", "word/charts/chart2.xml", "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
            "word/embeddings/Microsoft_Excel_Worksheet2.xlsx"} <= set(names)
    assert 'PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.' \
           'drawingml.chart+xml"' in types
    assert rels.count("relationships/chart\"") == 2 and "relationships/package" in chart_rels
    assert document.count('<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">') == 2
    assert f'descr="{MONEY.alt_text}"' in document and f'title="{MONEY.title}"' in document
    assert "<c:externalData r:id=" in chart and "over\u00a0US$750\u00a0million" in chart
    ids = re.findall(r'<wp:docPr id="(\d+)"', document)
    assert len(ids) == len(set(ids)) == 2
    Document(io.BytesIO(blob)).save(io.BytesIO())  # python-docx opens and saves it again


def test_word_and_powerpoint_charts_are_styled_alike():
    """The same chart XML in both files, but for the font the note names (the deck takes its theme's)."""
    with zipfile.ZipFile(io.BytesIO(_docx_with_charts(MONEY))) as z:
        word = z.read("word/charts/chart1.xml").decode()
    _, chart = _deck_chart(MONEY)
    from reportgen.chartstyle import chart_space_bytes

    deck = chart_space_bytes(chart).decode()
    strip = lambda xml: re.sub(r'<c:externalData r:id="[^"]+">.*?</c:externalData>|<a:latin [^>]*/>|'  # noqa: E731
                               r' sz="\d+"', "", xml)
    assert strip(word) == strip(deck)


def test_a_timeline_in_word_is_a_native_chart_with_its_alt_text():
    timeline = ChartSpec("timeline", "timeline", "3 events", ("A", "B", "C"), (2024.5, 2025.5, 2026.5),
                         ("2024", "2025", "2026"), None, None, "Timeline: 3 events", "Source: x",
                         spans=(0.5, 0.5, 0.5), lanes=(3, 2, 1), time_range=(2024.0, 2027.5))
    with zipfile.ZipFile(io.BytesIO(_docx_with_charts(timeline))) as z:
        assert not any(n.startswith("word/media/") for n in z.namelist())
        assert "<c:scatterChart>" in z.read("word/charts/chart1.xml").decode()
        assert 'descr="Timeline: 3 events"' in z.read("word/document.xml").decode()


# --- formula injection (issue 14, item 3) ---------------------------------------------------------


def _sheet_cells(xlsx: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode(), z.read("xl/sharedStrings.xml").decode()


def test_chart_workbooks_hold_every_label_as_text_never_a_formula():
    sheet, strings = _sheet_cells(chart_data(HOSTILE).xlsx_blob)
    assert "<f>" not in sheet and "<f " not in sheet and "hyperlink" not in sheet.lower()
    for label in (*HOSTILE_LABELS, HOSTILE.axis_title):
        assert label.replace("&", "&amp;").replace('"', "&quot;") in strings or \
            label.replace("&", "&amp;") in strings, label
    assert len(re.findall(r'<c r="A\d+"[^>]*t="s"', sheet)) == len(HOSTILE_LABELS)


def test_the_workbook_check_can_fail():
    """python-pptx's own workbook writer stores '=...' as a formula: what the check above catches."""
    data = CategoryChartData()
    data.categories = HOSTILE_LABELS
    data.add_series("=1+1", (1, 2, 3, 4))
    sheet, _ = _sheet_cells(data.xlsx_blob)
    assert "<f>" in sheet


def test_hostile_labels_are_text_in_the_workbooks_of_both_files():
    prs, _ = _deck_chart(HOSTILE)
    deck = io.BytesIO()
    prs.save(deck)
    for blob, prefix in ((deck.getvalue(), "ppt/embeddings/"), (_docx_with_charts(HOSTILE), "word/embeddings/")):
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            books = [z.read(n) for n in z.namelist() if n.startswith(prefix) and n.endswith(".xlsx")]
        assert books
        for book in books:
            sheet, strings = _sheet_cells(book)
            assert "<f>" not in sheet and "@SUM(A1)" in strings


def test_a_money_chart_s_axis_says_the_word_its_labels_say(tmp_path):
    """Figures given in USD million that reach billions: the labels say "US$1.41 billion", so the axis
    says "US$ billion" and plots 1.41, never "US$ million" beside labels in billions."""
    from reportgen.load import load_facts
    from reportgen.plan import plan

    from .conftest import write_large_facts

    brief = plan(load_facts(write_large_facts(tmp_path / "large.yaml", topics=12)))
    (money,) = [c.spec for c in brief.summary_charts if c.spec.unit == "USD million"]
    assert money.axis_title == "US$ billion"
    assert all(label.endswith("billion") for label in money.value_labels)
    for value, label in zip(money.values, money.value_labels):  # the label rounds what is plotted
        assert abs(float(label.removeprefix("US$").removesuffix(f"{NBSP}billion")) - value) < 0.0051


def test_the_status_legend_gets_the_rows_office_sets_it_in_and_stays_clear_of_the_bar():
    """Office and LibreOffice set legend entries in columns as wide as the widest ("Under consideration"):
    in the 12-topic deck's 381 pt strip at 12 pt that is two columns, three rows (LibreOffice's render);
    counting the entries' own widths gave two rows, and the third ran over the bar."""
    from reportgen.chartstyle import stacked_layout

    layout = stacked_layout(STATUS, 12, 381.2, 75.6)
    assert layout.legend_rows == 3
    legend_top = 75.6 - layout.legend_rows * 12 * 1.3
    assert layout.top_pt + layout.bar_pt <= legend_top
    assert stacked_layout(STATUS, 12, 570.1, 75.6).legend_rows == 2  # three columns across a wider strip
