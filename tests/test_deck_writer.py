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
