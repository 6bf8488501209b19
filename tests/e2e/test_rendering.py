"""Outputs as other programs see them: LibreOffice converts them; the Open XML SDK accepts them."""

from __future__ import annotations

import json
import subprocess

from pathlib import Path

import pytest

from ..conftest import run, to_pdf, write_large_facts


def pdf_pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_libreoffice_converts_with_marking_on_every_page(soffice, seed_outputs, tmp_path, fmt):
    pdf = to_pdf(soffice, seed_outputs[fmt], tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) >= (3 if fmt == "docx" else 8)
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL" in page, f"page {number} has no marking"
    if fmt == "docx":
        assert f"Page 1 of {len(pages)}" in pages[0]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_open_xml_sdk_validation(validator, seed_outputs, fmt):
    result = subprocess.run([validator, str(seed_outputs[fmt])], capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert report["ok"], json.dumps(report["errors"][:5], indent=1)


@pytest.fixture(scope="module")
def large_outputs(tmp_path_factory) -> dict[str, Path]:
    """The 60-topic Cyrillic/Devanagari file, built: {'docx': path, 'pptx': path, 'yaml': path}."""
    out = tmp_path_factory.mktemp("large")
    facts = write_large_facts(out / "large.yaml", topics=60)
    result = run("build", facts, "-o", out)
    assert result.exit_code == 0, result.output
    return {"yaml": facts, **{fmt: out / f"large.{fmt}" for fmt in ("docx", "pptx")}}


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_large_scripts_file_converts_and_validates(soffice, validator, large_outputs, tmp_path, fmt):
    document = large_outputs[fmt]
    report = json.loads(subprocess.run([validator, str(document)], capture_output=True, text=True).stdout)
    assert report["ok"], report["errors"][:3]
    text = "\n".join(pdf_pages(to_pdf(soffice, document, tmp_path)))
    assert "Андрей Белоусов" in text and "Путин" in text and "नरेन्द्र मोदी" in text


def headings(docx: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(docx)).paragraphs if p.style.name.startswith(("Heading", "Title"))]


def orphaned_headings(docx: Path, pdf: Path) -> list[str]:
    """Headings whose last line is the last line of body text on a page."""
    texts = [" ".join(h.split()) for h in headings(docx)]
    problems = []
    for number, page in enumerate(pdf_pages(pdf), start=1):
        lines = [" ".join(line.split()) for line in page.splitlines()]
        body = [line for line in lines if line and line != "OFFICIAL" and not line.startswith("Page ")]
        last = body[-1] if body else ""
        if any(h.endswith(last) for h in texts if last):
            problems.append(f"page {number} ends with the heading {last!r}")
    return problems


@pytest.mark.parametrize("note", ["seed", "large"])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(soffice, seed_outputs, large_outputs, tmp_path, note):
    docx = (seed_outputs if note == "seed" else large_outputs)["docx"]
    pdf = to_pdf(soffice, docx, tmp_path)
    assert len(pdf_pages(pdf)) >= (4 if note == "seed" else 40)
    assert not orphaned_headings(docx, pdf)


def test_orphan_check_catches_a_heading_at_the_foot_of_a_page(soffice, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Filler line.")
    doc.add_paragraph("A heading left alone", style="Heading 1").paragraph_format.keep_with_next = False
    doc.add_paragraph("Its text, forced onto the next page.").paragraph_format.page_break_before = True
    docx = tmp_path / "orphans.docx"
    doc.save(docx)
    problems = orphaned_headings(docx, to_pdf(soffice, docx, tmp_path))
    assert problems == ["page 1 ends with the heading 'A heading left alone'"]


@pytest.mark.parametrize("note", ["seed", "large"])
def test_note_pages_are_never_empty_and_keep_within_the_margins(soffice, seed_outputs, large_outputs, tmp_path,
                                                                 note):
    from docx import Document

    from .page_words import pdf_words

    docx = (seed_outputs if note == "seed" else large_outputs)["docx"]
    section = Document(str(docx)).sections[0]
    left, right = section.left_margin.pt, section.page_width.pt - section.right_margin.pt
    top, bottom = section.top_margin.pt, section.page_height.pt - section.bottom_margin.pt
    for number, (_, words) in enumerate(pdf_words(to_pdf(soffice, docx, tmp_path)), start=1):
        body = [w for w in words if w.y0 >= top - 2 and w.y1 <= bottom + 2]
        assert body, f"page {number} has nothing between header and footer"
        outside = [w.text for w in body if w.x0 < left - 2 or w.x1 > right + 2]
        assert not outside, f"page {number}: {outside[:5]} past the margins"
