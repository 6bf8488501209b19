"""The deck writer from a Brief (no CLI): what it places, opened with python-pptx."""

from __future__ import annotations

import io

from pptx import Presentation

from reportgen.builders.pptx import DEFAULT_TEMPLATE
from reportgen.deck.writer import render_pptx
from reportgen.load import load_facts
from reportgen.plan import plan

from .conftest import SEED


def deck():
    warnings = []
    data = render_pptx(plan(load_facts(SEED)), DEFAULT_TEMPLATE, warn=warnings.append)
    return Presentation(io.BytesIO(data)), warnings


def test_house_template_needs_no_stand_ins():
    _, warnings = deck()
    assert warnings == []


def test_no_empty_placeholders_and_notes_on_every_slide():
    prs, _ = deck()
    for number, slide in enumerate(prs.slides, start=1):
        for ph in slide.placeholders:
            assert ph.has_text_frame and ph.text_frame.text.strip(), f"slide {number}: empty {ph.name}"
        assert slide.notes_slide.notes_text_frame.text.strip(), f"slide {number} has no notes"


def test_topic_slides_carry_kicker_status_and_headline():
    prs, _ = deck()
    facts = load_facts(SEED)
    texts = {s.shapes.title.text: s for s in prs.slides}
    topic = facts.topics[0]
    slide = texts[topic.headline]
    names = {s.name: s for s in slide.shapes}
    assert names["Kicker"].text_frame.text == topic.title
    assert names["Status"].text_frame.text == "Status: Agreed"


def test_charts_have_alt_text():
    prs, _ = deck()
    charts = [s for slide in prs.slides for s in slide.shapes if s.name.startswith("Figure")]
    assert charts
    for chart in charts:
        assert chart._element.xpath("./*[1]/p:cNvPr")[0].get("descr", "")


def test_decorative_shapes_are_marked_decorative_and_nothing_that_informs_is():
    """The slide master's title rule and the title slides' accent band draw nothing a reader needs, and each
    slide's foot marking repeats its top one: they carry Office's decorative flag, so a screen reader passes
    them (and their alt text is gone). The top marking, titles, status tags, text and charts do not."""
    from reportgen.ooxml import is_decorative

    prs, _ = deck()
    drawn = [(shape.name, shape) for master in prs.slide_masters
             for owner in (master, *master.slide_layouts) for shape in owner.shapes
             if not shape.is_placeholder]
    assert {"Title Rule", "Accent Band"} <= {name for name, _ in drawn}
    for name, shape in drawn:
        c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
        assert is_decorative(c_nv_pr) and c_nv_pr.get("descr") is None, name
    for number, slide in enumerate(prs.slides, start=1):
        markings = [s for s in slide.shapes if s.name == "Classification"]
        assert len(markings) == 2, number
        top, foot = sorted(markings, key=lambda s: s.top)
        assert not is_decorative(top._element.nvSpPr.cNvPr) and is_decorative(foot._element.nvSpPr.cNvPr), number
        others = [s for s in slide.shapes if s.name != "Classification"]
        assert others and not any(is_decorative(s._element.xpath("./*[1]/p:cNvPr")[0]) for s in others), number
