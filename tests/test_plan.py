"""The plan: what the brief says, in which order and words, decided once for both writers (no files)."""

from __future__ import annotations

import copy
import json

import pytest

from reportgen.facts import STATUSES
from reportgen.formatting import NBSP
from reportgen.load import load_facts, parse_facts
from reportgen.plan import plan

from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "india-russia-summit-2025.yaml"

BASE = {
    "reportgen": 1,
    "summit": {"title": "Test Summit", "date": "2025-01-10", "place": "Geneva",
               "leaders": [{"name": "Ana Lima", "role": "President", "country": "Brazil"}]},
    "brief": {"classification": "OFFICIAL", "purpose": "To test the plan."},
    "sources": [{"id": "wire", "title": "Wire report", "url": "https://example.org/r", "kind": "press",
                 "date": "2025-01-11"}],
    "topics": [
        {"id": "trade", "title": "Trade", "headline": "Tariffs fall.", "status": "agreed",
         "points": [{"text": "Tariffs fall by a tenth.", "source": "wire"}]},
        {"id": "energy", "title": "Energy", "headline": "Gas talks stall.", "status": "concern",
         "points": [{"text": "No gas deal was reached.", "source": "wire"}]},
        {"id": "space", "title": "Space", "headline": "A joint mission is studied.", "status": "under-consideration",
         "points": [{"text": "Agencies will study a joint mission.", "source": "wire"}]},
    ],
}


def facts_of(change=None):
    """Facts from BASE, changed in place by change(data) first."""
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    return parse_facts(json.dumps(data).encode(), "test.json")


def test_seed_bottom_line_is_its_key_points_and_the_glance_has_a_row_per_topic():
    facts = load_facts(SEED)
    brief = plan(facts)
    assert [i.text for i in brief.bottom_line] == list(facts.brief.key_points)
    assert not brief.bottom_line_derived
    assert [r.topic for r in brief.glance.rows] == [t.title for t in facts.topics]
    assert [r.outcome for r in brief.glance.rows] == [t.headline for t in facts.topics]
    assert brief.caveats == tuple(facts.brief.caveats) and len(brief.caveats) == 2


def test_derived_bottom_line_puts_concerns_then_agreements_first():
    brief = plan(facts_of())
    assert brief.bottom_line_derived
    assert [i.text for i in brief.bottom_line] == ["Gas talks stall.", "Tariffs fall.", "A joint mission is studied."]


def test_status_summary_is_one_stacked_bar_whose_title_states_the_message():
    chart = plan(load_facts(SEED)).glance.chart.spec
    assert chart.kind == "stacked" and chart.title == "3 of 8 outcomes agreed"
    assert chart.categories == ("Agreed", "In progress", "Under negotiation", "Under consideration", "Concern")
    assert chart.values == (3, 2, 1, 1, 1) and chart.value_labels == ("3", "2", "1", "1", "1")
    assert len(chart.alt_text) < 250 and chart.source


def test_one_source_is_said_once_and_points_carry_no_number():
    brief = plan(facts_of())
    assert brief.single_source and "one source" in brief.single_source
    assert all(item.citation == "" for t in brief.topics for item in t.points)


def test_several_sources_cite_with_a_no_break_space():
    def two_sources(data):
        data["sources"].append({"id": "paper", "title": "A paper"})
        data["topics"][1]["points"][0]["source"] = "paper"

    brief = plan(facts_of(two_sources))
    assert brief.single_source is None
    assert brief.topics[0].points[0].citation == f"{NBSP}[1]"
    assert brief.topics[1].points[0].citation == f"{NBSP}[2]"


def test_fact_text_is_data_not_template():
    def jinja(data):
        data["topics"][0]["points"][0]["text"] = "{{ 7*7 }} {% if x %}"

    assert plan(facts_of(jinja)).topics[0].points[0].text == "{{ 7*7 }} {% if x %}"


def _figures(data, figures, topic=0):
    data["topics"][topic]["figures"] = [dict(f, source="wire") for f in figures]


def test_a_figures_chart_needs_three_comparable_values_and_never_shows_a_part_beside_its_whole():
    def three(data):
        _figures(data, [{"label": "US loans", "value": 750, "unit": "USD million", "qualifier": "over", "id": "loans"},
                        {"label": "of which Tata", "value": 500, "unit": "USD million", "part_of": "loans"},
                        {"label": "Grants", "value": 120, "unit": "USD million"}])

    assert plan(facts_of(three)).summary_charts == ()  # the part leaves two comparable values: no chart

    def four(data):
        three(data)
        _figures(data, [{"label": "Bonds", "value": 300, "unit": "USD million"}], topic=1)

    (chart,) = plan(facts_of(four)).summary_charts
    assert chart.spec.categories == ("US loans", "Bonds", "Grants")
    assert "of which Tata" not in chart.spec.categories
    assert chart.spec.title == f"Largest sum: US loans, over{NBSP}US$750{NBSP}million"
    assert chart.spec.axis_title == "US$ million"
    assert chart.spec.value_labels[1] == f"US$300{NBSP}million"


def test_units_never_mix_in_a_chart():
    def mixed(data):
        _figures(data, [{"label": "A", "value": 1, "unit": "tonnes"}, {"label": "B", "value": 2, "unit": "tonnes"},
                        {"label": "C", "value": 3, "unit": "doses"}])

    assert plan(facts_of(mixed)).summary_charts == ()


def test_timeline_chart_only_with_three_events():
    def events(n):
        def change(data):
            data["timeline"] = [{"date": f"2025-0{i + 1}", "text": f"Event {i}", "source": "wire"} for i in range(n)]
        return change

    two = plan(facts_of(events(2)))
    assert all(c.spec.kind != "timeline" for c in two.charts) and len(two.timeline.rows) == 2
    assert two.timeline.rows[0][0] == "January 2025"
    three = plan(facts_of(events(3)))
    assert [c.spec.kind for c in three.summary_charts] == ["timeline"]


def test_next_steps_in_the_glance_or_in_their_own_section():
    def one_each(data):
        for topic in data["topics"]:
            topic["next_steps"] = [f"Follow up on {topic['title']}."]

    inline = plan(facts_of(one_each))
    assert inline.glance.show_next_step and len(inline.glance.header) == 4
    assert inline.glance.rows[0].next_step == "Follow up on Trade."

    def with_owner(data):
        data["topics"][0]["next_steps"] = [{"text": "Sign the deal.", "owner": "Trade desk", "due": "2026-03"}]

    own = plan(facts_of(with_owner))
    assert not own.glance.show_next_step and len(own.glance.header) == 3
    (step,) = own.next_steps
    assert (step.text, step.owner, step.due, step.topic) == ("Sign the deal.", "Trade desk", "March 2026", "Trade")


def test_header_says_who_from_to_as_of_and_action():
    def header(data):
        data["brief"].update({"author": "Desk", "to": "Minister of State", "action": "decision", "reference": "R-1"})
        data["decision"] = {"issue": "Whether to fund the pilot.", "recommendations": ["That you agree to fund it."]}

    brief = plan(facts_of(header))
    # labels and short values never break over two lines: their spaces are no-break spaces
    assert {k.replace(NBSP, " "): v.replace(NBSP, " ") for k, v in brief.header} == {
        "Reference": "R-1", "From": "Desk", "To": "Minister of State", "As of": "11 January 2025",
        "Action": "For decision"}
    assert dict(brief.header)[f"As{NBSP}of"] == f"11{NBSP}January{NBSP}2025"
    assert brief.deck_subtitle == "Submission — for decision"


def test_language_drives_every_date_and_number():
    def american(data):
        data["brief"]["language"] = "en-US"
        _figures(data, [{"label": "Aid", "value": 5, "unit": "USD billion"}])

    brief = plan(facts_of(american))
    assert brief.date_place == "January 10, 2025, Geneva"
    assert brief.topics[0].figures[0].value == f"$5{NBSP}billion"


def test_annexes_are_lettered_in_order_and_only_when_they_have_content():
    assert [a.heading for a in plan(facts_of()).annexes] == ["Annex A: Topic detail", "Annex B: Who's who and timeline"]


def test_four_figures_make_a_table_in_the_topic_detail():
    def four(data):
        _figures(data, [{"label": f"F{i}", "value": i, "unit": "units"} for i in range(4)])

    topic = plan(facts_of(four)).topics[0]
    assert topic.figures == () and len(topic.figures_table.rows) == 4


def test_status_order_is_the_spec_order():
    assert STATUSES == ("agreed", "in-progress", "under-negotiation", "under-consideration", "concern")


def test_a_figure_a_point_already_states_is_not_listed_again():
    """Each number once: the seed's "Three S-400 squadrons have already been inducted" states the figure
    "3 squadrons", so the note lists no figure line for it; the point says more than a callout would
    ("already", "S-400"), so the deck keeps the point and draws no callout for it; a figure no point states
    keeps its line."""
    air = next(t for t in plan(load_facts(SEED)).topics if t.id.startswith("air"))
    assert air.figures == () and air.key_numbers == ()
    assert [p.states_key for p in air.points] == [False, False, False, False]

    def with_figures(data):
        data["topics"][0]["points"].append({"text": "Exports rose by 40 million tonnes.", "source": "wire"})
        data["topics"][0]["figures"] = [
            {"label": "Exports", "value": 40000000, "unit": "tonnes", "source": "wire"},
            {"label": "Ports opened", "value": 3, "unit": "ports", "source": "wire"}]

    trade = plan(facts_of(with_figures)).topics[0]
    assert [f.label for f in trade.figures] == ["Ports opened"]


@pytest.mark.parametrize("text, value, unit, qualifier, stated", [
    ("Three S-400 squadrons were inducted.", 3, "squadrons", None, True),
    ("The earlier USD 5 billion agreement went ahead.", 5, "USD billion", None, True),
    ("It cost US$5 billion.", 5, "USD billion", None, True),
    ("Talks on 3 March reopened trade.", 3, "ports", None, False),  # shares a digit only
    ("They signed 10 agreements.", 10, "percent", None, False),  # no per cent sign after the number
    ("Tariffs fell 10 per cent.", 10, "percent", None, True),
    ("It grew 5% a year.", -5, "percent", None, False),  # a negative figure is never judged stated
    ("It pledged €5 billion.", 5, "USD billion", None, False),  # another currency
    ("It pledged US$5 billion.", 5, "USD billion", "over", False),  # the qualifier is not said
    ("It pledged over US$5 billion.", 5, "USD billion", "over", True),
    ("40,000,000 doses were sent.", 40000000, "doses", None, False),  # not as the figure writes it
])
def test_what_counts_as_a_point_stating_a_figure(text, value, unit, qualifier, stated):
    from reportgen.facts import Figure
    from reportgen.formatting import formatter
    from reportgen.plan import states

    figure = Figure(label="x", value=value, unit=unit, qualifier=qualifier, source="wire")
    assert states(text, figure, formatter("en-GB")) is stated
