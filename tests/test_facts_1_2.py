"""Facts format 1.2, the three kinds of brief: each field accepted and shown where SPEC puts it in the note
(a section of the plan's body or annexes) and in the deck (a slide, not only the notes), and each bad value
refused at its line and column with what was expected."""

from __future__ import annotations

import dataclasses

import pytest

from reportgen.deck.slides import build_slides
from reportgen.load import load_facts
from reportgen.plan import plan

from .test_load import messages, minimal_with
from .test_slides import HOUSE

ANCHOR = "  purpose: To test reportgen.\n"
DECISION = ("decision:\n  issue: Whether to fund the pilot.\n"
            "  recommendations: [That you agree to fund the pilot's first year.]\n")
MEETING = ("meeting:\n  date: 2025-02-12\n  objectives: [Agree a date for the next trade review.]\n")


def kind_file(tmp_path, kind: str, brief: str = "", block: str = "", topic: str = "", people: str = ""):
    """tests/fixtures/minimal.yaml as a brief of this kind, with lines added to brief:, its kind's block,
    the first topic and the leader."""
    text = minimal_with(tmp_path, ANCHOR, ANCHOR + f"  action: {kind}\n" + brief).read_text(encoding="utf-8")
    if topic:
        text = text.replace("    status: agreed\n", "    status: agreed\n" + topic, 1)
    if people:
        text = text.replace("{name: Ana Lima, role: President, country: Brazil}",
                            "{name: Ana Lima, role: President, country: Brazil, " + people + "}", 1)
    base = {"decision": DECISION, "meeting": MEETING}.get(kind, "")
    path = tmp_path / "facts.yaml"
    path.write_text(text + (block or base), encoding="utf-8")
    return path


def words_of(value) -> str:
    """Every string in a section's blocks, joined."""
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):
        return " ".join(words_of(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return " ".join(words_of(v) for v in value)
    return ""


def where(brief, text: str) -> tuple[list[str], list[str]]:
    """The note sections (keys) and the deck slides (kinds) whose text has this text, notes left out."""
    sections = [s.key for s in (*brief.body, *brief.annexes) if text in words_of(s.blocks) or text == s.heading]
    slides = [s.kind for s in build_slides(brief, HOUSE)
              if any(text in p.text for b in s.blocks for p in getattr(b, "paras", ()))
              or any(text in cell for b in s.blocks for row in getattr(b, "rows", ()) for cell in row)
              or text in s.title]
    return sections, slides


# field -> (kind, brief lines, kind block, topic lines, leader's keys, text shown, note sections, deck slides)
GOOD = {
    "comment": ("information", "  comment: [Partners will read this as a test.]\n", "", "", "",
                "Partners will read this as a test.", ["comment"], []),
    "clearances": ("information", "  clearances: [{who: Trade Department, date: 2025-01-11}]\n", "", "", "",
                   "Cleared by: Trade Department (11 January 2025)", ["sources"], ["sources"]),
    "contact": ("information", "  contact: Desk officer, ext. 4417\n", "", "", "", "Contact: Desk officer, ext. 4417",
                ["sources"], ["sources"]),
    "decision.issue": ("decision", "", "", "", "", "to fund the pilot", ["issue"], ["decision"]),
    "decision.recommendations": ("decision", "", "", "", "", "That you agree to fund the pilot's first year.",
                                 ["recommendations"], ["decision"]),
    "decision.by": ("decision", "", DECISION + "  by: 2025-02-27\n", "", "", "27 February 2025", [], ["decision"]),
    "decision.timing": ("decision", "", DECISION + "  timing: Partners confirm funding in March.\n", "", "",
                        "Partners confirm funding in March.", ["timing"], ["decision"]),
    "decision.options": ("decision", "", DECISION + "  options:\n"
                         "    - {title: Fund the first year, summary: Keeps our seat., for: [A say in the plant.],"
                         " against: [Draws on a committed budget.], cost: {value: 2.5, unit: GBP million,"
                         " qualifier: about}, recommended: true}\n    - {title: Decline, summary: Saves the money.}\n",
                         "", "", "about\u00a0£2.5\u00a0million", ["options"], ["options"]),
    "decision.handling": ("decision", "", DECISION + "  handling: [Tell the partner embassies first.]\n", "", "",
                          "Tell the partner embassies first.", ["handling"], []),
    "meeting.objectives": ("meeting", "", "", "", "", "Agree a date for the next trade review.", ["objectives"],
                           ["objectives"]),
    "meeting.venue": ("meeting", "", MEETING + "  time: '10:30'\n  venue: Lancaster House\n  duration: 30 minutes\n"
                      "  format: Bilateral\n", "", "", "12 February 2025, 10:30, Lancaster House (30 minutes)",
                      [], ["objectives"]),
    "meeting.reason": ("meeting", "", MEETING + "  reason: They asked to discuss the review.\n", "", "",
                       "They asked to discuss the review.", ["handling"], []),
    "meeting.last_met": ("meeting", "", MEETING + "  last_met: G20, February 2024\n", "", "", "G20, February 2024",
                         ["handling"], []),
    "meeting.press": ("meeting", "", MEETING + "  press: Pooled photograph only.\n", "", "", "Pooled photograph only.",
                      ["handling"], []),
    "meeting.agenda": ("meeting", "", MEETING + "  agenda: [{time: '10:30', item: Welcome and photo}]\n", "", "",
                       "Welcome and photo", ["annex-agenda"], ["tables"]),
    "lines_to_take": ("meeting", "", "", "    lines_to_take: [We welcome the lower tariffs.]\n", "",
                      "We welcome the lower tariffs.", ["points-to-make"], ["points-to-make"]),
    "their_position": ("meeting", "", "", "    their_position: They want more.\n", "", "They want more.",
                       ["glance"], ["topic"]),
    "likely_asks": ("meeting", "", "", "    likely_asks: [{ask: Will you co-fund?, response: We are studying it.}]\n",
                    "", "We are studying it.", ["likely-asks"], ["likely-asks"]),
    "if_raised": ("meeting", "", "", "    if_raised: [We do not comment on procurement.]\n", "",
                  "We do not comment on procurement.", ["if-raised"], ["topic"]),
    "bio": ("meeting", "", "", "", "bio: Elected in 2022 after two terms as governor.",
            "Elected in 2022 after two terms as governor.", ["annex-people"], ["tables"]),
}


@pytest.mark.parametrize("field", GOOD)
def test_each_1_2_field_is_accepted_and_shown_where_spec_puts_it(tmp_path, field):
    kind, brief, block, topic, people, text, sections, slides = GOOD[field]
    facts = load_facts(kind_file(tmp_path, kind, brief, block, topic, people))
    made = plan(facts)
    found_sections, found_slides = where(made, text)
    for key in sections:
        assert key in found_sections, (field, found_sections)
    for kind_of_slide in slides:
        assert kind_of_slide in found_slides, (field, found_slides)
    if field == "decision.by":
        assert made.action == "For decision by 27 February 2025"


def test_a_decision_note_says_its_kind_in_its_header_and_its_sections_in_spec_order(tmp_path):
    block = DECISION + "  by: 2025-02-27\n  timing: Partners meet in March.\n  options:\n" \
        "    - {title: Fund it, recommended: true}\n    - {title: Decline}\n  handling: [Tell partners.]\n"
    made = plan(load_facts(kind_file(tmp_path, "decision", "  comment: [Our view.]\n", block,
                                     "    considerations: [A risk.]\n")))
    assert [s.key for s in made.body] == ["issue", "recommendations", "timing", "summary", "options", "glance",
                                          "comment", "argument", "handling", "sources"]
    assert made.action == "For decision by 27 February 2025"
    kinds = [s.kind for s in build_slides(made, HOUSE)]
    assert kinds[:4] == ["title", "decision", "options", "glance"]


def test_a_meeting_brief_says_when_and_where_and_its_sections_in_spec_order(tmp_path):
    block = MEETING + "  time: '14:30'\n  venue: Lancaster House\n  duration: 40 minutes\n  format: Bilateral\n" \
        "  press: No statements.\n  agenda: [{time: '14:30', item: Welcome}]\n"
    topic = ("    lines_to_take: [We welcome it.]\n    likely_asks: [{ask: Will you pay?, response: No.}]\n"
             "    if_raised: [No comment.]\n    their_position: They want more.\n")
    made = plan(load_facts(kind_file(tmp_path, "meeting", "", block, topic, "bio: A short bio.")))
    assert made.action == "For your meeting: 12 February 2025, 14:30, Lancaster House (40 minutes), bilateral"
    assert [s.key for s in made.body] == ["objectives", "points-to-make", "likely-asks", "if-raised", "handling",
                                          "glance", "sources"]
    assert [s.key for s in made.annexes] == ["annex-topics", "annex-agenda", "annex-people"]
    kinds = [s.kind for s in build_slides(made, HOUSE)]
    assert kinds[:5] == ["title", "objectives", "points-to-make", "likely-asks", "glance"]


def test_an_information_brief_is_unchanged_in_its_order(tmp_path):
    made = plan(load_facts(kind_file(tmp_path, "information", "  comment: [Our view.]\n")))
    assert [s.key for s in made.body] == ["purpose", "bottom-line", "glance", "comment", "sources"]


# field -> (kind, brief lines, block, topic lines, leader keys, the message's expected start)
BAD = {
    "decision block in a readout": ("information", "", DECISION, "", "",
                                    ":29:1: decision: a 'decision:' block belongs to a brief with 'action: decision'"),
    "meeting block in a submission": ("decision", "", DECISION + MEETING, "", "",
                                      ":32:1: meeting: a 'meeting:' block belongs to a brief with 'action: meeting'"),
    "decision without its block": ("decision", "", "\n", "", "",
                                   ":11:11: brief.action: a decision brief needs a top-level 'decision:' block"),
    "meeting without its block": ("meeting", "", "\n", "", "",
                                  ":11:11: brief.action: a meeting brief needs a top-level 'meeting:' block"),
    "no recommendations": ("decision", "", "decision:\n  issue: Whether to fund it.\n  recommendations: []\n", "", "",
                           ":31:20: decision.recommendations: at least 1 item expected"),
    "no objectives": ("meeting", "", "meeting:\n  date: 2025-02-12\n  objectives: []\n", "", "",
                      ":31:15: meeting.objectives: at least 1 item expected"),
    "two recommended options": ("decision", "", DECISION + "  options:\n    - {title: A, recommended: true}\n"
                                "    - {title: B, recommended: true}\n", "", "",
                                ":34:31: decision.options[1].recommended: at most one option is recommended"),
    "a bio of 101 words": ("meeting", "", "", "", "bio: " + " ".join(["word"] * 101),
                           ":7:63: summit.leaders[0].bio: a bio of at most 100 words expected, got 101 words"),
    "a time as a number": ("meeting", "", MEETING + "  time: 10:30\n", "", "",
                           ":32:9: meeting.time: a time written HH:MM in quotes expected"),
    "a likely ask without a reply": ("meeting", "", "", "    likely_asks: [{ask: Will you pay?}]\n", "",
                                     ":21:19: topics[0].likely_asks[0].response: required field"),
}


@pytest.mark.parametrize("case", BAD)
def test_each_bad_1_2_value_is_refused_at_its_line(tmp_path, case):
    kind, brief, block, topic, people, expected = BAD[case]
    found = messages(kind_file(tmp_path, kind, brief, block, topic, people))
    assert any(expected in m for m in found), found


def test_validate_warns_about_iso_dates_and_the_other_day_month_order_in_free_text(tmp_path):
    from reportgen.load import facts_warnings

    path = minimal_with(tmp_path, "      - text: Tariffs fall by a tenth.\n",
                        "      - text: Tariffs fall by a tenth from 2025-03-01.\n")
    text = path.read_text(encoding="utf-8").replace(ANCHOR, ANCHOR + "  language: en-US\n  caveats: [Signed on 1 "
                                                                      "October 2024.]\n")
    path.write_text(text, encoding="utf-8")
    warnings = facts_warnings(load_facts(path))
    assert any(w.startswith("topics[0].points[0].text: the ISO date '2025-03-01'") for w in warnings), warnings
    assert any(w.startswith("brief.caveats[0]: '1 October 2024' puts day and month") for w in warnings), warnings
