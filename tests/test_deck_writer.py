"""The slide deck, opened with python-pptx as a presenter would see it."""

from __future__ import annotations

import pytest
from pptx import Presentation

from reportgen.load import load_facts

from .conftest import assert_every_fact_in, SEED, run, write_large_facts

P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"


@pytest.fixture(scope="module")
def deck(seed_outputs):
    return Presentation(str(seed_outputs["pptx"]))


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def everything(deck) -> str:
    return "\n".join(slide_text(s) + "\n" + notes_text(s) for s in deck.slides)


def test_every_fact_in_slides_or_notes(deck):
    assert_every_fact_in(everything(deck), load_facts(SEED))


def test_key_points_on_slides_not_only_notes(deck):
    facts = load_facts(SEED)
    slides = "\n".join(slide_text(s) for s in deck.slides)
    for point in (p for t in facts.topics for p in t.points):
        assert point.text in slides


def test_marking_and_number_on_every_slide(deck):
    for slide in deck.slides:
        names = [s.name for s in slide.shapes]
        assert names.count("Classification") == 2
        marks = [s.text_frame.text for s in slide.shapes if s.name == "Classification"]
        assert marks == ["OFFICIAL", "OFFICIAL"]
        number = next(s for s in slide.shapes if s.name == "Slide Number")
        assert 'type="slidenum"' in number._element.xml


def test_no_empty_placeholders(deck):
    for index, slide in enumerate(deck.slides, start=1):
        for ph in slide.placeholders:
            assert ph.has_text_frame and ph.text_frame.text.strip(), f"slide {index}: empty {ph.name}"


def test_section_per_topic(deck):
    facts = load_facts(SEED)
    section_list = deck.part._element.find(f".//{P14}sectionLst")
    names = [s.get("name") for s in section_list]
    assert names == ["Opening", *(t.title for t in facts.topics), "Summary and sources"]
    listed = [int(i.get("id")) for i in section_list.iter(f"{P14}sldId")]
    assert listed == [s.slide_id for s in deck.slides]


def test_topic_slides_and_notes(deck):
    facts = load_facts(SEED)
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]
    for topic in facts.topics:
        header = titles.index(topic.title)
        assert titles[header + 1] == topic.headline
        notes = notes_text(deck.slides[header + 1])
        assert all(p.text in notes for p in topic.points)
        assert "Source:" in notes


def test_charts_have_alt_text_stating_their_data(deck):
    charts = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13 or s.has_chart]
    assert charts
    for chart in charts:
        assert chart._element.xpath("./*[1]/p:cNvPr")[0].get("descr", "").startswith(
            "Bar chart: Topics by status. Agreed 3; In progress 2")


def test_long_lists_continue_on_next_slide(tmp_path):
    facts = write_large_facts(tmp_path / "big.yaml", topics=4)
    assert run("build", facts, "-o", tmp_path, "--format", "pptx").exit_code == 0
    deck = Presentation(str(tmp_path / "big.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert any(t.endswith("(cont.)") for t in titles)
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        assert r.font.size is None or r.font.size.pt >= 11
