"""The loader: the seed is valid; every class of bad input is refused with a located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import FactsError
from reportgen.load import load_facts

from .conftest import FIXTURES, SEED, run

BAD = FIXTURES / "bad"


def messages(path: Path) -> list[str]:
    with pytest.raises(FactsError) as info:
        load_facts(path)
    return [str(p) for p in info.value.problems]


def write(tmp_path: Path, text: str, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def minimal_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new, 1))


def test_seed_is_valid():
    facts = load_facts(SEED)
    assert [t.id for t in facts.topics][:2] == ["defence-production", "joint-ventures-exports"]
    assert all(p.source == "article" for t in facts.topics for p in t.points)


def test_json_is_accepted(tmp_path):
    import json

    import yaml

    data = yaml.safe_load((FIXTURES / "minimal.yaml").read_text())
    data["summit"]["date"] = "2025-01-10"
    path = write(tmp_path, json.dumps(data, ensure_ascii=False), "facts.json")
    assert load_facts(path).summit.place == "Geneva"


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "minimal.yaml").read_bytes())
    assert load_facts(path).summit.title == "Test Summit"


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("empty.yaml", "empty.yaml:1:1: the file is empty"),
        ("syntax-error.yaml", "syntax-error.yaml:5:1: not valid YAML"),
        ("top-level-list.yaml", "top-level-list.yaml:1:1: expected a mapping at the top level"),
        ("wrong-version.yaml", "wrong-version.yaml:1:12: reportgen: format version 1 expected"),
        ("not-utf8.yaml", "not-utf8.yaml:3:13: not UTF-8 text (byte 0xe9)"),
        ("python-tag.yaml", "python-tag.yaml:2:9: summit: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
        ("control-character.yaml", "control-character.yaml:17:15: topics[0].headline: plain text expected: control character U+0007"),
        ("misspelt-key.yaml", "misspelt-key.yaml:17:5: topics[0].headlin: unknown field 'headlin'; did you mean 'headline'?"),
    ],
)
def test_bad_input_is_located(fixture, expected):
    found = messages(BAD / fixture)
    assert any(expected in m for m in found), found


def test_all_problems_reported_at_once():
    found = "\n".join(messages(BAD / "many-problems.yaml"))
    for expected in [
        ":4:9: summit.date: an ISO date expected (YYYY-MM-DD), got '10 January 2025'",
        ":6:12: summit.leaders: at least 1 item expected, got none",
        ":13:10: sources[0].url: an http, https or mailto URL expected",
        ":14:9: sources[1].id: duplicate id 'wire'",
        ":20:13: topics[0].status: 'done' is not a valid status (one of 'agreed', 'in-progress'",
        ":23:17: topics[0].points[0].source: names no source: 'wyre' is not a sources[].id; did you mean 'wire'?",
        ":26:16: topics[0].figures[0].value: a number expected",
    ]:
        assert expected in found, found


def test_missing_required_field_names_it(tmp_path):
    path = minimal_with(tmp_path, "    headline: Tariffs fall.\n", "")
    assert any("topics[0].headline: required field 'headline' is missing" in m for m in messages(path))


def test_wrong_type(tmp_path):
    path = minimal_with(tmp_path, "place: Geneva", "place: [Geneva]")
    assert any(":5:10: summit.place: Input should be a valid string (got a list)" in m for m in messages(path))


def test_control_character_in_text(tmp_path):
    path = minimal_with(tmp_path, "headline: Tariffs fall.", 'headline: "Tariffs\\x07 fall."')
    assert any("topics[0].headline: plain text expected: control character U+0007" in m for m in messages(path))


def test_raw_control_character_in_file(tmp_path):
    path = minimal_with(tmp_path, "headline: Tariffs fall.", "headline: Tariffs\x01 fall.")
    assert any(":18:22: not valid YAML: character U+0001 is not allowed" in m for m in messages(path))


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "example.org"])
def test_only_http_https_mailto_urls(tmp_path, url):
    path = minimal_with(tmp_path, "url: https://example.org/report", f"url: '{url}'")
    assert any("sources[0].url: an http, https or mailto URL expected" in m for m in messages(path))


def test_mailto_is_accepted(tmp_path):
    path = minimal_with(tmp_path, "url: https://example.org/report", "url: mailto:desk@example.org")
    assert load_facts(path).sources[0].url == "mailto:desk@example.org"


def test_duplicate_topic_ids(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text()
    topic = text[text.index("  - id: trade"):]
    path = write(tmp_path, text + topic)
    assert any("topics[1].id: duplicate id 'trade'" in m for m in messages(path))


def test_alias_bomb_is_refused_before_it_expands(monkeypatch):
    """The loader visits each node of the file once and refuses aliases there: the work is the size of the
    file, not of the billions of nodes the aliases would expand to."""
    from reportgen import load

    visits = []
    convert = load._Document.convert
    monkeypatch.setattr(load._Document, "convert", lambda self, *a: visits.append(1) or convert(self, *a))
    found = messages(BAD / "alias-bomb.yaml")
    assert any("anchors and aliases" in m for m in found)
    assert len(visits) <= (BAD / "alias-bomb.yaml").read_text().count("[") * 12


@pytest.mark.parametrize("fixture", sorted(p.name for p in BAD.iterdir()))
def test_cli_refuses_bad_input_cleanly(tmp_path, fixture):
    out = tmp_path / "out"
    result = run("build", BAD / fixture, "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert f"{fixture}:" in result.output
    assert not out.exists() or not any(out.iterdir())
    assert run("validate", BAD / fixture).exit_code == 1


def test_a_brief_too_big_to_build_in_bounded_memory_is_refused_at_its_line(tmp_path):
    from reportgen.facts import MAX_ITEMS, MAX_TOPICS

    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    points = "".join(f"      - text: Point {i}.\n        source: wire\n" for i in range(MAX_ITEMS + 1))
    path = write(tmp_path, text.replace("      - text: Tariffs fall by a tenth.\n        source: wire\n", points))
    assert any(f"topics[0].points: at most {MAX_ITEMS} items expected, got {MAX_ITEMS + 1:,}" in m
               for m in messages(path))
    topic = text[text.index("  - id: trade"):]
    many = text[:text.index("  - id: trade")] + "".join(topic.replace("id: trade", f"id: t{i}")
                                                        for i in range(MAX_TOPICS + 1))
    found = messages(write(tmp_path, many, "many.yaml"))
    assert any(":16:3: topics: at most 2,000 items expected, got 2,001" in m for m in found), found[:3]


def test_a_text_too_short_to_pass_the_limits_needs_no_count():
    """The node count is skipped for texts too short to hold MAX_NODES values: the densest YAML there is
    (a "?" is three values) stays under NODES_PER_CHARACTER values a character, and every alias has its "*"."""
    import yaml

    from reportgen import load

    dense = ["?\n", "[?]", "{?,?}", "- ?\n", "[[]]", "[{}]", "{a,b}", "- - -\n", "-\n", "[a,b]", "{? : }",
             "- &a x\n- *a\n", "a: &x b\nc: *x\n", "[&a 1, *a, *a]"]
    for unit in dense:
        for times in (1, 7):
            text = unit * times if not unit.startswith(("[", "{")) else "[" + ", ".join([unit] * times) + "]"
            try:
                events = list(yaml.parse(text, Loader=load._Loader))
            except yaml.YAMLError:
                continue
            values = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.AliasEvent)) for e in events)
            aliases = sum(isinstance(e, yaml.AliasEvent) for e in events)
            assert values <= load.NODES_PER_CHARACTER * (len(text) + 1) / 3, (text, values)
            assert aliases <= text.count("*")
