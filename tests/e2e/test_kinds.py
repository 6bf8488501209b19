"""The three kinds of brief as a reader meets them: LibreOffice renders of the example submission and meeting
brief (and unseen ones of other summits), the note's sections in SPEC's order, the recommendation on page 1,
the page and slide budgets, the tick boxes, every line a speaker needs on a slide, money said one way."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from reportgen import wordml
from reportgen.load import load_facts
from reportgen.plan import plan

from ..conftest import ROOT, run, to_pdf, write_large_facts
from .page_words import misplaced_words
from .test_deck import all_text, main_slides, validate
from .test_note import first_page_with, pdf_pages

EXAMPLES = ROOT / "examples"
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
KINDS = {
    "decision": [EXAMPLES / "india-russia-decision.yaml", UNSEEN / "global-fund-7-decision.yaml"],
    "meeting": [EXAMPLES / "india-russia-meeting.yaml", UNSEEN / "g7-apulia-2024-meeting.yaml"],
}
BRIEFS = [path for paths in KINDS.values() for path in paths]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every example and unseen brief of the two new kinds, built once: {stem: {'docx': ..., 'pptx': ...}}."""
    out = tmp_path_factory.mktemp("kinds")
    result = run("build", *BRIEFS, "-o", out)
    assert result.exit_code == 0, result.output
    return {p.stem: {fmt: out / f"{p.stem}.{fmt}" for fmt in ("docx", "pptx")} for p in BRIEFS}


@pytest.fixture(scope="module")
def rendered(soffice, built, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Their LibreOffice PDFs: {stem: {'docx': note.pdf, 'pptx': deck.pdf}}."""
    out = {}
    for stem, files in built.items():
        folder = tmp_path_factory.mktemp(f"pdf-{stem}")
        out[stem] = {fmt: to_pdf(soffice, path, folder / fmt) for fmt, path in files.items()}
    return out


@pytest.mark.parametrize("facts", BRIEFS, ids=lambda p: p.stem)
def test_the_note_s_sections_are_in_spec_order_on_the_page(rendered, facts):
    brief = plan(load_facts(facts))
    lines = [line.strip() for line in subprocess.run(["pdftotext", "-layout", str(rendered[facts.stem]["docx"]), "-"],
                                                     check=True, capture_output=True, text=True).stdout.splitlines()]
    headings = [s.heading for s in (*brief.body, *brief.annexes)]
    places = [lines.index(h) if h in lines else -1 for h in headings]  # a heading is a line of its own
    assert -1 not in places, [h for h, p in zip(headings, places) if p == -1]
    assert places == sorted(places), list(zip(headings, places))
    expected = {"decision": ["Issue", "Recommendations", "Summary", "Options", "Outcomes at a glance", "Argument"],
                "meeting": ["Objectives", "Points to make", "Their likely asks and our replies", "If raised",
                            "Handling", "State of play"]}[brief.kind]
    assert [h for h in headings if h in expected] == expected


@pytest.mark.parametrize("facts", KINDS["decision"], ids=lambda p: p.stem)
def test_a_submission_s_recommendations_and_tick_boxes_are_on_page_one(rendered, facts):
    pages = pdf_pages(rendered[facts.stem]["docx"])
    facts_data = load_facts(facts)
    for recommendation in facts_data.decision.recommendations:
        assert " ".join(recommendation.split()[:8]) in pages[0]
    assert pages[0].count("☐ Agree") == len(facts_data.decision.recommendations)
    assert "For decision by" in pages[0]


@pytest.mark.parametrize("facts", KINDS["meeting"], ids=lambda p: p.stem)
def test_a_meeting_brief_s_objectives_are_on_page_one(rendered, facts):
    pages = pdf_pages(rendered[facts.stem]["docx"])
    for objective in load_facts(facts).meeting.objectives:
        assert " ".join(objective.split()[:8]) in pages[0]
    assert "For your meeting:" in pages[0]


@pytest.mark.parametrize("facts", BRIEFS, ids=lambda p: p.stem)
def test_up_to_eight_topics_make_a_two_page_body_and_a_four_page_note(rendered, facts):
    assert len(load_facts(facts).topics) <= 8
    pages = pdf_pages(rendered[facts.stem]["docx"])
    assert len(pages) <= 4
    assert first_page_with(pages, "Annex A:") <= 3  # the annexes start on a new page after a body of two


@pytest.mark.parametrize("facts", BRIEFS, ids=lambda p: p.stem)
def test_the_deck_has_at_most_twelve_main_slides_and_nothing_overflows(rendered, built, facts):
    pptx = built[facts.stem]["pptx"]
    assert len(main_slides(Presentation(str(pptx)))) <= 12
    problems = misplaced_words(pptx, rendered[facts.stem]["pptx"])
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("facts", BRIEFS, ids=lambda p: p.stem)
def test_both_files_pass_open_xml_validation(validator, built, facts):
    for path in built[facts.stem].values():
        validate(validator, path)


def test_three_tick_boxes_a_recommendation_that_word_can_tick(built, tmp_path):
    """Each recommendation has Agree / Disagree / Discuss check-box content controls (w14:checkbox); ticking
    one in the XML (as Word does) is read back from the saved file."""
    path = built["india-russia-decision"]["docx"]
    recommendations = load_facts(EXAMPLES / "india-russia-decision.yaml").decision.recommendations
    doc = Document(str(path))
    boxes = wordml.checkboxes(doc.element.body)
    assert len(boxes) == 3 * len(recommendations)
    assert [sdt.find(wordml.qn("w:sdtPr")).find(wordml.qn("w:alias")).get(wordml.qn("w:val"))
            for sdt, _ in boxes[:3]] == ["Agree", "Disagree", "Discuss"]
    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    assert all(checked.get(f"{w14}val") == "0" for _, checked in boxes)
    sdt, checked = boxes[1]
    checked.set(f"{w14}val", "1")
    sdt.find(f".//{wordml.qn('w:t')}").text = wordml.CHECKED
    doc.save(str(tmp_path / "ticked.docx"))
    again = wordml.checkboxes(Document(str(tmp_path / "ticked.docx")).element.body)
    assert [c.get(f"{w14}val") for _, c in again[:3]] == ["0", "1", "0"]
    assert again[1][0].find(f".//{wordml.qn('w:t')}").text == "☒"


def slide_text(pptx: Path) -> str:
    """What the slides show (shapes and tables), the speaker notes left out."""
    parts = []
    for slide in Presentation(str(pptx)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("facts", [*BRIEFS, ROOT / "data" / "india-russia-summit-2025.yaml",
                                   UNSEEN / "nato-2024-readout.yaml"], ids=lambda p: p.stem)
def test_every_line_a_speaker_needs_is_on_a_slide_not_only_in_the_notes(facts, tmp_path):
    result = run("build", facts, "-o", tmp_path, "--format", "pptx")
    assert result.exit_code == 0, result.output
    shown = slide_text(tmp_path / f"{facts.stem}.pptx").replace("\u00a0", " ")
    data = load_facts(facts)
    money = __import__("reportgen.formatting", fromlist=["formatter"]).formatter(data.brief.language).money_in_text
    wanted = [*(t for topic in data.topics for t in (*topic.lines_to_take, *topic.if_raised))]
    wanted += [t for topic in data.topics for a in topic.likely_asks for t in (a.ask, a.response)]
    if data.decision:
        wanted += data.decision.recommendations
    if data.meeting:
        wanted += data.meeting.objectives
    for line in wanted:
        assert " ".join(money(line).replace("\u00a0", " ").split()) in shown, line


CODED_MONEY = re.compile(r"\b(?:USD|EUR|GBP|CAD|AUD|INR|RUB|JPY)\s?\d")


@pytest.mark.parametrize("facts", [UNSEEN / "nato-2024-readout.yaml", UNSEEN / "g7-apulia-2024-meeting.yaml",
                                   UNSEEN / "global-fund-7-decision.yaml", ROOT / "data" / "india-russia-summit-2025.yaml"],
                         ids=lambda p: p.stem)
def test_no_amount_of_money_is_written_with_its_iso_code(facts, tmp_path):
    """The author's 'USD 5 billion' and 'EUR 40 billion' reach the reader as 'US$5 billion' and '€40 billion':
    in the note, on the slides and in the speaker notes alike (the facts files do write them with codes)."""
    assert CODED_MONEY.search(facts.read_text(encoding="utf-8"))
    result = run("build", facts, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    note = " ".join(p.text for p in Document(str(tmp_path / f"{facts.stem}.docx")).paragraphs)
    note += " ".join(c.text for t in Document(str(tmp_path / f"{facts.stem}.docx")).tables
                     for row in t.rows for c in row.cells)
    deck = all_text(Presentation(str(tmp_path / f"{facts.stem}.pptx")))
    for text in (note, deck):
        found = CODED_MONEY.search(text)
        assert found is None, text[max(0, found.start() - 60):found.end() + 20]


def test_a_sixty_topic_submission_keeps_its_order_and_its_slides_inside_their_shapes(soffice, validator,
                                                                                     tmp_path):
    """The long brief of the kind with most before its evidence: the recommendation stays on page 1, the
    evidence goes to Annex A, and the deck keeps twelve main slides with every word inside its shape."""
    facts = write_large_facts(tmp_path / "long.yaml", topics=60)
    text = facts.read_text(encoding="utf-8").replace("  purpose:", "  action: decision\n  purpose:", 1)
    facts.write_text(text + "decision:\n  issue: Whether to act on the long list.\n"
                     "  recommendations: [That you agree to act on the first ten topics.]\n"
                     "  options:\n    - {title: Act now, recommended: true}\n    - {title: Wait}\n", encoding="utf-8")
    result = run("build", facts, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pages = pdf_pages(to_pdf(soffice, tmp_path / "long.docx", tmp_path / "note"))
    assert "That you agree to act on the first ten topics." in pages[0]
    assert first_page_with(pages, "At the head of Annex A") < first_page_with(pages, "Annex A:")
    body = " ".join(pages)
    assert body.index("Issue") < body.index("Recommendations") < body.index("Options") < body.index("Annex A:")
    pptx = tmp_path / "long.pptx"
    assert len(main_slides(Presentation(str(pptx)))) <= 12
    problems = misplaced_words(pptx, to_pdf(soffice, pptx, tmp_path / "deck"))
    assert not problems, "\n".join(problems[:20])
    for path in (tmp_path / "long.docx", pptx):
        validate(validator, path)
