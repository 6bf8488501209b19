"""Hostile facts, round 3 (issue 22, classes 8 and 9 and the facts "lower" items): text that reads
backwards or not at all, numbers YAML reads in another base, values the brief would show as 0, chart
labels that collide, URLs that do more than link, language tags that are not tags, files too big to
compose, and the messages that quote such values. Each is refused at its place by `validate`, `build`
and `diff` alike (exit 1, never a traceback), or, for diff, matched as a reader would."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from .conftest import FIXTURES, run
from .test_hostile_facts import MINIMAL, assert_refused_everywhere, minimal_with, note_text


# --- 8. text that reads backwards, or not at all ------------------------------------------------

@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                  "\u2068", "\u2069"])
def test_bidi_controls_are_refused_in_a_figure_label(tmp_path, char):
    # A label ending in U+202E makes the note show 12 as "21" and a citation as "]1[".
    facts = minimal_with(tmp_path, "label: Tariff cut", f'label: "Tariff cut\\u{ord(char):04X}"')
    assert_refused_everywhere(tmp_path, facts, rf"facts\.yaml:24:16: topics\[0\]\.figures\[0\]\.label: plain "
                                               rf"text expected: U\+{ord(char):04X} is a bidirectional")


@pytest.mark.parametrize("old,new,located", [
    ("title: Test Summit", 'title: "\\u202eTest Summit"', r"facts\.yaml:3:10: summit\.title: .*U\+202E"),
    ("purpose: To test reportgen.", 'purpose: "To test \\u2066reportgen."', r"facts\.yaml:10:12: brief\.purpose: .*U\+2066"),
    ("text: Tariffs fall by a tenth.", 'text: "Tariffs fall \\u202dby a tenth."',
     r"facts\.yaml:21:15: topics\[0\]\.points\[0\]\.text: .*U\+202D"),
    ("classification: OFFICIAL-SENSITIVE", 'classification: "OFFICIAL\\u202e-SENSITIVE"',
     r"facts\.yaml:9:19: brief\.classification: .*U\+202E"),
    ("{name: Ana Lima,", '{name: "Ana \\u2067Lima",', r"facts\.yaml:7:\d+: summit\.leaders\[0\]\.name: .*U\+2067"),
], ids=["title", "purpose", "point", "classification", "leader"])
def test_bidi_controls_are_refused_in_every_text_field(tmp_path, old, new, located):
    assert_refused_everywhere(tmp_path, minimal_with(tmp_path, old, new), located)


@pytest.mark.parametrize("url,char", [("https://example.org/\\u202etxt.exe", "202E"),
                                      ("https://exa\\u200bmple.org/report", "200B"),
                                      ("https://example.org/\\u2066x", "2066"),
                                      ("https://example.org/\\ufeffx", "FEFF")])
def test_bidi_and_zero_width_characters_are_refused_in_urls(tmp_path, url, char):
    facts = minimal_with(tmp_path, "url: https://example.org/report", f'url: "{url}"')
    assert_refused_everywhere(tmp_path, facts, rf"facts\.yaml:14:10: sources\[0\]\.url: a URL without .*U\+{char}")


@pytest.mark.parametrize("old,new,located", [
    ("classification: OFFICIAL-SENSITIVE", 'classification: "\\u200b"',
     r"facts\.yaml:9:19: brief\.classification: text expected, got only invisible characters \(U\+200B\)"),
    ("classification: OFFICIAL-SENSITIVE", 'classification: "\\u200b\\u200c \\u2060\\ufeff"',
     r"facts\.yaml:9:19: brief\.classification: text expected, got only invisible characters"),
    ("title: Test Summit", 'title: "\\u2800"', r"facts\.yaml:3:10: summit\.title: text expected, got only invisible "
                                                r"characters \(U\+2800\)"),
    ("title: Test Summit", 'title: "\\u3164\\u00ad"', r"facts\.yaml:3:10: summit\.title: text expected, got only invisible"),
    ("label: Tariff cut", 'label: "\\u034f\\u180e"', r"facts\.yaml:24:16: topics\[0\]\.figures\[0\]\.label: text "
                                                     r"expected, got only invisible"),
], ids=["zwsp-marking", "format-marking", "braille-blank-title", "hangul-filler-title", "cgj-label"])
def test_text_of_only_invisible_characters_counts_as_empty(tmp_path, old, new, located):
    assert_refused_everywhere(tmp_path, minimal_with(tmp_path, old, new), located)


def test_visible_text_around_invisible_characters_still_builds(tmp_path):
    # A zero-width joiner inside an emoji sequence or a soft hyphen inside a word is text.
    facts = minimal_with(tmp_path, "title: Test Summit", 'title: "Test Sum\\u00admit \\U0001F469\\u200d\\U0001F4BB"')
    assert run("validate", facts).exit_code == 0


# --- 9. values silently changed ------------------------------------------------------------------

@pytest.mark.parametrize("written,base,reads", [
    ("010", "an octal", "8"), ("-010", "an octal", "-8"), ("0x1F", "a hexadecimal", "31"),
    ("0b11", "a binary", "3"), ("1:30:00", "a base-60", "5400"), ("1:30.5", "a base-60", "90.5"),
])
def test_numbers_in_another_base_are_refused_with_their_place(tmp_path, written, base, reads):
    facts = minimal_with(tmp_path, "value: 10", f"value: {written}")
    assert_refused_everywhere(
        tmp_path, facts, rf"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a decimal number expected, got "
                         rf"{re.escape(written)}, which YAML 1\.1 reads as {base} number \({re.escape(reads)}\)")


@pytest.mark.parametrize("written", ["0x" + "f" * 5_000, "0" + "7" * 5_000, "1:" * 3_000 + "1"],
                         ids=["hex", "octal", "base-60"])
def test_a_long_number_in_another_base_is_refused_not_a_crash(tmp_path, written):
    facts = minimal_with(tmp_path, "value: 10", f"value: {written}")
    assert_refused_everywhere(tmp_path, facts, rf"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a decimal "
                                               rf"number expected, got {re.escape(written[:39])}…")


def test_a_meeting_time_written_without_quotes_says_to_quote_it(tmp_path):
    facts = minimal_with(tmp_path, "  purpose: To test reportgen.\n",
                         "  purpose: To test reportgen.\n  action: meeting\n")
    text = facts.read_text() + ("meeting:\n  date: 2025-01-10\n  time: 10:30\n  objectives: [Agree the text]\n")
    facts.write_text(text)
    result = run("validate", facts)
    assert result.exit_code == 1
    assert re.search(r"meeting\.time: a time written HH:MM in quotes expected \(e\.g\. \"10:30\"\), or a decimal "
                     r"number; got 10:30, which YAML 1\.1 reads as a base-60 number \(630\)", result.output), result.output


def test_a_figure_written_as_a_time_is_refused_too(tmp_path):
    facts = minimal_with(tmp_path, "value: 10", "value: 1:30")
    assert_refused_everywhere(tmp_path, facts, r"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a time written "
                                               r"HH:MM in quotes expected .* or a decimal number; got 1:30, which "
                                               r"YAML 1\.1 reads as a base-60 number \(90\)")


@pytest.mark.parametrize("value", ["007", "08", "0o17"])
def test_quoted_or_decimal_forms_are_not_mistaken_for_other_bases(tmp_path, value):
    # "08" is not octal in YAML 1.1 (it is text): still refused, as text where a number belongs.
    facts = minimal_with(tmp_path, "value: 10", f"value: {value}")
    result = run("validate", facts)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_number_the_brief_would_show_as_zero_is_refused(tmp_path):
    # 1e-300 percent was shown as "0%".
    facts = minimal_with(tmp_path, "value: 10", "value: 1e-300")
    assert_refused_everywhere(tmp_path, facts, r"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a number of "
                                               r"at least 1e-12 \(or 0\) expected, got 1e-300, which the brief "
                                               r"would show as 0")


def test_chart_labels_that_collide_once_trimmed_are_refused(tmp_path):
    chart = ('    chart:\n      title: Harvest\n      data:\n        "Rice": 4\n        "Rice ": 5\n'
             '        "Wheat": 6\n')
    facts = minimal_with(tmp_path, "    figures:\n", chart + "    figures:\n")
    assert_refused_everywhere(tmp_path, facts, r"topics\[0\]\.chart\.data: labels 'Rice' and 'Rice ' are the same "
                                               r"once trimmed")


# --- lower: crashes ----------------------------------------------------------------------------

@pytest.mark.parametrize("digits", [309, 400, 4300])
def test_a_huge_integer_is_refused_not_a_crash(tmp_path, digits):
    facts = minimal_with(tmp_path, "value: 10", "value: " + "9" * digits)
    assert_refused_everywhere(tmp_path, facts, rf"facts\.yaml:25:16: topics\[0\]\.figures\[0\]\.value: a number no "
                                               rf"larger than a thousand trillion \(10\^15\) expected, got "
                                               rf"9\.99e\+{digits - 1}")


def test_a_classification_longer_than_a_document_property_is_refused(tmp_path):
    facts = minimal_with(tmp_path, "classification: OFFICIAL-SENSITIVE", "classification: " + "S" * 256)
    assert_refused_everywhere(tmp_path, facts, r"facts\.yaml:9:19: brief\.classification: a classification of at "
                                               r"most 255 characters expected, got 256")


def test_a_classification_of_255_characters_builds(tmp_path):
    facts = minimal_with(tmp_path, "classification: OFFICIAL-SENSITIVE", "classification: " + "S" * 255)
    result = run("build", facts, "-o", tmp_path / "out", "--format", "docx,pptx")
    assert result.exit_code == 0, result.output


# --- lower: URLs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url,message", [
    ("mailto:desk@example.org?attach=/etc/passwd", "a mailto URL without an attachment parameter"),
    ("mailto:desk@example.org?subject=Hi&Attachment=%2Fetc%2Fpasswd", "a mailto URL without an attachment"),
    ("mailto:desk@example.org?%61ttach=/etc/passwd", "a mailto URL without an attachment"),
    ("https://example.org\\\\@evil.example/", "a URL without a backslash"),
    ("https://example.org/" + "a" * 2_000, "a URL of at most 2,000 characters expected, got 2,020"),
], ids=["attach", "attachment", "encoded-attach", "backslash", "too-long"])
def test_urls_that_do_more_than_link_are_refused(tmp_path, url, message):
    facts = minimal_with(tmp_path, "url: https://example.org/report", f'url: "{url}"')
    assert_refused_everywhere(tmp_path, facts, rf"facts\.yaml:14:10: sources\[0\]\.url: {re.escape(message)}")


def test_a_mailto_with_a_subject_still_builds(tmp_path):
    facts = minimal_with(tmp_path, "url: https://example.org/report", 'url: "mailto:desk@example.org?subject=Hi"')
    assert run("validate", facts).exit_code == 0


# --- lower: resources and error lines ------------------------------------------------------------

def test_a_file_of_millions_of_list_items_is_refused_at_the_first_value_past_the_limit(tmp_path):
    # 5 MB, 2.4 million items: refused while parsing, not after building the tree (was 20-46 s, 1.6 GB).
    facts = tmp_path / "facts.yaml"
    facts.write_text(MINIMAL.read_text(encoding="utf-8") + "timeline: [" + ",".join(["0"] * 2_400_000) + "]\n")
    assert facts.stat().st_size < 5_000_000
    result = run("validate", facts)
    assert result.exit_code == 1
    assert re.search(r"facts\.yaml:28:\d+: more than 250,000 values \(list items, keys and values\) in one file; "
                     r"split the brief", result.output), result.output[:500]


def test_a_json_file_of_millions_of_list_items_is_refused_too(tmp_path):
    from .test_hostile_facts import minimal_data

    data = minimal_data()
    data["timeline"] = [0] * 2_400_000
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(data, separators=(",", ":")))
    result = run("validate", facts)
    assert result.exit_code == 1
    assert "more than 250,000 values" in result.output, result.output[:500]


@pytest.mark.parametrize("old,new", [
    ("id: trade", "id: " + "Trade" * 200_000),
    ("url: https://example.org/report", "url: ftp://" + "x" * 1_000_000),
    ("source: wire\n    figures", "source: " + "w" * 1_000_000 + "\n    figures"),
    ("  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  language: " + "x" * 1_000_000 + "\n"),
    ("date: 2025-01-10", "date: '" + "9" * 1_000_000 + "'"),
    ("title: Test Summit", "title: Test Summit\n  ? " + "k" * 1_000_000 + "\n  : 1"),
], ids=["slug", "url", "source", "language", "date", "key"])
def test_error_lines_cut_quoted_values(tmp_path, old, new):
    facts = minimal_with(tmp_path, old, new)
    result = run("validate", facts)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert max(len(line) for line in result.output.splitlines()) < 1_000, result.output[:2_000]


# --- lower: language tags ------------------------------------------------------------------------

@pytest.mark.parametrize("tag,hint", [("en_GB", " (write 'en-GB')"), ("root", ""), ("en-", ""), ("e", ""),
                                      ("en-GB-", ""), ("ｅｎ", "")])
def test_language_tags_that_are_not_bcp_47_are_refused(tmp_path, tag, hint):
    facts = minimal_with(tmp_path, "  purpose: To test reportgen.\n", f"  purpose: To test reportgen.\n  language: {tag}\n")
    assert_refused_everywhere(tmp_path, facts, rf"facts\.yaml:11:13: brief\.language: a BCP 47 language tag such as "
                                               rf"'en-GB' or 'en-US' expected, got '{tag}'{re.escape(hint)}")


def test_a_language_tag_is_written_in_its_canonical_form(tmp_path):
    facts = minimal_with(tmp_path, "  purpose: To test reportgen.\n", "  purpose: To test reportgen.\n  language: EN-gb\n")
    result = run("build", facts, "-o", tmp_path / "out", "--format", "docx,pptx")
    assert result.exit_code == 0, result.output
    for name, part in (("facts.docx", "word/styles.xml"), ("facts.pptx", "ppt/presentation.xml")):
        with zipfile.ZipFile(tmp_path / "out" / name) as package:
            xml = package.read(part).decode()
        tags = set(re.findall(r'(?:w:val|lang)="([A-Za-z]{2}-[A-Za-z]{2})"', xml))
        assert "en-GB" in tags and not {t for t in tags if t.lower() == "en-gb"} - {"en-GB"}, (name, tags)


# --- lower: diff ---------------------------------------------------------------------------------

def _figures(tmp_path: Path, name: str, values: list[int]) -> Path:
    figures = "".join(f"      - {{label: Tariff cut, value: {v}, unit: percent, source: wire}}\n" for v in values)
    text = MINIMAL.read_text(encoding="utf-8")
    start = text.index("    figures:\n")
    path = tmp_path / name
    path.write_text(text[:start] + "    figures:\n" + figures, encoding="utf-8")
    return path


def test_diff_matches_figures_of_one_label_by_their_order(tmp_path):
    # Two figures labelled alike, the second changed: one change, the second's (was: two misreported).
    old, new = _figures(tmp_path, "old.yaml", [10, 20]), _figures(tmp_path, "new.yaml", [10, 25])
    result = run("diff", old, new)
    assert result.exit_code == 0, result.output
    changes = [line for line in result.output.splitlines() if "Tariff cut" in line]
    assert len(changes) == 1 and "20%" in changes[0] and "25%" in changes[0], result.output


def test_diff_reads_composed_and_decomposed_text_as_the_same(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    for name, e in (("old.yaml", "\u00e9"), ("new.yaml", "e\u0301")):
        (tmp_path / name).write_text(text.replace("Tariffs fall by a tenth.", f"Caf{e} tariffs fall.")
                                     .replace("label: Tariff cut", f"label: Caf{e} tariff cut"), encoding="utf-8")
    result = run("diff", tmp_path / "old.yaml", tmp_path / "new.yaml")
    assert result.exit_code == 0, result.output
    assert "New" not in result.output and "No longer reported" not in result.output, result.output


def test_diff_still_reports_a_changed_point(tmp_path):
    old = minimal_with(tmp_path, "text: Tariffs fall by a tenth.", "text: Tariffs fall.", "old.yaml")
    result = run("diff", old, MINIMAL)
    assert "New: Tariffs fall by a tenth." in result.output and "No longer reported: Tariffs fall." in result.output


def test_a_valid_note_keeps_visible_text(tmp_path):
    # The refusals above leave ordinary text alone: the minimal file still builds and says its title.
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert "Test Summit" in note_text(tmp_path / "out" / "minimal.docx")
