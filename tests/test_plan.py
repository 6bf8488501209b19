"""The plan: what the brief says, in which order, decided once for both writers."""

from __future__ import annotations

from reportgen.facts import STATUSES
from reportgen.load import load_facts
from reportgen.plan import Bullets, Chart, Paragraph, Table, plan

from .conftest import FIXTURES, SEED, write_large_facts


def test_sections_follow_spec_order():
    brief = plan(load_facts(SEED))
    kinds = [s.kind for s in brief.sections]
    assert kinds[:2] == ["purpose", "key-points"]
    assert kinds[2:10] == ["topic"] * 8
    assert kinds[10:] == ["summary", "key-numbers", "timeline", "next-steps", "sources"]
    assert [s.kind for s in brief.sections_for("docx")][-3:] == ["summary", "timeline", "sources"]


def test_key_points_are_built_from_headlines():
    facts = load_facts(SEED)
    key_points = plan(facts).sections[1].blocks[0]
    assert [i.text for i in key_points.items] == [f"{t.title}: {t.headline}" for t in facts.topics]


def test_fact_text_is_data_not_template(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text().replace("Tariffs fall by a tenth.", "'{{ 7*7 }} {% if x %}'")
    path = tmp_path / "f.yaml"
    path.write_text(text)
    bullets = [b for b in plan(load_facts(path)).sections[2].blocks if isinstance(b, Bullets)]
    assert bullets[0].items[0].text == "{{ 7*7 }} {% if x %}"


def test_status_chart_in_status_order():
    brief = plan(load_facts(SEED))
    spec = brief.sections[10].blocks[0].spec
    assert spec.categories == ("Agreed", "In progress", "Under negotiation", "Under consideration", "Concern")
    assert spec.values == (3, 2, 1, 1, 1)
    assert len(spec.colours) == len(STATUSES)
    assert spec.alt_text.startswith("Bar chart: Topics by status. Agreed 3; In progress 2")


def test_unit_charts_never_mix_units(tmp_path):
    brief = plan(load_facts(write_large_facts(tmp_path / "big.yaml", topics=6)))
    charts = [b.spec for b in brief.sections_for("docx")[-3].blocks if isinstance(b, Chart)]
    assert [c.unit for c in charts] == [None, "USD million", "units"]
    assert all(len(c.values) == 6 for c in charts[1:])


def test_single_figure_of_its_unit_gets_no_chart():
    brief = plan(load_facts(SEED))  # 3 squadrons and 5 USD billion: one figure per unit
    assert [b.spec.id for b in brief.sections[10].blocks] == ["status"]


def test_timeline_sorted_and_captions_numbered(tmp_path):
    brief = plan(load_facts(write_large_facts(tmp_path / "big.yaml", topics=3)))
    chart, timeline = next(s for s in brief.sections if s.kind == "timeline").blocks
    assert [r[0] for r in timeline.rows] == ["2023", "2024-05", "2024-11-03", "2025-02-28"]
    assert chart.spec.kind == "timeline" and chart.spec.point_labels == ("2023", "2024-05", "2024-11-03", "2025-02-28")
    assert list(chart.spec.values) == sorted(chart.spec.values) and chart.spec.values[0] == 2023.0
    assert chart.spec.alt_text.startswith("Timeline: Events by date. 2023 Event 1 with Путин; 2024-05 Event 0")
    tables = [b.number for s in brief.sections for b in s.blocks if isinstance(b, Table)]
    figures = [b.number for s in brief.sections for b in s.blocks if isinstance(b, Chart)]
    assert tables == list(range(1, len(tables) + 1))
    assert figures == list(range(1, len(figures) + 1))


def test_topic_section_carries_every_fact():
    facts = load_facts(SEED)
    topic = plan(facts).sections[4]  # air defence
    headline = topic.blocks[0]
    assert isinstance(headline, Paragraph) and headline.role == "headline"
    table = next(b for b in topic.blocks if isinstance(b, Table))
    assert table.rows[0] == ("S-400 squadrons already inducted", "3", "squadrons", "[1]")


def test_a_single_dated_event_gets_a_table_but_no_chart():
    timeline = next(s for s in plan(load_facts(SEED)).sections if s.kind == "timeline")
    assert [type(b) for b in timeline.blocks] == [Table]


def test_chart_takeaways_state_the_extremes(tmp_path):
    brief = plan(load_facts(write_large_facts(tmp_path / "big.yaml", topics=3)))
    summary = next(s for s in brief.sections if s.kind == "summary")
    status, money, units = (b.takeaway for b in summary.blocks)
    assert status == "3 topics: 1 agreed, 1 in progress, 1 under negotiation."
    assert money == "Largest: Volume 2, 1,075 USD million. Smallest: Volume 0, 1,000 USD million."
    assert units.startswith("Largest: Units 2, 3 units.")
