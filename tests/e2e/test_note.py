"""The briefing note as a reader sees it: LibreOffice's render, page by page."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from reportgen.builders.pdf import run_soffice  # LibreOffice in a group of its own

from ..conftest import SEED, run, to_pdf, write_large_facts


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def first_page_with(pages: list[str], text: str) -> int:
    return next(n for n, page in enumerate(pages, start=1) if text in page)


@pytest.fixture(scope="module")
def seed_pages(soffice, seed_outputs, tmp_path_factory) -> list[str]:
    return pdf_pages(to_pdf(soffice, seed_outputs["docx"], tmp_path_factory.mktemp("note-pdf")))


def test_seed_note_is_a_two_page_body_and_at_most_four_pages(seed_pages):
    assert len(seed_pages) <= 4
    annex = first_page_with(seed_pages, "Annex A: Topic detail")
    assert annex <= 3
    # the body ends on page 2 at the latest, and Annex A follows it (on its page: no page break between)
    assert first_page_with(seed_pages, "Sources and caveats") <= min(annex, 2)
    text = " ".join(seed_pages)
    assert text.index("Sources and caveats") < text.index("Annex A: Topic detail")
    for number, page in enumerate(seed_pages, start=1):
        assert page.startswith("OFFICIAL") and f"Page {number} of {len(seed_pages)}" in page


def test_the_page_count_check_fails_on_a_long_note(soffice, tmp_path):
    """The same checks on a 12-topic note whose body cannot fit two pages must fail."""
    facts = write_large_facts(tmp_path / "long.yaml", topics=12)
    assert run("build", facts, "-o", tmp_path, "--format", "docx").exit_code == 0
    pages = pdf_pages(to_pdf(soffice, tmp_path / "long.docx", tmp_path))
    assert len(pages) > 4 or first_page_with(pages, "Annex A: Topic detail") > 3


def test_seed_note_reads_bottom_line_first_with_caveats_visible(seed_pages):
    body = " ".join(seed_pages[:2])
    assert body.index("Bottom line") < body.index("Outcomes at a glance") < body.index("Sources and caveats")
    assert "Summit date inferred" in body and "names no publisher" in body
    assert body.count("Every fact in this brief comes from one source") == 1
    assert "[1]" not in body.split("Sources and caveats")[0]
    assert "3 of 8 outcomes agreed" in body  # the status chart's message, and its data labels below
    assert re.search(r"\b2025-12-05\b", " ".join(seed_pages)) is None


def test_a_designation_like_s_500_is_never_split_at_its_hyphen(soffice, seed_outputs, tmp_path):
    """'S-500' in a narrow table cell broke as 'S-' / '500' (pdftotext joins such a break as 'S500'); the
    note writes such hyphens as Word's no-break hyphen."""
    with zipfile.ZipFile(seed_outputs["docx"]) as z:
        assert b"<w:noBreakHyphen/>" in z.read("word/document.xml")
    pdf = to_pdf(soffice, seed_outputs["docx"], tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "S-500" in text and "S-400" in text
    assert not re.search(r"\bS-?\s*\n\s*[45]00|\bS[45]00", text), "a designation split over two lines"


def test_large_note_keeps_the_body_before_the_annexes(soffice, tmp_path):
    facts = write_large_facts(tmp_path / "large.yaml", topics=60)
    assert run("build", facts, "-o", tmp_path, "--format", "docx").exit_code == 0
    pages = pdf_pages(to_pdf(soffice, tmp_path / "large.docx", tmp_path))
    annex = first_page_with(pages, "Annex A: Topic detail")
    assert first_page_with(pages, "Sources and caveats") <= annex
    assert first_page_with(pages, "Annex B") > annex
    assert all(page.startswith("OFFICIAL") for page in pages)


def _template_with_first_and_even_headers(tmp_path: Path) -> Path:
    """The house template, changed as a user might: 'Different first page', 'Different odd and even pages',
    and a first-page header of its own."""
    from reportgen.text import TEMPLATES_DIR

    source = zipfile.ZipFile(TEMPLATES_DIR / "briefing.docx")
    out = tmp_path / "first-even.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:sectPr>", b"<w:titlePg/></w:sectPr>")
            elif info.filename == "word/settings.xml":
                data = re.sub(rb"(<w:settings[^>]*>)", rb"\1<w:evenAndOddHeaders/>", data, count=1)
            target.writestr(info, data)
    return out


def test_marking_on_every_page_whatever_the_templates_header_settings(soffice, tmp_path):
    template = _template_with_first_and_even_headers(tmp_path)
    assert b"titlePg" in zipfile.ZipFile(template).read("word/document.xml")
    result = run("build", SEED, "-o", tmp_path, "--format", "docx", "--docx-template", template)
    assert result.exit_code == 0, result.output
    pages = pdf_pages(to_pdf(soffice, tmp_path / f"{SEED.stem}.docx", tmp_path))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.startswith("OFFICIAL") and page.count("OFFICIAL") >= 2, f"page {number}: {page[:80]}"
        assert f"Page {number} of {len(pages)}" in page, f"page {number} has no page number"


def test_tagged_pdf_calls_devanagari_hindi(soffice, tmp_path):
    """LibreOffice's tagged PDF carries each run's language: Devanagari must be Hindi, never Arabic."""
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler is not installed")
    facts = write_large_facts(tmp_path / "scripts.yaml", topics=1)
    assert run("build", facts, "-o", tmp_path, "--format", "docx").exit_code == 0
    profile = tmp_path / "profile"
    done = run_soffice(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
                        "--outdir", str(tmp_path), str(tmp_path / "scripts.docx")], timeout=240)
    assert done.returncode == 0
    raw = (tmp_path / "scripts.pdf").read_bytes()
    languages = set(re.findall(rb"/Lang\s*\(([^)]*)\)", raw))
    assert b"en-GB" in languages and b"hi-IN" in languages
    assert not any(lang.startswith(b"ar") for lang in languages)
