"""Outputs as other programs see them: LibreOffice converts them; the Open XML SDK accepts them."""

from __future__ import annotations

import json
import subprocess

import pytest

from ..conftest import SEED, run, to_pdf, write_large_facts


def pdf_pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_libreoffice_converts_with_marking_on_every_page(soffice, seed_outputs, tmp_path, fmt):
    pdf = to_pdf(soffice, seed_outputs[fmt], tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) >= (3 if fmt == "docx" else 20)
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL" in page, f"page {number} has no marking"
    if fmt == "docx":
        assert f"Page 1 of {len(pages)}" in pages[0]


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_open_xml_sdk_validation(validator, seed_outputs, fmt):
    result = subprocess.run([validator, str(seed_outputs[fmt])], capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert report["ok"], json.dumps(report["errors"][:5], indent=1)


def test_large_scripts_file_builds_converts_and_validates(soffice, validator, tmp_path):
    facts = write_large_facts(tmp_path / "large.yaml", topics=60)
    assert run("build", facts, "-o", tmp_path).exit_code == 0
    for fmt in ("docx", "pptx"):
        document = tmp_path / f"large.{fmt}"
        report = json.loads(subprocess.run([validator, str(document)], capture_output=True, text=True).stdout)
        assert report["ok"], report["errors"][:3]
        text = "\n".join(pdf_pages(to_pdf(soffice, document, tmp_path)))
        assert "Андрей Белоусов" in text and "Путин" in text
