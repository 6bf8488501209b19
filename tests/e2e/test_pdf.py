"""--format pdf: the note's and the deck's tagged PDFs, made by LibreOffice, covered by the manifest."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ..conftest import SEED, require_tool, run


@pytest.fixture(scope="module")
def pdfinfo() -> str:
    return require_tool(shutil.which("pdfinfo"), "pdfinfo (poppler-utils)")


@pytest.fixture(scope="module")
def pdf_out(soffice, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    result = run("build", SEED, "-o", out, "--format", "pdf")
    assert result.exit_code == 0, result.output
    return out


def info(pdfinfo: str, path) -> dict[str, str]:
    text = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())}


def pdf_text(path) -> str:
    pdftotext = require_tool(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_both_pdfs_are_written_and_tagged(pdf_out, pdfinfo):
    note, deck = pdf_out / f"{SEED.stem}.pdf", pdf_out / f"{SEED.stem}-deck.pdf"
    assert sorted(p.name for p in pdf_out.glob("*.pdf")) == sorted([note.name, deck.name])
    assert not list(pdf_out.glob("*.docx")) and not list(pdf_out.glob("*.pptx"))  # only what was asked for
    for pdf in (note, deck):
        assert info(pdfinfo, pdf)["Tagged"] == "yes", pdf.name
    assert 2 <= int(info(pdfinfo, note)["Pages"]) <= 6
    assert int(info(pdfinfo, deck)["Pages"]) >= 8
    width, _, height = info(pdfinfo, deck)["Page size"].split()[:3]
    assert abs(float(width) / float(height) - 16 / 9) < 0.01  # the 16:9 slides, not A4 pages
    note_text, deck_text = pdf_text(note), pdf_text(deck)
    for text in (note_text, deck_text):
        assert "India–Russia Annual Summit" in text and "OFFICIAL" in text
    assert "Page 1 of" in note_text


def test_the_manifest_and_check_cover_the_pdfs(pdf_out):
    assert run("build", SEED, "-o", pdf_out, "--format", "pdf", "--check").exit_code == 0
    again = run("build", SEED, "-o", pdf_out, "--format", "pdf")
    assert again.exit_code == 0 and "unchanged" in again.output
    deck = pdf_out / f"{SEED.stem}-deck.pdf"
    original = deck.read_bytes()
    deck.write_bytes(original[:-100])  # a truncated deck PDF
    try:
        stale = run("build", SEED, "-o", pdf_out, "--format", "pdf", "--check")
        assert stale.exit_code == 1 and "stale" in stale.output
    finally:
        deck.write_bytes(original)


def test_pdfs_are_byte_identical_for_identical_inputs(pdf_out, tmp_path):
    result = run("build", SEED, "-o", tmp_path, "--format", "pdf")
    assert result.exit_code == 0, result.output
    for name in (f"{SEED.stem}.pdf", f"{SEED.stem}-deck.pdf"):
        assert (tmp_path / name).read_bytes() == (pdf_out / name).read_bytes(), name


def test_without_libreoffice_pdf_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    result = run("build", SEED, "-o", tmp_path / "out", "--format", "docx,pdf")
    assert result.exit_code == 1
    assert "PDF needs LibreOffice" in result.output and "'soffice'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # checked before anything was built
