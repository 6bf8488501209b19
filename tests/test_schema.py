"""The JSON Schema is the validator: it accepts exactly what `reportgen validate` accepts (but for the rules JSON
Schema cannot state, which its descriptions name), every field is described with an example, and the README's
field reference is what the generator prints."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from reportgen.errors import FactsError
from reportgen.facts import json_schema
from reportgen.load import parse_facts, read_document

from .conftest import FIXTURES, ROOT, SEED, write_large_facts
from .test_facts_1_1 import GOOD
from .test_fuzz_facts import documents

SCHEMA = json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def editor_view(value):
    """The data as an editor's YAML 1.2 reading gives it to JSON Schema: an unquoted date is text."""
    if isinstance(value, dict):
        return {k: editor_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [editor_view(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_problems(raw: bytes, name: str) -> list[str]:
    data, _ = read_document(raw, name)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in VALIDATOR.iter_errors(editor_view(data))]


def good_files(tmp_path_factory) -> list[Path]:
    """Every file the validator accepts that the repository holds or the tests write."""
    files = [SEED, *sorted(FIXTURES.glob("*.yaml")), *sorted((FIXTURES / "unseen").glob("*.yaml")),
             *sorted((ROOT / "examples").glob("*.yaml")), *sorted((ROOT / "examples").glob("*.json"))]
    folder = tmp_path_factory.mktemp("good")
    files.append(write_large_facts(folder / "large.yaml", topics=12))
    minimal = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    for field, (anchor, replacement, _) in GOOD.items():
        path = folder / f"1-1-{field}.yaml"
        path.write_text(minimal.replace(anchor, replacement, 1), encoding="utf-8")
        files.append(path)
    from reportgen.init import KINDS, facts_template

    for kind in KINDS:
        path = folder / f"init-{kind}.yaml"
        path.write_text(facts_template(kind), encoding="utf-8")
        files.append(path)
    return files


def test_the_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_accepts_every_file_validate_accepts(tmp_path_factory):
    files = good_files(tmp_path_factory)
    assert len(files) >= 3 + len(GOOD)
    for path in files:
        raw = path.read_bytes()
        parse_facts(raw, str(path))  # valid
        assert schema_problems(raw, str(path)) == [], path


@pytest.mark.parametrize("fixture", sorted(p.name for p in (FIXTURES / "bad").glob("*.yaml")
                                           if p.name in ("many-problems.yaml", "misspelt-key.yaml",
                                                         "wrong-version.yaml", "control-character.yaml")))
def test_the_schema_refuses_the_bad_fixtures_that_are_yaml(fixture):
    raw = (FIXTURES / "bad" / fixture).read_bytes()
    assert schema_problems(raw, fixture)


# What the validator checks and JSON Schema cannot state; each is said in the description of its field.
UNSTATABLE = ("names no source", "duplicate id", "duplicate figure id", "names no other figure",
              "a part must have the unit", "words", "BCP 47", "surrogate", "noncharacter", "is not a date",
              "only invisible characters")


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_schema_and_validator_agree_on_generated_files(data):
    raw = json.dumps(data).encode("utf-8")
    try:
        parse_facts(raw, "facts.json")
    except FactsError as e:
        refused = [p.message for p in e.problems]
    else:
        refused = []
    try:
        in_schema = not list(VALIDATOR.iter_errors(json.loads(raw)))
    except ValueError:  # NaN and infinities: no JSON value
        in_schema = False
    if not refused:
        assert in_schema, [e.message for e in VALIDATOR.iter_errors(json.loads(raw))]
    elif in_schema:
        assert all(any(u in m for u in UNSTATABLE) for m in refused), refused


def _fields(schema: dict):
    """(model, field, property schema) of every field of every model in the schema."""
    for name, model in [("Facts", schema), *schema["$defs"].items()]:
        for field, prop in model.get("properties", {}).items():
            yield name, field, prop


def test_every_field_has_a_description_and_an_example():
    fields = list(_fields(SCHEMA))
    assert len(fields) > 55
    missing = [f"{m}.{f}" for m, f, p in fields if not p.get("description") or not p.get("examples")]
    assert missing == []


def test_every_example_is_valid_for_its_field():
    for model, field, prop in _fields(SCHEMA):
        checker = jsonschema.Draft202012Validator({**prop, "$defs": SCHEMA["$defs"]},
                                                  format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for example in prop["examples"]:
            assert not list(checker.iter_errors(example)), (model, field, example)


def test_rules_the_schema_cannot_state_are_described():
    props = SCHEMA["$defs"]
    assert "JSON Schema cannot say it" in props["Point"]["properties"]["source"]["description"]
    assert "JSON Schema cannot say it" in props["Figure"]["properties"]["part_of"]["description"]
    assert "JSON Schema cannot say it" in props["Source"]["properties"]["id"]["description"]


def test_the_readme_field_reference_is_what_the_generator_prints():
    from reportgen.schemadoc import BEGIN, END, reference

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    section = readme[readme.index(BEGIN) + len(BEGIN): readme.index(END)]
    assert section.strip() == reference().strip(), "run `make reference` and commit the README"
    assert "SPEC.md" not in readme
