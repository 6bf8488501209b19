"""Things defined once: the document properties both files carry, and the label sizes."""

from __future__ import annotations

import ast
import datetime as dt
import zipfile
from pathlib import Path

from reportgen import __version__
from reportgen.theme import THEME

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"


def test_the_note_and_the_deck_carry_the_same_core_properties_and_name_their_program(seed_outputs):
    """docProps/core.xml is written by one function for both files: the same bytes in each (on the old
    code the deck had no last-printed date, so the template's would have stayed); app.xml names reportgen."""
    with zipfile.ZipFile(seed_outputs["docx"]) as note, zipfile.ZipFile(seed_outputs["pptx"]) as deck:
        assert note.read("docProps/core.xml") == deck.read("docProps/core.xml")
        assert b"<cp:lastPrinted>2025-12-05T00:00:00Z</cp:lastPrinted>" in deck.read("docProps/core.xml")
        for package in (note, deck):
            app = package.read("docProps/app.xml").decode()
            assert f"<Application>reportgen {__version__}</Application>" in app
            assert "<Pages>" not in app and "<Words>" not in app


def test_label_sizes_are_the_theme_s_and_no_module_sets_one_of_its_own():
    """Every label size is a field of the Theme (the chart pictures' the smallest text of all); no module
    of reportgen assigns a number to a name ending in LABEL_PT (once four modules did, each another size)."""
    sizes = {name: value for name, value in vars(THEME).items() if name.endswith("_pt") and "space" not in name}
    assert THEME.picture_label_pt == min(sizes.values())
    assert THEME.picture_label_pt < THEME.note_chart_label_pt < THEME.slide_chart_label_pt < THEME.slide_label_pt
    numbers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, (int, float)):
                numbers += [f"{path.name}: {t.id}" for t in node.targets
                            if isinstance(t, ast.Name) and t.id.endswith("LABEL_PT")]
    assert numbers == []


def test_changes_are_dated_by_the_previous_brief_s_as_of_date():
    """'Changes since ...' names the previous version by the date its header gave (Facts.as_of): its
    brief.as_of when set, else its latest source's date. The summit's date, which the old version_date
    took whenever it was later (a brief written before the summit), is not when that brief spoke from."""
    from reportgen.diff import compare
    from reportgen.load import load_facts

    from .conftest import FIXTURES

    old = load_facts(FIXTURES / "minimal.yaml")
    old = old.model_copy(update={"sources": [old.sources[0].model_copy(update={"date": dt.date(2025, 1, 2)})]})
    new = old.model_copy()
    assert old.summit.date == dt.date(2025, 1, 10)
    assert compare(old, new).since == old.as_of() == dt.date(2025, 1, 2)
    stated = old.model_copy(update={"brief": old.brief.model_copy(update={"as_of": dt.date(2025, 1, 5)})})
    assert compare(stated, new).since == dt.date(2025, 1, 5)
