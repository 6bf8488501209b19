"""Charts as readers get them: native in the note and the deck, opened by LibreOffice with their data,
accepted by the Open XML SDK; the chart rules on real builds; no matplotlib in a default build."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Inches

from reportgen.docx_chart import add_chart

from ..conftest import ROOT, SEED, run, to_pdf
from ..test_charts import HOSTILE, MONEY, STATUS
from .test_rendering import pdf_pages

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

# Three comparable sums and a part of one of them, a topic chart of whole numbers, two dated events.
FIGURES_FACTS = textwrap.dedent("""\
    reportgen: 1
    summit: {title: Energy Summit, date: 2025-03-10, place: Geneva, leaders: [{name: Ana Lima, role: President}]}
    brief: {classification: OFFICIAL, purpose: To test charts.}
    sources: [{id: wire, title: Wire report}]
    topics:
      - id: solar
        title: Solar manufacturing
        headline: US loans fund solar manufacturing.
        status: agreed
        points: [{text: Loans were agreed., source: wire}]
        figures:
          - {id: loans, label: US loans for solar manufacturing, value: 750, unit: USD million, qualifier: over,
             source: wire}
          - {label: of which Tata Power Solar, value: 500, unit: USD million, part_of: loans, source: wire}
          - {label: Grants for training, value: 120, unit: USD million, source: wire}
        chart: {kind: bar, title: Squadrons inducted, unit: squadrons, data: {2023: 1, 2024: 3, 2025: 4}}
      - id: bonds
        title: Green bonds
        headline: Green bonds are planned.
        status: in-progress
        points: [{text: Bonds are planned., source: wire}]
        figures: [{label: Green bonds planned, value: 300, unit: USD million, source: wire}]
    timeline:
      - {date: 2025-03-10, text: Summit opens, source: wire}
      - {date: 2025-06, text: Loans signed, source: wire}
    """)


def _text(pdf: Path) -> str:
    return "\n".join(pdf_pages(pdf)).replace("\u00a0", " ")


def _charts(document: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(document) as z:
        return {n: z.read(n) for n in z.namelist() if re.fullmatch(r"(word|ppt)/charts/chart\d+\.xml", n)}


def _categories(chart_xml: bytes) -> list[str]:
    from lxml import etree

    space = etree.fromstring(chart_xml)
    return [v.text for cat in space.iter(f"{C}cat") for v in cat.iter(f"{C}v")]


def _validate(validator: str, document: Path) -> None:
    report = json.loads(subprocess.run([validator, str(document)], capture_output=True, text=True,
                                       timeout=120).stdout)
    assert report["ok"], json.dumps(report["errors"][:5], indent=1)


@pytest.fixture(scope="module")
def figures_outputs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("figures")
    facts = out / "energy.yaml"
    facts.write_text(FIGURES_FACTS, encoding="utf-8")
    result = run("build", facts, "-o", out)
    assert result.exit_code == 0, result.output
    return {fmt: out / f"energy.{fmt}" for fmt in ("docx", "pptx")}


def test_a_word_chart_made_in_a_small_document_opens_with_its_data_and_validates(soffice, validator, tmp_path):
    doc = Document()
    for spec in (STATUS, MONEY, HOSTILE):
        doc.add_paragraph(spec.title)
        add_chart(doc.add_paragraph(), spec, int(Inches(6.3)), int(Inches(1.3 if spec.kind == "stacked" else 2.6)))
    path = tmp_path / "charts.docx"
    doc.save(path)
    _validate(validator, path)
    text = _text(to_pdf(soffice, path, tmp_path))
    for label in ("over US$750 million", "US$500 million", "US$ million", "Under consideration", "Topics",
                  "=HYPERLINK(", "@SUM(A1)", "+1"):
        assert label in text, label
    assert re.search(r"3\s+2\s+1\s+1\s+1", text)  # the status counts, in their segments, in order


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_the_seed_holds_native_charts_that_open_with_their_data(soffice, validator, seed_outputs, tmp_path, fmt):
    document = seed_outputs[fmt]
    charts = _charts(document)
    assert charts, f"no native chart in the seed {fmt}"
    with zipfile.ZipFile(document) as z:
        assert any(n.endswith(".xlsx") and "/embeddings/" in n for n in z.namelist())
    _validate(validator, document)
    text = _text(to_pdf(soffice, document, tmp_path))
    assert re.search(r"3\s+2\s+1\s+1\s+1", text), "the status bar's counts are not in the render"
    for status in ("Agreed", "In progress", "Under negotiation", "Under consideration", "Concern"):
        assert status in text


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_figures_charts_follow_the_rules_on_the_render(soffice, validator, figures_outputs, tmp_path, fmt):
    document = figures_outputs[fmt]
    charts = _charts(document)
    categories = [_categories(xml) for xml in charts.values()]
    assert ["US loans for solar manufacturing", "Green bonds planned", "Grants for training"] in categories
    assert not any("of which Tata Power Solar" in c for c in categories)  # never a part beside its whole
    assert ["2023", "2024", "2025"] in categories
    with zipfile.ZipFile(document) as z:
        parts = "".join(z.read(n).decode() for n in z.namelist()
                        if re.fullmatch(r"word/document\.xml|ppt/slides/slide\d+\.xml", n))
    assert 'descr="Timeline' not in parts  # two dated events: a table, no timeline chart
    _validate(validator, document)
    text = _text(to_pdf(soffice, document, tmp_path))
    for label in ("over US$750 million", "US$300 million", "US$120 million", "US$ million", "3 squadrons",
                  "4 squadrons"):
        assert label in text, label
    assert not re.findall(r"\b\d+\.0\b", text), "a whole number written with '.0'"


def test_an_integer_render_check_can_fail():
    """The '.0' check above would catch python-pptx's default label text for a float."""
    assert re.findall(r"\b\d+\.0\b", "US$750.0 million")


def _probe(args: list[str], cache: str) -> dict:
    code = textwrap.dedent(f"""\
        import json, sys
        from reportgen.cli import main
        try:
            main({args!r}, standalone_mode=False)
        finally:
            print(json.dumps({{"matplotlib": "matplotlib" in sys.modules}}))
        """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env={**__import__("os").environ, "REPORTGEN_CACHE_DIR": cache})
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_default_build_never_imports_matplotlib(tmp_path):
    probe = _probe(["build", str(SEED), "-o", str(tmp_path), "--force", "-j", "1"], "")
    assert probe == {"matplotlib": False}
    assert _charts(tmp_path / f"{SEED.stem}.docx") and _charts(tmp_path / f"{SEED.stem}.pptx")


def test_an_image_style_build_draws_pictures_in_both_files(tmp_path):
    probe = _probe(["build", str(SEED), "-o", str(tmp_path), "--force", "-j", "1", "--chart-style", "image"],
                   str(tmp_path / "cache"))
    assert probe == {"matplotlib": True}  # the check above can fail: this build draws
    for fmt, media in (("docx", "word/media/"), ("pptx", "ppt/media/")):
        with zipfile.ZipFile(tmp_path / f"{SEED.stem}.{fmt}") as z:
            names = z.namelist()
            pictures = [n for n in names if n.startswith(media) and n.endswith(".png")]
            assert pictures, f"no chart picture in the {fmt}"
            assert not [n for n in names if "/charts/chart" in n], f"a native chart in the image-style {fmt}"
            png = z.read(pictures[0])
        assert png.startswith(b"\x89PNG") and io.BytesIO(png).getbuffer().nbytes > 1000


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_a_native_timeline_validates_and_renders_its_labels(soffice, validator, tmp_path, fmt):
    facts = Path(__file__).resolve().parents[1] / "fixtures" / "charts" / "nato-readout.yaml"
    result = run("build", facts, "-o", tmp_path, "--format", fmt)
    assert result.exit_code == 0, result.output
    document = tmp_path / f"nato-readout.{fmt}"
    _validate(validator, document)
    text = " ".join(_text(to_pdf(soffice, document, tmp_path)).split())
    for label in ("June 2022 Madrid summit adopts a", "July 10, 2024 Washington summit marks", "2026 Summit in Türkiye"):
        assert label in text, label
