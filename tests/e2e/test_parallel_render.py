"""A single file's note and deck rendered at the same time in forked processes (a build on two cores):
the same bytes as one after the other, the deck's pictures drawn by the other process, and a forked
render that fails done again in this one."""

from __future__ import annotations

import os
import sys

import pytest

from reportgen import charts
from reportgen.builders import RenderContext, _can_fork, builder
from reportgen.errors import FactsError
from reportgen.load import load_facts
from reportgen.plan import plan

from ..conftest import write_large_facts

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked renders on Linux only")

FORMATS = ["docx", "pptx"]


@pytest.fixture
def brief(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", "")  # no disk cache: pictures are drawn or sent
    monkeypatch.setattr(charts, "_memory", {})
    return plan(load_facts(write_large_facts(tmp_path / "large.yaml", topics=12)))


def serial(brief, settings) -> list[bytes]:
    context = RenderContext(brief, settings, lambda _: None)
    return [data for name in FORMATS for data in context.output_of(name)]


def test_forked_renders_give_the_same_bytes_and_the_deck_s_picture_is_drawn_by_the_other_process(
        brief, monkeypatch):
    settings = {"chart_style": "image"}  # the deck's charts are pictures: all drawn by the forked process
    expected = serial(brief, settings)
    assert _can_fork()
    charts._memory.clear()
    parent, draw = os.getpid(), charts._draw

    def draw_elsewhere(request):
        assert os.getpid() != parent, "the deck's pictures should come from the forked process"
        return draw(request)

    monkeypatch.setattr(charts, "_draw", draw_elsewhere)
    said = []
    context = RenderContext(brief, settings, said.append)
    assert context.render_all(FORMATS, processes=2) == expected
    assert charts._pending == []  # every pipe read and closed


def test_a_forked_render_that_fails_is_done_again_here(brief, monkeypatch):
    expected = serial(brief, {})
    parent, render = os.getpid(), type(builder("docx")).render

    def fails_when_forked(self, context):
        if os.getpid() != parent:
            raise FactsError.single("note", "failed in the forked process")
        return render(self, context)

    monkeypatch.setattr(type(builder("docx")), "render", fails_when_forked)
    assert RenderContext(brief, {}, lambda _: None).render_all(FORMATS, processes=2) == expected


def test_a_render_that_fails_fails_as_in_a_serial_build(brief, monkeypatch):
    def fails(self, context):
        raise FactsError.single("note", "cannot be rendered")

    monkeypatch.setattr(type(builder("docx")), "render", fails)
    with pytest.raises(FactsError, match="cannot be rendered"):
        RenderContext(brief, {}, lambda _: None).render_all(FORMATS, processes=2)


def test_the_deck_asks_for_pictures_only_of_charts_it_draws_as_pictures(brief, monkeypatch):
    """Finding the deck's pictures lays its slides out; with every chart native (the timeline too) there are
    none, and the slides are not laid out for nothing; with --chart-style image every chart is asked for."""
    from reportgen.deck import writer

    laid_out = []
    real = writer.build_slides
    monkeypatch.setattr(writer, "build_slides", lambda *a: laid_out.append(1) or real(*a))
    deck = builder("pptx")
    assert any(c.spec.kind == "timeline" for c in brief.summary_charts)
    assert deck.pictures(RenderContext(brief, {}, print)) == [] and laid_out == []
    pictures = deck.pictures(RenderContext(brief, {"chart_style": "image"}, print))
    assert any(r.spec.kind == "timeline" for r in pictures) and laid_out
