"""Odd and hostile facts files: what `validate` accepts builds, what it refuses is refused at its line and
column by `validate`, `build` and `diff` alike (exit 1, no traceback); JSON is read as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, run

MINIMAL = FIXTURES / "minimal.yaml"


def minimal_with(tmp_path: Path, old: str, new: str, name: str = "facts.yaml") -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def minimal_data() -> dict:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["summit"]["date"] = data["summit"]["date"].isoformat()
    return data


def as_json(tmp_path: Path, data: dict, name: str = "facts.json", **dumps) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, **dumps), encoding="utf-8")
    return path


def assert_refused_everywhere(tmp_path: Path, facts: Path, located: str) -> None:
    """validate, build and diff all exit 1 with the located message (a regex), and never a traceback."""
    for args in (("validate", facts), ("build", facts, "-o", tmp_path / "out"), ("diff", MINIMAL, facts)):
        result = run(*args)
        assert result.exit_code == 1, (args[0], result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output, result.output
        assert re.search(located, result.output), (args[0], located, result.output)
    assert not (tmp_path / "out" / f"{facts.stem}.docx").exists()


def note_text(docx: Path) -> str:
    """The text of the note's paragraphs, runs joined."""
    from docx import Document

    return "\n".join(p.text for p in Document(str(docx)).paragraphs)


# --- refused at the line and column, by every command -------------------------------------------

@pytest.mark.parametrize("old,new,located", [
    ("title: Test Summit", 'title: "Test \\uFFFE Summit"',
     r"facts\.yaml:3:10: summit\.title: plain text expected: U\+FFFE is a Unicode noncharacter"),
    ("title: Test Summit", 'title: "Test \\U0010FFFF Summit"',
     r"facts\.yaml:3:10: summit\.title: plain text expected: U\+10FFFF is a Unicode noncharacter"),
    ("url: https://example.org/report", 'url: "https://example.org/re\\x01port"',
     r"facts\.yaml:14:10: sources\[0\]\.url: a URL without spaces or control characters"),
    ("url: https://example.org/report", 'url: "https://example.org/a b"',
     r"facts\.yaml:14:10: sources\[0\]\.url: a URL without spaces"),
    ("value: 10", f"value: {2**63}",
     r"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a number no larger than a thousand trillion"),
    ("value: 10", "value: 1.0e+23",
     r"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a number no larger than .* got 1e\+23"),
    ("value: 10", "value: 1e+20",
     r"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a number no larger than .* got 1e\+20"),
    ("value: 10", "value: " + "7" * 5000,
     r"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a number expected, got an integer of 5,000 "),
    ("date: 2025-01-10", "date: 2025-02-30",
     r"facts\.yaml:4:9: summit\.date: 2025-02-30 is not a date: there is no day 30 in February 2025 \(it has 28 days\)"),
    ("date: 2025-01-10", "date: 1066-10-14",
     r"facts\.yaml:4:9: summit\.date: a date in the years 1900-2200 expected, got '1066-10-14'"),
    ("date: 2025-01-10", "date: '२०२५-01-10'",
     r"facts\.yaml:4:9: summit\.date: an ISO date expected"),
    ("id: trade", 'id: "trade\\n"', r"facts\.yaml:16:9: topics\[0\]\.id: a slug of a-z"),
    ("date: 2025-01-10", "date: 20250110",
     r"facts\.yaml:4:9: summit\.date: an ISO date expected \(YYYY-MM-DD\), got int 20250110"),
], ids=["noncharacter", "plane-16-noncharacter", "control-in-url", "space-in-url", "2^63", "1.0e+23", "1e+20",
        "5000-digits", "february-30", "year-1066", "devanagari-digits", "slug-newline",
        "date-as-number"])
def test_refused_with_its_place(tmp_path, old, new, located):
    assert_refused_everywhere(tmp_path, minimal_with(tmp_path, old, new), located)


def test_timeline_event_in_year_9999_is_refused_at_its_line(tmp_path):
    facts = minimal_with(tmp_path, "topics:", "timeline:\n  - {date: 9999, text: Far future, source: wire}\ntopics:")
    assert_refused_everywhere(tmp_path, facts,
                              r"facts\.yaml:16:12: timeline\[0\]\.date: a date in the years 1900-2200 expected")


def test_next_step_due_in_year_9999_is_refused(tmp_path):
    facts = minimal_with(tmp_path, "    figures:", "    next_steps:\n      - {text: Wait, due: 9999-01}\n    figures:")
    assert_refused_everywhere(tmp_path, facts, r"facts\.yaml:24:27: topics\[0\]\.next_steps\[0\]\.due: a date in")


def test_chart_of_plus_and_minus_1e308_is_refused_at_each_value(tmp_path):
    facts = minimal_with(tmp_path, "    figures:",
                         "    chart:\n      title: Huge\n      data: {a: 1.0e+308, b: -1.0e+308}\n    figures:")
    assert_refused_everywhere(tmp_path, facts, r"facts\.yaml:25:17: topics\[0\]\.chart\.data\.a: a number no larger")
    assert "topics[0].chart.data.b" in run("validate", facts).output


def test_chart_label_with_a_control_character_is_refused(tmp_path):
    chart = '    chart:\n      title: C\n      data: {"a\\x1b[31m": 1}\n'
    facts = minimal_with(tmp_path, "    figures:", chart + "    figures:")
    assert_refused_everywhere(tmp_path, facts, r"facts\.yaml:25:27: topics\[0\]\.chart\.data\.a\\x1b\[31m: plain text")


def test_lone_surrogate_in_json_is_refused_at_its_place(tmp_path):
    data = minimal_data()
    data["topics"][0]["headline"] = "Half an emoji \ud83d here"
    facts = as_json(tmp_path, data, indent=1)  # json.dumps escapes it as \ud83d
    assert_refused_everywhere(tmp_path, facts, r"facts\.json:\d+:\d+: topics\[0\]\.headline: plain text expected: "
                                               r"U\+D83D is a lone surrogate")


def test_json_syntax_error_is_located(tmp_path):
    facts = tmp_path / "broken.json"
    facts.write_text('{\n  "reportgen": 1,\n  "summit": ,\n}', encoding="utf-8")
    result = run("validate", facts)
    assert result.exit_code == 1 and "broken.json:3:13: not valid JSON: a value expected" in result.output


def test_json_too_large_integer_is_located(tmp_path):
    text = json.dumps(minimal_data(), indent=1).replace('"value": 10', '"value": ' + "9" * 5000)
    facts = tmp_path / "facts.json"
    facts.write_text(text, encoding="utf-8")
    assert_refused_everywhere(tmp_path, facts, r"facts\.json:\d+:\d+: topics\[0\]\.figures\[0\]\.value: a number "
                                               r"expected, got an integer of 5,000 digits")


# --- accepted and built --------------------------------------------------------------------------

def test_json_as_python_writes_it_builds(tmp_path):
    """json.dumps escapes emoji as surrogate pairs and writes small numbers with an exponent."""
    data = minimal_data()
    data["summit"]["title"] = "Summit 😀 of the Ψ"
    data["topics"][0]["figures"][0]["value"] = 1e-05
    data["topics"][0]["figures"].append({"label": "Big", "value": 2.5e14, "unit": "units", "source": "wire"})
    facts = as_json(tmp_path, data)
    raw = facts.read_text(encoding="utf-8")
    assert "\\ud83d\\ude00" in raw and "1e-05" in raw
    assert run("validate", facts).exit_code == 0
    result = run("build", facts, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Summit 😀 of the Ψ" in note_text(tmp_path / "out" / "facts.docx")


def test_yaml_exponent_numbers_are_numbers(tmp_path):
    from reportgen.load import load_facts

    for written, value in (("2.5e3", 2500.0), ("1e9", 1e9), ("1E+6", 1e6), ("1.5E-3", 0.0015), ("-4e2", -400.0)):
        facts = load_facts(minimal_with(tmp_path, "value: 10", f"value: {written}"))
        assert facts.topics[0].figures[0].value == value, written
    text = load_facts(minimal_with(tmp_path, "title: Test Summit", "title: '1e9'")).summit.title
    assert text == "1e9"  # quoted stays text


def test_json_file_without_json_suffix_is_read_as_json(tmp_path):
    data = minimal_data()
    data["summit"]["title"] = "Summit 😀"
    facts = as_json(tmp_path, data, name="facts.yaml")
    assert run("validate", facts).exit_code == 0


@pytest.mark.parametrize("value", ["1e15", "-1e15", "1000000000000000", "0.000001", "1e-300"])
def test_numbers_at_the_bounds_build(tmp_path, value):
    facts = minimal_with(tmp_path, "value: 10", f"value: {value}")
    assert run("validate", facts).exit_code == 0
    result = run("build", facts, "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output


def test_dates_at_the_bounds_build(tmp_path):
    facts = minimal_with(tmp_path, "topics:", "timeline:\n  - {date: 1900, text: Start, source: wire}\n"
                                              "  - {date: 2200-12-31, text: End, source: wire}\n"
                                              "  - {date: 2025-06, text: Middle, source: wire}\ntopics:")
    assert run("validate", facts).exit_code == 0
    result = run("build", facts, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output


# --- odd but valid: built, and the outputs pass the Open XML validation ---------------------------

def _odd(kind: str) -> dict:
    data = minimal_data()
    topic = data["topics"][0]
    if kind == "empty-optional-lists":
        data["summit"]["participants"] = []
        data["brief"].update(key_points=[], caveats=[])
        data["timeline"] = []
        topic.update(figures=[], considerations=[], next_steps=[], lines_to_take=[])
    elif kind == "right-to-left-and-emoji":
        data["summit"].update(title="قمة الرياض — פסגת ירושלים 🌍", place="الرياض")
        data["summit"]["leaders"].append({"name": "בנימין נתניהו", "role": "ראש הממשלה", "country": "ישראל"})
        data["brief"].update(classification="SECRET 🔒 سري", key_points=["👨‍👩‍👧‍👦 and 🇮🇳🇷🇺 flags", "e\u0301 n\u0303"])
        topic.update(title="التجارة", headline="انخفاض الرسوم الجمركية بنسبة عشرة بالمئة.",
                     considerations=["עברית עם מספרים 2025 ו-English"])
        topic["points"].append({"text": "<w:p>&amp; {{ 7*7 }} {% raw %} =SUM(A1) @cmd \u202eevil\u202c",
                                "source": "wire"})
    elif kind == "very-long-titles":
        data["summit"]["title"] = "A very long summit title " * 20
        data["brief"]["classification"] = "OFFICIAL-SENSITIVE // COMMERCIAL // PERSONAL // NOT FOR ONWARD DISTRIBUTION"
        topic["title"] = "An extremely long topic title that keeps going " * 8
        topic["headline"] = "A headline that goes on about tariffs, quotas and their nuances " * 6 + "."
        topic["figures"][0]["label"] = "A figure label that is long " * 5
    elif kind == "timeline-and-odd-numbers":
        data["timeline"] = [{"date": f"{1900 + 7 * i}-{i % 12 + 1:02d}", "text": f"Event {i}", "source": "wire"}
                            for i in range(30)]
        topic["figures"] += [{"label": "Loss", "value": -2.5, "unit": "USD billion", "source": "wire"},
                             {"label": "Zero", "value": 0, "unit": "USD billion", "source": "wire"},
                             {"label": "Tiny", "value": 1e-05, "unit": "USD billion", "source": "wire"},
                             {"label": "Huge", "value": 10**15, "unit": "units", "source": "wire"}]
    return data


@pytest.mark.parametrize("kind", ["empty-optional-lists", "right-to-left-and-emoji", "very-long-titles",
                                  "timeline-and-odd-numbers"])
def test_odd_but_valid_facts_build_valid_documents(tmp_path, validator, kind):
    import subprocess

    facts = as_json(tmp_path, _odd(kind), name=f"{kind}.json", ensure_ascii=False)
    assert run("validate", facts).exit_code == 0
    result = run("build", facts, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    for suffix in ("docx", "pptx"):
        report = subprocess.run([validator, str(tmp_path / "out" / f"{kind}.{suffix}")], capture_output=True,
                                text=True, timeout=120)
        assert json.loads(report.stdout)["ok"], report.stdout[:2000]


def test_schema_states_the_number_bounds():
    schema = json.loads(run("schema").output)
    value = schema["$defs"]["Figure"]["properties"]["value"]
    assert (value["minimum"], value["maximum"]) == (-10**15, 10**15)
    assert schema["$defs"]["TopicChart"]["properties"]["data"]["additionalProperties"]["maximum"] == 10**15
