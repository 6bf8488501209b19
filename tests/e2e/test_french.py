"""The French example (data/india-russia-summit-2025-fr.yaml) built as a reader gets it: no English fixed
word left in the note, the deck, their alt text, speaker notes or document properties; every fact there;
French typography on the rendered pages."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from reportgen.formatting import formatter
from reportgen.load import load_facts
from reportgen.text import LOCALE_DIR

from ..conftest import ROOT, assert_every_fact_in, built, run, to_pdf
from .test_note import pdf_pages

FRENCH = ROOT / "data" / "india-russia-summit-2025-fr.yaml"
NNBSP = "\u202f"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\||#")


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> dict[str, Path]:
    return built(FRENCH, tmp_path_factory.mktemp("french"))


def reader_text(path: Path) -> str:
    """What a reader of the file sees or hears: the text of the body, headers and footers, slides, tables,
    charts and speaker notes, the alt text of pictures and charts, the names of the deck's shapes and
    sections, and the document properties (not the template's layouts and masters, which no slide shows)."""
    read = re.compile(r"(word/(document|header\d*|footer\d*)|ppt/(slides/slide|notesSlides/notesSlide|charts/chart)"
                      r"\d*|ppt/presentation|docProps/core|word/charts/chart\d*)\.xml$")
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not read.match(name):
                continue
            xml = package.read(name).decode("utf-8").replace("<w:noBreakHyphen/>", "<w:t>-</w:t>")
            xml = re.sub(r"</(w|a):p>", r"<\1:t>\n</\1:t>", xml)  # a paragraph's runs joined, paragraphs apart
            texts.append("".join(re.findall(r"<(?:w:t|a:t|c:v|dc:title|dc:subject|cp:keywords|cp:category|"
                                            r"dc:description)(?: [^>]*)?>([^<]*)<", xml)))
            texts += re.findall(r' (?:descr|title)="([^"]*)"', xml)
            if name.startswith("ppt/slides/"):  # the shapes reportgen names, as the selection pane lists them
                texts += re.findall(r'<p:cNvPr [^>]*name="([^"]*)"', xml)
            texts += re.findall(r'<p14:section name="([^"]*)"', xml)
    return "\n".join(html.unescape(t) for t in texts)


def english_only_phrases() -> set[str]:
    """Every phrase of the English wording (the catalog's msgids, cut at their placeholders) that no French
    translation uses: 'Bottom line', 'Annex', 'Status', 'of', 'still open'... ('Date', 'Source' and
    'Figure' are French words too, so they are not looked for)."""
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "reportgen.po", "rb") as f:
        catalog = read_po(f)
    english, french = set(), []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        french += strings
        for text in ids:
            for piece in PLACEHOLDER.split(text):
                phrase = piece.strip(" \u00a0:;,.()—→")
                if re.search(r"[A-Za-z]{2}", phrase):
                    english.add(phrase)
    said = "\n".join(french)
    return {p for p in english if not re.search(rf"(?<!\w){re.escape(p)}(?!\w)", said)}


def fact_strings(value) -> set[str]:
    """Every text of the facts, white space folded as a paragraph shows it."""
    if isinstance(value, str):
        return {" ".join(value.split())} if value.strip() else set()
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    return set().union(*(fact_strings(v) for v in items)) if items else set()


def test_the_check_knows_the_english_words():
    phrases = english_only_phrases()
    assert {"Bottom line", "Annex", "Status", "still open", "of", "per cent", "three", "New"} <= phrases
    assert not {"Date", "Source", "Figure", "Page"} & phrases


def assert_no_english_wording(path: Path, facts: Path) -> str:
    """The brief's own wording in a built file (the facts' text set aside), checked for English phrases."""
    text = reader_text(path)
    # What the facts say is quoted as written (a source keeps its own title, New Delhi its name; an amount
    # with an ISO code is written by the formatter; a meeting's format follows a comma in lower case; a
    # header's short value never breaks):
    # only what is left is the brief's own wording.
    facts_read = load_facts(facts)
    fmt = formatter(facts_read.brief.language)
    for value in sorted(fact_strings(facts_read.model_dump()), key=len, reverse=True):
        for written in (fmt.money_in_text(value), value, value[:1].lower() + value[1:], value.rstrip("."),
                        value.replace(" ", "\u00a0")):
            text = text.replace(written, "\n")
    found = sorted(p for p in english_only_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))
    assert not found, f"English in the French {path.name}: {found}"
    return text


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_no_english_fixed_word_in_a_french_brief(french, fmt):
    text = assert_no_english_wording(french[fmt], FRENCH)
    assert "L’essentiel" in text and "Annexe" in text


@pytest.mark.parametrize("example", ["india-russia-decision", "india-russia-meeting"])
def test_no_english_fixed_word_in_a_french_decision_or_meeting_brief(example, tmp_path):
    """The words of the other two kinds of brief (recommendation, options, points à faire valoir, « si la
    question est soulevée »...) in French: the English examples built with language fr-CA (their facts
    stay English, and are set aside)."""
    text = (ROOT / "examples" / f"{example}.yaml").read_text(encoding="utf-8")
    facts = tmp_path / f"{example}.yaml"
    facts.write_text(re.sub(r"(?m)^  language: .*$", "  language: fr-CA", text) if "  language:" in text
                     else text.replace("\nbrief:\n", "\nbrief:\n  language: fr-CA\n", 1), encoding="utf-8")
    result = run("build", facts, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    for fmt in ("docx", "pptx"):
        assert_no_english_wording(tmp_path / "out" / f"{example}.{fmt}", facts)


def test_every_french_fact_is_in_the_note_and_the_deck(french):
    facts = load_facts(FRENCH)
    for fmt in ("docx", "pptx"):
        assert_every_fact_in(reader_text(french[fmt]), facts)


def test_the_french_note_reads_french_on_its_pages(soffice, french, tmp_path):
    pages = pdf_pages(to_pdf(soffice, french["docx"], tmp_path))
    assert f"Page 1 sur {len(pages)}" in pages[0]
    assert "5 décembre 2025" in pages[0] and "Pour information" in pages[0]
    text = " ".join(pages)
    assert "Annexe A : Détail des sujets" in text.replace(NNBSP, " ")
    assert not re.search(r"\bPage \d+ of\b|\bAnnex [A-C]\b|\bBottom line\b", text)


def test_the_french_note_keeps_to_four_pages(soffice, french, tmp_path):
    pages = pdf_pages(to_pdf(soffice, french["docx"], tmp_path))
    assert len(pages) <= 4


def test_french_colons_take_a_narrow_no_break_space(french):
    """Every colon the wording writes in the French note follows a narrow no-break space, never a plain
    one or none ('Référence : NI-2025-117', 'Annexe A : ...')."""
    with zipfile.ZipFile(french["docx"]) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", xml)
    labels = [r for r in runs if r.rstrip().endswith(":")]
    assert labels and all(r.rstrip()[-2] == NNBSP for r in labels), labels


PARIS = ROOT / "tests" / "fixtures" / "unseen" / "paris-pact-2023-decision-fr.yaml"


def test_an_unseen_french_submission_reads_french_fits_four_pages_and_says_each_sum_once(soffice, tmp_path):
    """A fr-FR submission written from the Paris summit of June 2023 (not written for these tests' wording):
    no English fixed word, every fact there, the recommendations and their French tick boxes on page 1,
    4 pages at most, and each sum said once in the topic detail: "100 milliards de dollars" in a point
    states the figure, which the annex then repeated as "100 Md $US"."""
    files = built(PARIS, tmp_path)
    for path in files.values():
        assert_no_english_wording(path, PARIS)
    facts = load_facts(PARIS)
    assert_every_fact_in(reader_text(files["docx"]), facts)
    pages = pdf_pages(to_pdf(soffice, files["docx"], tmp_path))
    assert len(pages) <= 4
    page_one = " ".join(pages[0].split())
    assert all(" ".join(r.split()[:8]) in page_one for r in facts.decision.recommendations)
    assert page_one.count("☐ Approuvé") == len(facts.decision.recommendations)
    annex = " ".join(" ".join(pages).split()).split("Annexe A")[-1].replace(NNBSP, " ").replace("\u00a0", " ")
    assert "100 Md $US" not in annex and "6,3 Md $US" not in annex, annex
