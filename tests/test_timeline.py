"""Charts as the written files hold them (issue 19): the native timeline, one chart per set of values,
a series over years titled by its change. Built from facts, read back from the .docx and .pptx parts."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from reportgen.chartspec import TIMELINE_CHARS_ACROSS, TIMELINE_LANES, timeline_label, timeline_layout

from .conftest import FIXTURES, built, run

NATO = FIXTURES / "charts" / "nato-readout.yaml"
FORTY = FIXTURES / "charts" / "forty-events.yaml"
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
EXCEL_EPOCH = dt.date(1899, 12, 30)
PICTURE = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg)$", re.IGNORECASE)


@pytest.fixture(scope="module")
def nato(tmp_path_factory) -> dict[str, Path]:
    return built(NATO, tmp_path_factory.mktemp("nato"))


def charts_of(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        names = sorted((n for n in z.namelist() if re.search(r"/charts/chart\d+\.xml$", n)),
                       key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
        return [etree.fromstring(z.read(n)) for n in names]


def numbers(element, path: str) -> list[float]:
    return [float(v) for v in element.xpath(f"{path}/c:numRef/c:numCache/c:pt/c:v/text()", namespaces=NS)]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_a_default_build_has_a_native_timeline_and_no_picture_part(nato, fmt):
    with zipfile.ZipFile(nato[fmt]) as z:
        assert not [n for n in z.namelist() if PICTURE.search(n)]
    scatter = [c for c in charts_of(nato[fmt]) if c.xpath(".//c:scatterChart", namespaces=NS)]
    assert len(scatter) == 1
    labels = " ".join(scatter[0].xpath(".//c:dLbl//a:t/text()", namespaces=NS))
    for date in ("2014", "June 2022", "July 10, 2024", "June 25, 2025", "2026"):  # the formatter's dates
        assert date in labels


def test_a_default_build_imports_no_matplotlib(tmp_path):
    code = ("import sys; from reportgen.cli import main\n"
            f"try: main(['build', {str(NATO)!r}, '-o', {str(tmp_path)!r}])\n"
            "except SystemExit as e: assert not e.code, e.code\n"
            "print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.stdout.strip().endswith("False"), done.stdout + done.stderr


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_no_two_charts_plot_the_same_values(nato, fmt):
    plotted = []
    for chart in charts_of(nato[fmt]):
        if chart.xpath(".//c:scatterChart", namespaces=NS):
            continue
        plotted.append(tuple(sorted(Counter(numbers(chart, ".//c:ser/c:val")).elements())))
    assert len(plotted) == len(set(plotted)) == 4  # status, two topics' charts, one summary of sums


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_a_series_over_years_is_in_time_order_and_titled_by_its_change(nato, fmt):
    with zipfile.ZipFile(nato[fmt]) as z:
        text = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "Allies meeting 2% of GDP: rose from 3\u00a0Allies in 2014 to 23\u00a0Allies in 2024" in text
    assert "Largest figure: Allies" not in text
    series = [c for c in charts_of(nato[fmt]) if "2023" in c.xpath(".//c:cat//c:v/text()", namespaces=NS)]
    assert len(series) == 1
    assert series[0].xpath(".//c:cat//c:v/text()", namespaces=NS) == ["2014", "2023", "2024"]
    assert series[0].xpath(".//c:barChart/c:barDir/@val", namespaces=NS) == ["col"]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_an_event_dated_by_a_year_is_that_year_not_its_first_day(nato, fmt):
    chart = next(c for c in charts_of(nato[fmt]) if c.xpath(".//c:scatterChart", namespaces=NS))
    events, *periods = chart.xpath(".//c:ser", namespaces=NS)
    days = [EXCEL_EPOCH + dt.timedelta(days=x) for x in numbers(events, "c:xVal")]
    assert dt.date(2014, 6, 1) < days[0] < dt.date(2014, 8, 1)  # "2014": the middle of the year
    assert dt.date(2022, 6, 10) < days[1] < dt.date(2022, 6, 20)  # "June 2022": the middle of June
    bars = {float(b.xpath("c:val/@val", namespaces=NS)[0]): numbers(s, "c:xVal")
            for s in periods for b in s.xpath("c:errBars[c:errDir/@val='x']", namespaces=NS)}
    assert sorted(round(half) for half in bars) == [15, 183]  # half a month, half a year, each way
    half, year = next((half, xs) for half, xs in bars.items() if half > 100)
    starts = [EXCEL_EPOCH + dt.timedelta(days=round(x - half)) for x in year]
    assert starts == [dt.date(2014, 1, 1), dt.date(2026, 1, 1)]  # each bar is its whole year


@pytest.mark.parametrize("count", [5, 40, 200, 1000])
def test_no_label_crosses_another_label_or_a_stem(count):
    start = dt.date(2015, 1, 1)
    dates = sorted(start + dt.timedelta(days=(i * 97) % 3650) for i in range(count))
    positions = [d.year + (d.timetuple().tm_yday - 0.5) / 366 for d in dates]
    positions[::7] = [int(x) + 0.5 for x in positions[::7]]  # dated by year alone: mid-year, out of date order
    labels = [timeline_label(d.isoformat(), f"Event {i}: ministers meet on readiness") for i, d in enumerate(dates)]
    lanes, (low, high), leftward = timeline_layout(positions, labels)
    per_char = (high - low) / TIMELINE_CHARS_ACROSS
    widths = [min(max(map(len, label.split("\n"))) + 2, TIMELINE_CHARS_ACROSS // 2) * per_char for label in labels]
    boxes = [(x - w, x, lane, x) if i in leftward else (x, x + w, lane, x)  # (from, to, row, the mark)
             for i, (x, w, lane) in enumerate(zip(positions, widths, lanes)) if lane]
    assert boxes and all(1 <= lane <= TIMELINE_LANES for *_, lane, _ in boxes)
    assert all(lanes[i] for i in leftward)
    for x0, x1, lane, mark in boxes:
        assert low - 1e-6 <= x0 and x1 <= high + 1e-6
        for y0, y1, other, stem in boxes:
            if stem == mark and other == lane:
                continue  # itself
            if other == lane:
                assert x1 <= y0 or y1 <= x0, "two labels in one row overlap"
            if other >= lane and x0 < stem < x1:
                assert False, "a stem runs through a label"


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_labels_near_the_end_run_left_so_the_axis_ends_at_the_last_event(nato, fmt):
    """The NATO-like readout's last events (2024, 2025 and 2026) are labelled left of their marks, so its
    time axis ends just after 2026, the last event's year drawn whole, not years later where a label
    running right would end."""
    chart = next(c for c in charts_of(nato[fmt]) if c.xpath(".//c:scatterChart", namespaces=NS))
    positions = [label.xpath("string(c:dLblPos/@val)", namespaces=NS) for label in
                 chart.xpath(".//c:ser[1]/c:dLbls/c:dLbl", namespaces=NS)]
    assert positions[0] == "r" and "l" in positions
    maximum = float(chart.xpath("string(.//c:valAx[1]/c:scaling/c:max/@val)", namespaces=NS))
    last_day = EXCEL_EPOCH + dt.timedelta(days=maximum)
    assert dt.date(2027, 1, 1) <= last_day <= dt.date(2027, 12, 31), last_day


def test_a_crowded_timeline_says_how_many_it_names_and_where_they_all_are(tmp_path):
    result = run("build", FORTY, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    chart = next(c for c in charts_of(tmp_path / "forty-events.pptx") if c.xpath(".//c:scatterChart", namespaces=NS))
    named = len(chart.xpath(".//c:ser[1]/c:dLbls/c:dLbl", namespaces=NS))
    assert 3 <= named < 40
    with zipfile.ZipFile(tmp_path / "forty-events.docx") as z:
        document = z.read("word/document.xml").decode()
    assert f"40 events from 2015 to November 7, 2024, {named} named here (all in the timeline table)" in document
    assert re.search(r'descr="Timeline: [^"]*Each of the 40 events is listed with its date in the timeline table\."',
                     document)
