"""What changed since the previous brief: in the note, in the deck, and from `reportgen diff`."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from ..conftest import SEED, run

# Test data, not facts: a made-up second version of the seed, with one change of each kind.
CHANGED_FIGURE = ("        value: 3\n        unit: squadrons", "        value: 4\n        unit: squadrons")
NEW_POINT = ("        source: article\n    figures:\n      - label: S-400 squadrons",
             "        source: article\n      - text: A fourth squadron was reported inducted.\n"
             "        source: article\n    figures:\n      - label: S-400 squadrons")
STATUS = ("    status: under-consideration\n", "    status: in-progress\n")
REMOVED_POINT = ("      - text: >-\n          New discussions may bring the next-generation S-500 anti-missile\n"
                 "          system into consideration.\n        source: article\n", "")
EXPECTED = [
    "S-400 squadrons already inducted: 3 squadrons → 4 squadrons.",
    "New: A fourth squadron was reported inducted.",
    "Status changed from under consideration to in progress.",
    "No longer reported: New discussions may bring the next-generation S-500 anti-missile system into "
    "consideration.",
]


def second_version(path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    for old, new in (CHANGED_FIGURE, NEW_POINT, STATUS, REMOVED_POINT):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def note_text(docx: Path) -> str:
    return "\n".join(p.text for p in Document(str(docx)).paragraphs).replace("\u00a0", " ")


def deck_slides(pptx: Path) -> list[str]:
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame).replace("\u00a0", " ")
            for slide in Presentation(str(pptx)).slides]


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("changed")
    facts = second_version(out / "summit.yaml")
    result = run("build", facts, "--since", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    assert "1 topic(s) changed" in result.output
    return out


def test_the_note_has_a_changes_section_after_the_key_points(changed):
    doc = Document(str(changed / "summit.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Purpose", "Bottom line", "Changes since 5 December 2025"]
    after = [p.text for p in doc.paragraphs]
    first_change = after[after.index("Changes since 5 December 2025") + 1]
    # a topic with several changes is named once, in bold, above them (as implications are)
    assert first_change == "Air defence — S-400 and S-500"
    text = note_text(changed / "summit.docx")
    for sentence in EXPECTED:
        assert sentence in text


def test_the_deck_has_a_what_changed_slide(changed):
    slides = deck_slides(changed / "summit.pptx")
    whats_new = [s for s in slides if s.startswith("Changes since 5 December 2025")]
    assert whats_new
    for sentence in EXPECTED:
        assert any(sentence in s for s in whats_new), sentence


def test_diff_prints_each_change(tmp_path):
    result = run("diff", SEED, second_version(tmp_path / "summit.yaml"))
    assert result.exit_code == 0
    output = result.output.replace("\u00a0", " ")  # a number and its unit are joined by a no-break space
    assert "Air defence — S-400 and S-500" in output
    for sentence in EXPECTED:
        assert sentence in output
    assert "  ~ S-400 squadrons already inducted: 3 squadrons → 4 squadrons." in output


def test_an_unchanged_brief_says_nothing_about_changes(tmp_path):
    assert run("diff", SEED, SEED).output.startswith("no changes")
    assert run("build", SEED, "--since", SEED, "-o", tmp_path).exit_code == 0
    assert "Changes since" not in note_text(tmp_path / f"{SEED.stem}.docx")
    assert not any(s.startswith("Changes since") for s in deck_slides(tmp_path / f"{SEED.stem}.pptx"))


def test_the_previous_version_comes_from_the_manifest(tmp_path):
    facts, out = tmp_path / "summit.yaml", tmp_path / "out"
    facts.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("build", facts, "-o", out).exit_code == 0
    assert "Changes since" not in note_text(out / "summit.docx")
    second_version(facts)
    assert "1 topic(s) changed" in run("build", facts, "-o", out).output
    assert "Changes since" in note_text(out / "summit.docx")
    # Rebuilt for another reason (forced): still compared with the version before, not with itself.
    assert "1 topic(s) changed" in run("build", facts, "-o", out, "--force").output
    assert all(sentence in note_text(out / "summit.docx") for sentence in EXPECTED)
