"""The briefing note, opened with python-docx as a reader would see it."""

from __future__ import annotations

import re

import pytest
from docx import Document

from reportgen.load import load_facts

from .conftest import assert_every_fact_in, FIXTURES, SEED, run


@pytest.fixture(scope="module")
def note(seed_outputs):
    return Document(str(seed_outputs["docx"]))


def body_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_topics_are_heading_1_in_file_order(note):
    facts = load_facts(SEED)
    headings = [p.text for p in note.paragraphs if p.style.name == "Heading 1"]
    topic_headings = [h for h in headings if h in {t.title for t in facts.topics}]
    assert topic_headings == [t.title for t in facts.topics]
    assert headings[:2] == ["Purpose", "Key points"] and headings[-1] == "Sources"


def test_every_fact_appears(note):
    assert_every_fact_in(body_text(note), load_facts(SEED))


def test_marking_in_header_and_footer_of_every_section(note):
    for section in note.sections:
        assert "OFFICIAL" in section.header.paragraphs[0].text
        assert "OFFICIAL" in section.footer.paragraphs[0].text
        footer_xml = section.footer._element.xml
        assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


def test_citations_resolve_to_sources(note):
    text = "\n".join(p.text for p in note.paragraphs)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    listed = {int(m.group(1)) for p in note.paragraphs if p.style.name == "Source Entry"
              for m in [re.match(r"\[(\d+)\]", p.text)] if m}
    assert cited and cited <= listed


def test_pictures_have_alt_text(note):
    shapes = note.inline_shapes
    assert len(shapes) >= 1
    for shape in shapes:
        assert shape._inline.docPr.get("descr", "").startswith("Bar chart:")


def test_captions_numbered_with_seq_fields(note):
    captions = [p for p in note.paragraphs if p.style.name == "Caption"]
    assert [c.text.split(":")[0] for c in captions if c.text.startswith("Figure")] == ["Figure 1"]
    assert all("SEQ" in c._p.xml for c in captions)


def test_properties_from_facts_not_clock(note):
    core = note.core_properties
    assert core.title == "India–Russia Annual Summit"
    assert core.author == "Eurasia Desk"
    assert "Defence co-production under Make in India" in core.keywords
    assert core.created.date().isoformat() == "2025-12-05" == core.modified.date().isoformat()


def test_url_source_is_a_hyperlink(tmp_path):
    assert run("build", FIXTURES / "minimal.yaml", "-o", tmp_path, "--format", "docx").exit_code == 0
    doc = Document(str(tmp_path / "minimal.docx"))
    targets = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert "https://example.org/report" in targets


def test_pictures_and_tables_fit_the_text_width(note):
    section = note.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert note.inline_shapes and all(shape.width <= text_width for shape in note.inline_shapes)
    for table in note.tables:
        assert sum(column.width for column in table.columns) <= text_width
