"""Wording per language: the catalogs (Babel), French typography and dates, plural forms, the plan's
numbers in words, and the languages a brief may be written in."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from reportgen.charts import tick_number, timeline_ticks
from reportgen.facts import Figure
from reportgen.formatting import Formatter
from reportgen.plan import states
from reportgen.text import LOCALE_DIR, TEMPLATES_DIR, WORDING, Wording, has_catalog, languages

from .conftest import ROOT, run

NNBSP, NBSP = "\u202f", "\u00a0"


def catalog(language: str):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "reportgen.po", "rb") as f:
        return read_po(f)


def template_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message the template marks, as Babel's jinja2 extractor reads it."""
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true",
               "newstyle_gettext": "true"}
    found = set()
    for _, message, _, context in extract_from_file("jinja2", TEMPLATES_DIR / WORDING, options=options):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


# --- the catalogs -------------------------------------------------------------------------------------


def test_languages_are_those_with_a_catalog():
    assert languages() == ("en", "fr")


def test_the_french_catalog_translates_every_word_of_the_template():
    """`make catalogs` was run after the template last changed, and every French message is translated
    (none fuzzy): a new English word cannot reach a French brief untranslated."""
    po = catalog("fr")
    marked = template_messages()
    in_catalog = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in po if m.id}
    assert marked == in_catalog, f"run `make catalogs`: {marked ^ in_catalog}"
    for message in po:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_compiled_catalog_is_the_translated_one(language):
    """The .mo shipped in the package says what the .po says (`make catalogs` compiled it): each message
    reads as its translation, or as the English source where it has none."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "reportgen.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    for m in catalog(language):
        if not m.id:
            continue
        if isinstance(m.id, (tuple, list)):
            strings = tuple(m.string)
            for n, form in ((1, 0), (2, -1)):
                expected = strings[form] or m.id[0 if n == 1 else 1]
                got = mo.npgettext(m.context, m.id[0], m.id[1], n) if m.context else mo.ngettext(m.id[0], m.id[1], n)
                assert got == expected, m.id
        else:
            got = mo.pgettext(m.context, m.id) if m.context else mo.gettext(m.id)
            assert got == (m.string or m.id), m.id


def test_catalogs_have_the_cldr_plural_rules():
    assert "plural=(n != 1)" in catalog("en").plural_expr or catalog("en").plural_expr == "(n != 1)"
    assert catalog("fr").plural_expr.startswith("(n == 0 || n == 1)")


# --- the language of a brief ----------------------------------------------------------------------------


def test_a_regional_variant_falls_back_to_its_language():
    for tag in ("fr-FR", "fr-CA", "fr-BE", "fr"):
        assert Wording(tag).say("section_title", "bottom-line") == "L’essentiel", tag
    for tag in ("en-GB", "en-US", "en-AU"):
        assert Wording(tag).say("section_title", "bottom-line") == "Bottom line", tag
    assert has_catalog("fr-BE") and not has_catalog("de-DE") and not has_catalog("xx-not-a-tag")


def brief_in(tmp_path: Path, language: str) -> Path:
    text = (ROOT / "data" / "india-russia-summit-2025.yaml").read_text(encoding="utf-8")
    assert "  language: en-GB\n" in text
    path = tmp_path / f"brief-{language}.yaml"
    path.write_text(text.replace("  language: en-GB\n", f"  language: {language}\n"), encoding="utf-8")
    return path


def test_a_language_with_no_catalog_is_refused_at_its_line_naming_those_available(tmp_path):
    path = brief_in(tmp_path, "de-DE")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  language:"))
    result = run("validate", path)
    assert result.exit_code == 1, result.output
    assert f"{path}:{line}:13: brief.language" in result.output, result.output
    assert "en or fr" in result.output and "'de-DE'" in result.output


def test_fr_ca_builds_in_french(tmp_path):
    path = brief_in(tmp_path, "fr-CA")
    result = run("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    from docx import Document

    text = "\n".join(p.text for p in Document(tmp_path / "out" / f"{path.stem}.docx").paragraphs)
    assert "L’essentiel" in text and "Annexe A\u202f: Détail des sujets" in text and "Bottom line" not in text


# --- French typography, dates, money and numbers: a table of cases ---------------------------------------

CASES = [
    # (language, what, expected)
    ("fr-FR", lambda f: f.date("2025-12-05"), "5 décembre 2025"),
    ("fr-FR", lambda f: f.date("2025-12-01"), "1er décembre 2025"),
    ("fr-CA", lambda f: f.date("2026-03-01"), "1er mars 2026"),
    ("fr-FR", lambda f: f.date("2025-12"), "décembre 2025"),
    ("en-GB", lambda f: f.date("2025-12-01"), "1 December 2025"),
    ("en-US", lambda f: f.date("2025-12-05"), "December 5, 2025"),
    ("fr-FR", lambda f: f.quantity(5, "USD billion"), f"5{NBSP}Md{NBSP}$US"),
    ("fr-FR", lambda f: f.quantity(750, "USD million", "over"), f"plus de{NBSP}750{NBSP}M{NBSP}$US"),
    ("fr-FR", lambda f: f.quantity(1.5, "EUR million", "about"), f"environ{NBSP}1,5{NBSP}M{NBSP}€"),
    ("fr-FR", lambda f: f.quantity(750, "USD"), f"750{NBSP}$US"),
    ("fr-CA", lambda f: f.quantity(5, "USD billion"), f"5{NBSP}G{NBSP}${NBSP}US"),
    ("en-GB", lambda f: f.quantity(5, "USD billion"), f"US$5{NBSP}billion"),
    ("fr-FR", lambda f: f.quantity(12500, None), f"12{NNBSP}500"),
    ("fr-FR", lambda f: f.quantity(10.5, "%"), f"10,5{NBSP}%"),
    ("en-GB", lambda f: f.quantity(10.5, "%"), "10.5%"),
    ("fr-FR", lambda f: f.quantity(40_000_000, "doses"), f"40{NBSP}millions{NBSP}de doses"),
    ("fr-FR", lambda f: f.quantity(3_000_000, "euros"), f"3{NBSP}millions{NBSP}d’euros"),
    ("fr-FR", lambda f: f.quantity(3, "escadrons", "at least"), f"au moins{NBSP}3{NBSP}escadrons"),
    ("fr-FR", lambda f: f.axis([5, 2], "USD billion")[1], f"Md{NBSP}$US"),
    ("fr-FR", lambda f: f.month(2025, 12), "déc. 2025"),
]


@pytest.mark.parametrize("language,what,expected", CASES)
def test_numbers_money_and_dates(language, what, expected):
    assert what(Formatter(language)) == expected


WORDS = [
    # (macro and its values, French, English)
    (("annex_heading", "A", "topics"), f"Annexe A{NNBSP}: Détail des sujets", "Annex A: Topic detail"),
    (("page_of",), "Page # sur #", "Page # of #"),
    (("continued", "Titre", 1, 4), f"Titre (1{NBSP}sur{NBSP}4)", f"Titre (1{NBSP}of{NBSP}4)"),
    (("status_tag", "Convenu"), f"État{NNBSP}: Convenu", "Status: Convenu"),
    (("change_status", "agreed", "concern"),
     f"État modifié{NNBSP}: «{NNBSP}convenu{NNBSP}» devient «{NNBSP}préoccupation{NNBSP}».",
     "Status changed from agreed to concern."),
    (("joined", ["A", "B"]), f"A{NNBSP}; B", "A; B"),
    (("subject", "information", "Sommet", "5 décembre 2025, New Delhi"),
     f"Note d’information{NNBSP}: Sommet, 5 décembre 2025, New Delhi",
     "Briefing note: Sommet, 5 décembre 2025, New Delhi"),
    (("subject", "decision", "Sommet", "5 mars 2026"), f"Note de décision{NNBSP}: Sommet, 5 mars 2026",
     "Submission: Sommet, 5 mars 2026"),
    (("subject", "meeting", "Sommet", "5 mars 2026"), f"Note pour la rencontre{NNBSP}: Sommet, 5 mars 2026",
     "Meeting brief: Sommet, 5 mars 2026"),
    (("section_title", "points-to-make"), "Points à faire valoir", "Points to make"),
    (("section_title", "if-raised"), "Si la question est soulevée", "If raised"),
    (("panel_title", "if-raised"), "Si la question est soulevée", "If raised"),
    (("options_title", 3, "B"), f"3{NBSP}options{NNBSP}: nous recommandons «{NNBSP}B{NNBSP}»",
     "3 options: we recommend “B”"),
    (("decision_title", "5 mars 2026", "Faut-il financer le projet."),
     f"Décision requise d’ici le 5 mars 2026{NNBSP}: faut-il financer le projet",
     "Decision needed by 5 mars 2026: Faut-il financer le projet"),
    (("pair_title", "agreed", "A", "B"), f"Convenus{NNBSP}: A et B", "Agreed: A and B"),
    (("annex_tables_title", ["figures", "timeline", "people"]), "Chiffres, chronologie et qui est qui",
     "Figures, timeline and who's who"),
    # Plural forms from the catalog: French counts 0 and 1 as one.
    (("bottom_line_title", {"agreed": 1, "concern": 1}, 3),
     f"L’essentiel{NNBSP}: 1{NBSP}sujet sur 3 convenu, 1{NBSP}encore ouvert, 1{NBSP}préoccupation soulevée",
     "Bottom line: 1 of 3 agreed, 1 still open, 1 concern raised"),
    (("bottom_line_title", {"agreed": 2, "concern": 2}, 8),
     f"L’essentiel{NNBSP}: 2{NBSP}sujets sur 8 convenus, 4{NBSP}encore ouverts, 2{NBSP}préoccupations soulevées",
     "Bottom line: 2 of 8 agreed, 4 still open, 2 concerns raised"),
    (("status_chart_title", {"agreed": 0}, 1), f"0{NBSP}résultat sur 1{NBSP}convenu", "0 of 1 outcome agreed"),
    (("chart_source_facts", 1), f"Source{NNBSP}: l’état que la présente note attribue à son unique sujet",
     "Source: the status this brief gives its one topic"),
    (("chart_source", ["a", "b"]), f"Sources{NNBSP}: a{NNBSP}; b", "Sources: a; b"),
]


@pytest.mark.parametrize("call,french,english", WORDS)
def test_fixed_words_in_french_and_english(call, french, english):
    assert Wording("fr-FR").say(*call) == french
    assert Wording("en-GB").say(*call) == english


def test_a_french_point_states_a_figure_in_french_words():
    """"Trois escadrons" states 3 escadrons; "5 milliards de dollars" with the currency named states
    5 Md $US; the English rules are unchanged."""
    fr, en = Formatter("fr-FR"), Formatter("en-GB")
    squadrons = Figure(label="Escadrons", value=3, unit="escadrons", source="a")
    assert states("Trois escadrons de S-400 ont déjà été intégrés.", squadrons, fr)
    assert not states("Trois régiments ont été intégrés.", squadrons, fr)
    money = Figure(label="Accord", value=5, unit="USD billion", source="a")
    assert states("L’accord de 5 milliards de dollars des États-Unis a été conclu.", money, fr)
    assert states("L’accord de 5 milliards USD a été conclu.", money, fr)
    assert not states("L’accord de 5 milliards a été conclu.", money, fr)  # no currency
    assert not states("L’accord de 5 millions USD a été conclu.", money, fr)  # another scale
    share = Figure(label="Part", value=10, unit="%", source="a")
    assert states("Une part de 10 pour cent.", share, fr) and states("Une part de 10 %.", share, fr)
    assert not states("Dix accords signés.", share, fr)
    over = Figure(label="Prêts", value=750, unit="USD million", qualifier="over", source="a")
    assert states("plus de 750 millions USD de prêts", over, fr) and not states("750 millions USD", over, fr)
    assert states("Three S-400 squadrons", Figure(label="S", value=3, unit="squadrons", source="a"), en)
    assert not states("trois squadrons", Figure(label="S", value=3, unit="squadrons", source="a"), en)


def test_chart_axes_in_the_brief_language():
    assert tick_number(12500, "fr-FR") == f"12{NNBSP}500" and tick_number(2.5, "fr-FR") == "2,5"
    assert tick_number(12500) == "12,500" and tick_number(3.0) == "3"
    assert timeline_ticks(2025.85, 2026.3, language="fr-FR")[1][:2] == ["déc. 2025", "janv. 2026"]
    assert timeline_ticks(2025.85, 2026.3)[1][:2] == ["Dec 2025", "Jan 2026"]


def test_make_catalogs_extracts_what_the_catalog_holds(tmp_path):
    """The Makefile's extract step (pybabel with babel.cfg) finds the messages this test reads."""
    pot = tmp_path / "reportgen.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    done = subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-o", str(pot), "reportgen/templates"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(pot, "rb") as f:
        extracted = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in read_po(f) if m.id}
    assert extracted == template_messages()



@pytest.mark.parametrize("language,text,stated", [
    ("fr-FR", "L’objectif de 100 milliards de dollars de DTS a été atteint.", True),
    ("fr-BE", "L’objectif de 100 milliards de dollars a été atteint.", True),
    ("en-GB", "A fund of 100 billion dollars.", True),
    ("en-US", "A fund of 100 billion dollars.", True),
    ("fr-CA", "L’objectif de 100 milliards de dollars a été atteint.", False),  # dollars canadiens, here
    ("en-AU", "A fund of 100 billion dollars.", False),  # Australian dollars, there
    ("fr-FR", "Un fonds de 100 milliards de dollars canadiens.", False),  # another dollar named
    ("fr-FR", "Un fonds de 100 milliards d’euros.", False),
])
def test_prose_names_a_dollar_without_its_country_where_that_is_unambiguous(language, text, stated):
    """A French desk writes "100 milliards de dollars", and the annex then repeated the figure as
    "100 Md $US" (the unseen Paris-pact submission): the bare name states US dollars where the country's
    own currency is not a dollar."""
    money = Figure(label="Fonds", value=100, unit="USD billion", source="a")
    assert states(text, money, Formatter(language)) is stated


def test_a_wording_said_again_is_what_it_says_afresh():
    """The sayings kept for plain arguments: the same text as a fresh rendering, in each language, and
    values equal in Python but written differently (1, 1.0, True; 0.0, -0.0) are not mixed up."""
    from reportgen.text import Wording

    calls = [("numbered", 1, "Agree"), ("numbered", True, "Agree"), ("numbered", 1.0, "Agree"),
             ("numbered", 0.0, "x"), ("numbered", -0.0, "x"), ("continued", "Options", 2, 3),
             ("status_tag", "Agreed"), ("annex_tables_title", ["timeline", "people"]),
             ("annex_tables_title", ("timeline", "people"))]
    for language in ("en-GB", "fr-FR"):
        kept = Wording(language)
        for _ in range(2):
            for call in calls:
                assert kept.say(*call) == Wording(language).say(*call), (language, call)
        said = [kept.say(*call) for call in calls[:5]]
        assert said == ["1. Agree", "True. Agree", "1.0. Agree", "0.0. x", "-0.0. x"], said
