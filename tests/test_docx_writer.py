"""The briefing note, written from a Brief and opened as a reader's tools see it (python-docx, the XML)."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from reportgen.builders.docx import DEFAULT_TEMPLATE
from reportgen.docx_writer import render_docx
from reportgen.load import load_facts, parse_facts
from reportgen.plan import plan
from reportgen.theme import contrast

from .conftest import SEED, assert_every_fact_in
from .test_plan import BASE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def note_bytes(facts) -> bytes:
    return render_docx(plan(facts), DEFAULT_TEMPLATE)


def open_note(data: bytes):
    return Document(io.BytesIO(data))


def body_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    return note_bytes(load_facts(SEED))


@pytest.fixture(scope="module")
def note(seed_bytes):
    return open_note(seed_bytes)


def rich_facts():
    """Facts using every 1.1 field, several sources, big numbers and another script."""
    data = copy.deepcopy(BASE)
    data["brief"].update({"to": "Minister of State", "action": "decision", "as_of": "2025-01-12",
                          "author": "Desk", "caveats": ["Figures are provisional."]})
    data["decision"] = {"issue": "Whether to fund the pilot.", "recommendations": ["That you agree to fund it."]}
    data["sources"].append({"id": "paper", "title": "Official communiqué", "kind": "official",
                            "url": "https://example.org/c", "publisher": "Foreign Ministry"})
    trade = data["topics"][0]
    trade["points"].append({"text": "The deal was signed by Нарендра and नरेन्द्र मोदी.", "source": "paper"})
    trade["points"].append({"text": "Its Arabic title is اتفاقية التجارة here.", "source": "paper"})
    trade["figures"] = [
        {"label": "Vaccine doses", "value": 40000000, "unit": "doses", "source": "wire", "key": True},
        {"label": "Solar loans", "value": 750.0, "unit": "USD million", "qualifier": "over", "id": "loans",
         "source": "paper"},
        {"label": "of which Tata Power", "value": 500, "unit": "USD million", "part_of": "loans", "source": "paper"},
    ]
    trade["next_steps"] = [{"text": "Ratify the deal.", "owner": "Trade desk", "due": "2026-03"}, "Publish it."]
    trade["lines_to_take"] = ["We welcome the lower tariffs."]
    trade["considerations"] = ["Cheaper imports may hurt local firms."]
    data["timeline"] = [{"date": "2025-01-10", "text": "Summit", "source": "wire"},
                        {"date": "2026-03", "text": "Ratification due", "source": "paper"}]
    return parse_facts(json.dumps(data).encode(), "rich.json")


@pytest.fixture(scope="module")
def rich():
    return open_note(note_bytes(rich_facts()))


def test_title_is_the_one_top_heading_then_sections_then_topics(note):
    first = note.paragraphs[0]
    assert first.style.name == "Title" and first.text == "India–Russia Annual Summit"
    assert first._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    sections = [p.text for p in note.paragraphs if p.style.name == "Heading 2"]
    assert sections == ["Purpose", "Bottom line", "Outcomes at a glance", "Implications and risks",
                        "Next steps", "Sources and caveats", "Annex A: Topic detail", "Annex B: Who's who and timeline"]
    topics = [p.text for p in note.paragraphs if p.style.name == "Heading 3"]
    assert topics == [t.title for t in load_facts(SEED).topics]
    styles = {s.name: s for s in note.styles}
    levels = {name: styles[name].element.xpath("./w:pPr/w:outlineLvl/@w:val") for name in ("Heading 2", "Heading 3")}
    assert levels == {"Heading 2": ["1"], "Heading 3": ["2"]}


def test_every_fact_appears(note):
    assert_every_fact_in(body_text(note), load_facts(SEED))


def test_one_source_said_once_no_per_point_number_and_both_caveats_shown(note):
    text = body_text(note)
    assert text.count("Every fact in this brief comes from one source") == 1
    assert "[1]" not in "\n".join(p.text for p in note.paragraphs if p.style.name != "Source Entry")
    for caveat in load_facts(SEED).brief.caveats:
        assert " ".join(caveat.split()) in " ".join(text.split())
    sections = [p.text for p in note.paragraphs if p.style.name in ("Heading 2", "List Bullet", "Normal")]
    assert sections.index("Sources and caveats") < sections.index(load_facts(SEED).brief.caveats[0])


def test_several_sources_cite_after_a_no_break_space(rich):
    text = body_text(rich)
    assert "\u00a0[2]" in text and " [2]" not in text


def test_composed_text_writes_numbers_and_dates_as_people_say_them(rich):
    text = body_text(rich).replace("\u00a0", " ")
    assert "40 million doses" in text and "over US$750 million" in text
    for wrong in ("40,000,000", "750.0", "USD 5", "5 USD", "USD million", "2025-01-10", "2026-03", "2025-01-12"):
        assert wrong not in text, wrong
    assert "12 January 2025" in text and "March 2026" in text


def test_every_1_1_field_is_used(rich):
    text = " ".join(body_text(rich).replace("\u00a0", " ").split())
    for expected in ("To: Minister of State", "Action: For decision", "As of: 12 January 2025",
                     "Figures are provisional.", "official source", "We welcome the lower tariffs.",
                     "Trade desk", "Ratify the deal.", "Publish it.", "Lines to take"):
        assert expected in text, expected


def test_language_in_defaults_properties_and_other_scripts(rich):
    styles = rich.styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-GB" and lang.get(f"{W}bidi") == "hi-IN"
    assert rich.core_properties.language == "en-GB"
    runs = {r.text: r._r for p in rich.paragraphs for r in p.runs}
    assert runs["नरेन्द्र मोदी"].find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "hi-IN"
    assert runs["Нарендра"].find(f"{W}rPr/{W}lang").get(f"{W}val") == "ru-RU"
    arabic = runs["اتفاقية التجارة"]
    assert arabic.find(f"{W}rPr/{W}rtl") is not None and arabic.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "ar-SA"
    assert runs["Нарендра"].find(f"{W}rPr/{W}rtl") is None


def _fills_and_colours(doc):
    """(text colour, background) for every run with its own colour, in cells and shaded runs."""
    pairs = []
    body = doc.element.body
    for run in body.iter(f"{W}r"):
        colour = run.find(f"{W}rPr/{W}color")
        if colour is None:
            continue
        shade = run.find(f"{W}rPr/{W}shd")
        cell = next((a for a in run.iterancestors(f"{W}tc")), None)
        cell_shade = cell.find(f"{W}tcPr/{W}shd") if cell is not None else None
        fill = (shade if shade is not None else cell_shade)
        pairs.append((colour.get(f"{W}val"), fill.get(f"{W}fill") if fill is not None else "FFFFFF"))
    for style in doc.styles.element.iter(f"{W}style"):
        colour = style.find(f"{W}rPr/{W}color")
        if colour is not None and colour.get(f"{W}val") not in (None, "auto"):
            pairs.append((colour.get(f"{W}val"), "FFFFFF"))
    return pairs


def test_every_text_colour_reads_on_its_background(note, rich):
    for doc in (note, rich):
        pairs = _fills_and_colours(doc)
        assert len(pairs) > 10
        low = [(c, f, round(contrast(c, f), 2)) for c, f in pairs if contrast(c, f) < 4.5]
        assert not low


def test_the_contrast_check_catches_a_pale_header():
    assert contrast("FFFFFF", "4F81BD") < 4.5  # the old table header: white on Accent 1


def test_font_sizes_and_no_italics_or_caps(note):
    styles = note.styles.element
    sizes = [int(v) for v in styles.xpath("//w:style//w:rPr/w:sz/@w:val")]
    sizes += [int(v) for v in note.element.body.xpath(".//w:rPr/w:sz/@w:val")]
    assert sizes and min(sizes) >= 18  # half-points: nothing under 9 pt
    normal = next(s for s in note.styles if s.name == "Normal")
    assert normal.font.size.pt >= 12
    used = {p.style.name for p in note.paragraphs}
    for style in note.styles:
        if style.name in used and style.type == 1:
            assert not style.font.italic and not style.font.all_caps, style.name
    assert not note.element.body.xpath(".//w:rPr/w:i | .//w:rPr/w:caps")


def test_link_text_is_the_source_title_never_a_raw_url(rich):
    links = rich.element.body.xpath(".//w:hyperlink")
    texts = ["".join(link.xpath(".//w:t/text()")) for link in links]
    assert "Wire report" in texts and "Official communiqué" in texts
    assert "https://" not in body_text(rich)


def test_app_xml_tells_the_truth_and_no_thumbnail(seed_bytes):
    with zipfile.ZipFile(io.BytesIO(seed_bytes)) as z:
        app = z.read("docProps/app.xml").decode()
        names = z.namelist()
        rels = z.read("_rels/.rels").decode()
    assert "<Application>reportgen" in app and "Microsoft" not in app
    assert not re.search(r"<(Pages|Words|Characters|Lines|Paragraphs)>", app)
    assert "docProps/thumbnail.jpeg" not in names and "thumbnail" not in rels


def test_marking_and_page_number_in_every_kind_of_header(note):
    for section in note.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            assert part.paragraphs[0].text == "OFFICIAL"
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            xml = footer._element.xml
            assert "PAGE" in xml and "NUMPAGES" in xml


def test_captions_numbered_with_seq_fields_and_charts_have_alt_text(note, seed_bytes):
    captions = [p for p in note.paragraphs if p.style.name == "Caption"]
    assert captions[0].text == "Figure 1: 3 of 8 outcomes agreed"
    assert all("SEQ" in c._p.xml for c in captions)
    descriptions = note.element.body.xpath(".//wp:docPr/@descr")
    assert descriptions and all(0 < len(d) < 250 for d in descriptions)


def test_properties_from_facts_not_clock(note):
    core = note.core_properties
    assert core.title == "India–Russia Annual Summit"
    assert core.author == "Eurasia Desk"
    assert "Defence co-production under Make in India" in core.keywords
    assert core.created.date().isoformat() == "2025-12-05" == core.modified.date().isoformat()


def test_tables_fit_the_text_width(note):
    section = note.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in note.tables:
        assert sum(column.width for column in table.columns) <= text_width


def test_a_topic_with_several_implications_is_named_once_above_them():
    """Two implications of one topic: the topic's name once, in bold, then the two as bullets (each led
    by the topic's name, the name read twice). Then every topic of that list is named above its items, so
    a later 'Topic: item' never reads as one more item of the group above it (a second reader found the
    mixed form confusing); a list whose topics have one item each keeps 'Topic: the implication'."""
    data = copy.deepcopy(BASE)
    data["topics"][0]["considerations"] = ["Cheaper imports may hurt local firms.", "Exporters gain."]
    data["topics"][1]["considerations"] = ["Winter supply is at risk."]
    doc = open_note(note_bytes(parse_facts(json.dumps(data).encode(), "two.json")))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Implications and risks")
    section = texts[start + 1:start + 6]
    assert section == ["Trade", "Cheaper imports may hurt local firms.", "Exporters gain.", "Energy",
                       "Winter supply is at risk."]
    lead = doc.paragraphs[start + 1]
    assert all(run.bold for run in lead.runs) and lead.paragraph_format.keep_with_next
    assert [doc.paragraphs[start + n].style.name for n in (2, 3, 5)] == ["List Bullet"] * 3
    data["topics"][0]["considerations"] = ["Exporters gain."]
    doc = open_note(note_bytes(parse_facts(json.dumps(data).encode(), "one.json")))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Implications and risks")
    assert texts[start + 1:start + 3] == ["Trade: Exporters gain.", "Energy: Winter supply is at risk."]

def test_no_style_spaces_its_paragraphs_contextually(note):
    """python-docx's default template sets w:contextualSpacing on its list styles; with it, LibreOffice left
    a topic's heading at the foot of a page of a long note (tests/e2e/test_rendering.py, the 60-topic note)."""
    found = [s.name for s in note.styles if s.element.find(f"{qn('w:pPr')}/{qn('w:contextualSpacing')}") is not None]
    assert not found, found
