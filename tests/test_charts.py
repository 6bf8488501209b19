"""The chart layer: deterministic pictures, the cache, parallel drawing, scripts, native deck charts."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest
from pptx import Presentation

from reportgen import charts
from reportgen.charts import ChartSpec, Request, render_many, render_png
from reportgen.deck.native_chart import number_format

from .conftest import ROOT, SEED, run, write_large_facts

DEVANAGARI = ChartSpec("hindi", "bar", "व्यापार", ("नई दिल्ली", "मुंबई", "Москва"), (1200.5, 3400, 2100), "करोड़",
                       "Bar chart: व्यापार")


def spec(n: int) -> ChartSpec:
    return ChartSpec(f"c{n}", "bar", f"Chart {n}", ("a", "b", "c"), (n, n + 1, n + 2), "units", f"Chart {n}")


def test_two_draws_are_byte_identical_and_carry_no_metadata():
    request = Request(spec(1), 6.0, 3.0)
    first, second = charts._draw(request), charts._draw(request)
    assert first == second and first.startswith(b"\x89PNG")
    assert b"Software" not in first and b"matplotlib" not in first


def test_a_drawn_chart_is_cached_on_disk_and_read_back_without_matplotlib(chart_cache, tmp_path):
    png = render_png(spec(2), 6.0, 3.0)
    assert any(chart_cache.glob("*.png"))
    probe = (
        "import sys; from reportgen.charts import ChartSpec, render_png\n"
        "s = ChartSpec('c2', 'bar', 'Chart 2', ('a', 'b', 'c'), (2, 3, 4), 'units', 'Chart 2')\n"
        "png = render_png(s, 6.0, 3.0)\n"
        "sys.stdout.write(str('matplotlib' in sys.modules) + ' ' + str(len(png)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout == f"False {len(png)}"


def test_changed_data_is_drawn_again():
    assert render_png(spec(3), 6.0, 3.0) != render_png(spec(4), 6.0, 3.0)
    assert Request(spec(3), 6.0, 3.0).key() != Request(spec(3), 6.0, 3.1).key()


def test_many_charts_are_drawn_across_processes_with_the_same_result(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(charts, "_memory", {})
    requests = [Request(spec(n), 5.0, 2.5) for n in range(10, 18)]
    assert render_many(requests, workers=2) == 8
    assert render_many(requests, workers=2) == 0  # all cached now
    assert [render_png(r.spec, 5.0, 2.5) for r in requests] == [charts._draw(r) for r in requests]


def test_devanagari_labels_draw_without_missing_glyph_warnings(caplog):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts._draw(Request(DEVANAGARI, 6.0, 3.0))
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert png.startswith(b"\x89PNG")
    assert not [m for m in messages if "missing from" in m or "Glyph" in m], messages


def test_a_missing_glyph_would_be_caught(caplog):
    """The check above can fail: a script no house font covers (Thai) does warn."""
    thai = ChartSpec("thai", "bar", "x", ("กรุงเทพ",), (1,), None, "x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts._draw(Request(thai, 4.0, 2.0))
    assert any("missing from" in str(w.message) for w in caught)


def test_number_formats_keep_thousands_separators_and_units():
    assert number_format((3, 1200)) == "#,##0"
    assert number_format((1.5, 2.25), "USD billion") == '#,##0.00" USD billion"'


@pytest.fixture(scope="module")
def native_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("native")
    facts = write_large_facts(out / "big.yaml", topics=10)
    assert run("build", facts, "-o", out, "--format", "pptx").exit_code == 0
    return Presentation(str(out / "big.pptx"))


def test_native_charts_hold_the_plan_data_with_positive_axis_ids(native_deck):
    frames = [s for slide in native_deck.slides for s in slide.shapes if s.has_chart]
    assert len(frames) >= 4  # a topic's line chart, status and two unit charts
    status = next(f.chart for f in frames if f.chart.plots[0].categories[0] == "Agreed")
    assert list(status.plots[0].series[0].values) == [2, 2, 2, 2, 2]
    for frame in frames:
        ids = [int(e.get("val")) for e in frame.chart._chartSpace.xpath(".//c:axId")]
        assert ids and all(i > 0 for i in ids)
        assert frame._element.xpath("./*[1]/p:cNvPr")[0].get("descr")


def test_image_chart_style_puts_pictures_with_alt_text(tmp_path):
    assert run("build", SEED, "-o", tmp_path, "--format", "pptx", "--chart-style", "image").exit_code == 0
    deck = Presentation(str(tmp_path / f"{SEED.stem}.pptx"))
    shapes = [s for slide in deck.slides for s in slide.shapes]
    assert not any(s.has_chart for s in shapes)
    pictures = [s for s in shapes if s.shape_type == 13]
    assert pictures and all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)


def test_status_colours_differ_in_greyscale_and_carry_readable_text():
    from reportgen.facts import STATUSES
    from reportgen.theme import THEME, contrast, relative_luminance, text_on

    lightness = sorted(116 * relative_luminance(THEME.status_colours[s]) ** (1 / 3) - 16 for s in STATUSES)
    assert all(b - a >= 10 for a, b in zip(lightness, lightness[1:])), lightness  # CIELAB L* steps
    for status in STATUSES:
        fill = THEME.status_colours[status]
        assert contrast(fill, text_on(fill)) >= 4.5, status
