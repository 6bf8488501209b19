"""Fuzzing the loader: generated facts documents (a full 1.1 document with values and types mutated, written
as YAML or JSON) are either refused with FactsError only, or accepted and then planned and built.
FUZZ_EXAMPLES and FUZZ_BUILDS set how many documents each test tries (e.g. 20000 and 2000 for a long run)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import FactsError
from reportgen.load import parse_facts

from .conftest import run

# Every field of format 1.1 used once (test data, not facts of data/).
BASE: dict[str, Any] = {
    "reportgen": 1,
    "summit": {
        "title": "Test Summit", "date": "2025-01-10", "place": "Geneva",
        "leaders": [{"name": "Ana Lima", "role": "President", "country": "Brazil"}],
        "participants": [{"name": "Joan Roe", "role": "Minister", "country": "Chile"}],
    },
    "brief": {
        "classification": "OFFICIAL", "reference": "BN-1", "author": "Desk", "to": "Minister",
        "action": "decision", "as_of": "2025-01-11", "language": "en-GB", "purpose": "To test reportgen.",
        "key_points": ["Tariffs fall.", "Talks go on."], "caveats": ["Dates are inferred."],
    },
    "decision": {"issue": "Whether to fund the pilot.", "recommendations": ["That you agree to fund it."]},
    "sources": [
        {"id": "wire", "title": "Wire report", "kind": "press", "publisher": "Wire", "url": "https://example.org/r",
         "date": "2025-01-10"},
        {"id": "note", "title": "Official note", "kind": "official"},
    ],
    "topics": [
        {"id": "trade", "title": "Trade", "headline": "Tariffs fall.", "status": "agreed", "summary": "Context.",
         "points": [{"text": "Tariffs fall by a tenth.", "source": "wire"},
                    {"text": "Quotas stay.", "source": "note"}],
         "figures": [{"label": "Trade", "value": 120, "unit": "USD million", "id": "total", "key": True,
                      "qualifier": "over", "source": "wire"},
                     {"label": "Goods", "value": 80.5, "unit": "USD million", "part_of": "total", "source": "wire"},
                     {"label": "Cut", "value": 10, "unit": "percent", "source": "note"}],
         "considerations": ["Prices may rise."],
         "next_steps": ["Sign the text", {"text": "Review", "owner": "Desk", "due": "2026-03"}],
         "lines_to_take": ["We welcome the cut."],
         "chart": {"kind": "bar", "title": "Trade by year", "unit": "USD million",
                   "data": {"2023": 1.2, "2024": 2.5, "2025": 3}}},
        {"id": "energy", "title": "Energy", "headline": "Talks go on.", "status": "concern",
         "points": [{"text": "No deal yet.", "source": "wire"}]},
    ],
    "timeline": [{"date": "2024", "text": "Talks open", "source": "wire"},
                 {"date": "2024-06", "text": "Round two", "source": "wire"},
                 {"date": "2025-01-10", "text": "Summit", "source": "note"}],
}
DELETE = object()


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, path + (i,))
    return found


PATHS = _paths(BASE)
NASTY_TEXT = ["\ufffe", "a\ud83db", "\U0010ffff", "\x1b[31m red", "\u202eRTL override", "مرحبا بالعالم",
              "😀" * 50,
              "שלום", "x" * 3000, "", " ", "\n", "a\tb", "=HYPERLINK(\"http://x\")", "<w:p/>", "{{ 7*7 }}",
              "\u00a0", "\u200b", "e\u0301", "https://example.org/a b", "mailto:a@b.c", "2025-13-01", "ＡＢＣ",
              "ǅ", "\u0085", "\u2028"]
text = st.one_of(st.text(max_size=60), st.sampled_from(NASTY_TEXT))
numbers = st.one_of(st.integers(min_value=-2**70, max_value=2**70), st.floats(),
                    st.sampled_from([10**15, -10**15, 10**15 + 1, 0, -0.0, 5e-324, 1e-300, 2**63, 1e308, 0.1]))
dates = st.one_of(st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
                  st.integers(min_value=-10, max_value=12000),
                  st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
                  st.sampled_from(["2025-02-29", "2024-02-29", "1900", "2200-12-31", "2201", "1899-12"]))
shapes = st.sampled_from([None, True, False, [], {}, ["x"], {"unknown": 1}, [{}], DELETE])
values = st.one_of(text, numbers, dates, shapes)


DATE_FIELDS = {"date", "due", "as_of"}
printable_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80)


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def documents(draw) -> dict:
    """BASE with one to four values changed: mostly a value of the same kind (text for text, a number
    for a number, a date for a date), sometimes anything at all, a list emptied or doubled, a key removed."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        try:
            parent, original = _at(data, path[:-1]), _at(data, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced the way there
        if not isinstance(parent, (dict, list)):
            continue
        if draw(st.integers(0, 7)) == 0:
            value = draw(values)
            value = value if value is DELETE else copy.deepcopy(value)
        elif isinstance(original, bool):
            value = draw(st.booleans())
        elif isinstance(original, (int, float)):
            value = draw(numbers)
        elif isinstance(original, str) and path[-1] in DATE_FIELDS:
            value = draw(dates)
        elif isinstance(original, str):
            value = draw(st.one_of(printable_text, text))
        elif isinstance(original, list):
            value = draw(st.sampled_from([[], original * 2, original[:1]]))
            value = [copy.deepcopy(item) for item in value]  # no shared items: YAML would write an alias
        else:
            value = DELETE if path[-1] not in ("summit", "brief") else original
        if value is DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return data


def _serialised(data: dict, form: str) -> bytes:
    if form == "json":
        return json.dumps(data).encode("utf-8")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")


def _validates(raw: bytes, name: str) -> bool:
    """True if accepted; False if refused with FactsError; anything else escapes and fails the test."""
    try:
        parse_facts(raw, name)
    except FactsError:
        return False
    return True


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 400)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["json", "yaml"]))
def test_loader_refuses_with_facts_error_only_and_what_it_accepts_plans(data, form):
    from reportgen.plan import plan

    raw = _serialised(data, form)
    try:
        facts = parse_facts(raw, f"fuzz.{form}")
    except FactsError:
        return
    plan(facts)  # numbers, dates and words of everything accepted can be written


@settings(max_examples=int(os.environ.get("FUZZ_BUILDS", 60)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["json", "yaml"]))
def test_validate_and_build_agree(data, form):
    raw = _serialised(data, form)
    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / f"fuzz.{form}"
        facts.write_bytes(raw)
        valid = _validates(raw, str(facts))
        validate = run("validate", facts)
        build = run("build", facts, "-o", Path(folder) / "out")
        for result in (validate, build):
            assert result.exit_code == (0 if valid else 1), result.output
            assert "Traceback" not in result.output and "internal error" not in result.output, result.output
        if valid:
            assert (Path(folder) / "out" / "fuzz.docx").stat().st_size > 0
            assert (Path(folder) / "out" / "fuzz.pptx").stat().st_size > 0
