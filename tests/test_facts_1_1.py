"""Facts format 1.1: each optional field is accepted, reaches the brief, and a bad value is refused at its line."""

from __future__ import annotations

import json

import pytest
from docx import Document

from reportgen.plan import plan

from .conftest import FIXTURES, run
from .test_load import messages, minimal_with

# A 1.1 addition, spliced into tests/fixtures/minimal.yaml (format 1.0): (anchor, replacement, what the brief shows)
GOOD = {
    "to": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  to: Minister of State\n",
           "To: Minister of State"),
    "action": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  action: decision\n"
               "decision:\n  issue: Whether to fund the pilot.\n  recommendations: [That you agree to fund it.]\n",
               "For decision"),
    "as_of": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  as_of: 2025-01-12\n",
              "As of: 12 January 2025"),
    "language": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  language: en-US\n",
                 "January 10, 2025"),
    "caveats": ("  purpose: To test reportgen.\n",
                "  purpose: To test reportgen.\n  caveats: [Figures are provisional.]\n", "Figures are provisional."),
    "kind": ("    title: Wire report\n", "    title: Wire report\n    kind: official\n", "official source"),
    "qualifier": ("        unit: percent\n", "        unit: percent\n        qualifier: about\n", "about 10%"),
    "id-part_of": ("        unit: percent\n        source: wire\n",
                   "        unit: percent\n        source: wire\n        id: cut\n      - {label: Of which food, value: 4, unit: percent, "
                   "part_of: cut, source: wire}\n", "Of which food: 4%"),
    "key": ("        unit: percent\n", "        unit: percent\n        key: true\n", "Tariff cut"),
    "next_steps": ("    figures:\n", "    next_steps:\n      - {text: Sign it., owner: Trade desk, due: 2026-03}\n"
                                      "      - Publish it.\n    figures:\n", "March 2026"),
    "lines_to_take": ("    figures:\n", "    lines_to_take: [We welcome lower tariffs.]\n    figures:\n",
                      "We welcome lower tariffs."),
}


def note_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("field", sorted(GOOD))
def test_each_1_1_field_is_accepted_and_reaches_the_note(tmp_path, field):
    anchor, replacement, shown = GOOD[field]
    path = minimal_with(tmp_path, anchor, replacement)
    result = run("build", path, "-o", tmp_path, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert shown in note_text(tmp_path / "facts.docx")


def test_a_key_figure_is_a_key_number_of_the_brief(tmp_path):
    from reportgen.load import load_facts

    anchor, replacement, _ = GOOD["key"]
    brief = plan(load_facts(minimal_with(tmp_path, anchor, replacement)))
    assert [k.label for k in brief.topics[0].key_numbers] == ["Tariff cut"]


BAD = {
    "language": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  language: xx-Klingon\n",
                 ":11:13: brief.language: a BCP 47 language tag"),
    "action": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  action: approve\n",
               ":11:11: brief.action: 'approve' is not a valid action (one of 'information', 'decision', 'meeting')"),
    "as_of": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  as_of: next week\n",
              ":11:10: brief.as_of: an ISO date expected"),
    "kind": ("    title: Wire report\n", "    title: Wire report\n    kind: blog\n",
             ":14:11: sources[0].kind: 'blog' is not a valid kind (one of 'official', 'press', 'analysis')"),
    "qualifier": ("        unit: percent\n", "        unit: percent\n        qualifier: roughly\n",
                  ":27:20: topics[0].figures[0].qualifier: 'roughly' is not a valid qualifier (one of 'over', 'about'"),
    "key": ("        unit: percent\n", "        unit: percent\n        key: \"true\"\n",
            ":27:14: topics[0].figures[0].key: Input should be a valid boolean"),
    "part_of-unknown": ("        unit: percent\n", "        unit: percent\n        part_of: cutt\n",
                        ":27:18: topics[0].figures[0].part_of: names no other figure: 'cutt'"),
    "part_of-unit": ("        unit: percent\n        source: wire\n",
                     "        unit: percent\n        source: wire\n        id: cut\n      - {label: Food, value: 4, unit: tonnes, "
                     "part_of: cut, source: wire}\n",
                     ":29:56: topics[0].figures[1].part_of: a part must have the unit of its whole"),
    "duplicate-figure-id": ("        unit: percent\n        source: wire\n",
                            "        unit: percent\n        source: wire\n        id: cut\n      - {label: Food, value: 4, unit: percent, "
                            "id: cut, source: wire}\n",
                            ":29:52: topics[0].figures[1].id: duplicate figure id 'cut'"),
    "due": ("    figures:\n", "    next_steps:\n      - {text: Sign it., due: March 2026}\n    figures:\n",
            ":24:31: topics[0].next_steps[0].due: a date expected as YYYY-MM-DD, YYYY-MM or YYYY"),
    "lines_to_take": ("    figures:\n", "    lines_to_take: We welcome it.\n    figures:\n",
                      ":23:20: topics[0].lines_to_take: Input should be a valid list"),
    "caveats": ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  caveats: [\"\"]\n",
                ":11:13: brief.caveats[0]: text expected, got an empty string"),
}


@pytest.mark.parametrize("field", sorted(BAD))
def test_each_bad_1_1_value_is_refused_at_its_line(tmp_path, field):
    anchor, replacement, expected = BAD[field]
    found = messages(minimal_with(tmp_path, anchor, replacement))
    assert any(expected in m for m in found), found


def test_a_format_1_0_file_still_builds(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text()
    assert not any(key in text for key in ("language:", "caveats:", "qualifier:", "part_of:", "kind:"))
    result = run("build", FIXTURES / "minimal.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output


def test_schema_shows_the_1_1_fields():
    schema = json.loads(run("schema").output)
    text = json.dumps(schema)
    for field in ("as_of", "language", "caveats", "qualifier", "part_of", "lines_to_take", "owner", "due"):
        assert f'"{field}"' in text, field


def test_validate_warns_without_key_points_and_still_exits_0():
    result = run("validate", FIXTURES / "minimal.yaml")
    assert result.exit_code == 0
    assert "key_points is absent" in result.output


def test_validate_warns_when_a_count_of_one_takes_a_plural_unit(tmp_path):
    """Units are free text, written as given: '1 squadrons' would reach the minister; validate says so."""
    one = minimal_with(tmp_path, "        value: 10\n        unit: percent", "        value: 1\n        unit: squadrons")
    result = run("validate", one)
    assert result.exit_code == 0 and "topics[0].figures[0]: the brief will read '1 squadrons'" in result.output
    for fine in ("        value: 2\n        unit: squadrons", "        value: 1\n        unit: squadron",
                 "        value: 1\n        unit: boss"):
        ok = run("validate", minimal_with(tmp_path, "        value: 10\n        unit: percent", fine))
        assert "will read" not in ok.output, fine
