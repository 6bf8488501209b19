"""The deck end to end: built through the CLI, opened as a presenter would, rendered by LibreOffice."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from reportgen.load import load_facts

from ..conftest import SEED, assert_every_fact_in, run, to_pdf, write_large_facts
from .page_words import misplaced_words

P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
MAIN_SLIDES = 12
SUBSTANTIVE = ("Points", "Panel", "Column", "Lead", "Subtitle")  # shapes whose paragraphs say something
PANEL_HEADINGS = ("So what", "Say", "Their position", "If raised", "Next steps")


def build(facts: Path, out: Path, *args) -> Path:
    result = run("build", facts, "-o", out, "--format", "pptx", "--force", *args)
    assert result.exit_code == 0, result.output
    return out / f"{facts.stem}.pptx"


def validate(validator: str, pptx: Path) -> None:
    report = json.loads(subprocess.run([validator, str(pptx)], capture_output=True, text=True, timeout=120).stdout)
    assert report["ok"], json.dumps(report["errors"][:5], indent=1)


@pytest.fixture(scope="module")
def seed_deck(tmp_path_factory) -> Path:
    return build(SEED, tmp_path_factory.mktemp("deck"))


def sections(prs) -> list[tuple[str, list[int]]]:
    found = prs.part._element.find(f".//{P14}sectionLst")
    return [(s.get("name"), [int(i.get("id")) for i in s.iter(f"{P14}sldId")]) for s in found]


def main_slides(prs) -> list:
    """The slides before the Annex section."""
    annex = next(ids for name, ids in sections(prs) if name == "Annex")
    return [s for s in prs.slides if s.slide_id not in annex]


def substantive_items(slide) -> int:
    """What a slide says besides its title, counted from the file: paragraphs of its text shapes (not panel
    headings), key numbers, table rows, charts."""
    count = 0
    for shape in slide.shapes:
        if shape.name in SUBSTANTIVE and shape.has_text_frame:
            count += sum(1 for p in shape.text_frame.paragraphs if p.text.strip() and p.text not in PANEL_HEADINGS)
        elif shape.name == "Key number":
            count += 1
        elif shape.has_table:
            count += len(shape.table.rows) - 1
        elif shape.name.startswith("Figure"):
            count += 1
    return count


def titles(prs) -> list[str]:
    return [s.shapes.title.text for s in prs.slides]


def all_text(prs) -> str:
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def test_seed_deck_is_a_read_ahead(seed_deck):
    prs = Presentation(str(seed_deck))
    main = main_slides(prs)
    assert len(main) <= MAIN_SLIDES, titles(prs)
    for number, slide in enumerate(main[1:], start=2):
        assert substantive_items(slide) >= 2, f"slide {number} ({slide.shapes.title.text!r}) says too little"


def test_substantive_count_catches_a_thin_slide(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "One bullet"
    body = slide.placeholders[1]
    body.name = "Points"
    body.text_frame.text = "Only this."
    assert substantive_items(slide) == 1


def test_titles_unique_in_sentence_case_never_continued_with_cont(seed_deck):
    prs = Presentation(str(seed_deck))
    names = titles(prs)
    assert len(set(names)) == len(names), names
    for name in names:
        assert "(cont.)" not in name
        assert name != name.upper()
    with zipfile.ZipFile(seed_deck) as z:  # no layout or master the deck uses sets capitals on its own
        for slide in prs.slides:
            for run in (r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs):
                assert run._r.rPr is None or run._r.rPr.get("cap") in (None, "none")
        assert not any(b'cap="all"' in z.read(n) for n in z.namelist()
                       if n.startswith("ppt/slides/slide"))


def test_sections_overview_topics_annex(seed_deck):
    prs = Presentation(str(seed_deck))
    names = [name for name, _ in sections(prs)]
    facts = load_facts(SEED)
    assert names[0] == "Overview" and names[-1] == "Annex"
    for topic in facts.topics:
        assert any(topic.title in name for name in names), topic.title
    listed = [i for _, ids in sections(prs) for i in ids]
    assert listed == [s.slide_id for s in prs.slides]


def test_every_fact_on_a_slide_or_in_the_notes(seed_deck):
    assert_every_fact_in(all_text(Presentation(str(seed_deck))), load_facts(SEED))


def test_reading_order_title_status_body_marking_number(seed_deck):
    prs = Presentation(str(seed_deck))
    for number, slide in enumerate(prs.slides, start=1):
        names = [s.name for s in slide.shapes]
        assert slide.shapes[0].shape_id == slide.shapes.title.shape_id, f"slide {number}: {names}"
        assert names[-3:] == ["Classification", "Classification", "Slide Number"], f"slide {number}: {names}"
        body = [i for i, n in enumerate(names) if n in SUBSTANTIVE or n in ("Key number", "Table")]
        if "Status" in names:  # a topic's status before its body (on a paired slide, each column's)
            assert names.index("Status") < body[0], f"slide {number}: {names}"


def test_marking_and_slide_number_on_every_slide(seed_deck):
    for slide in Presentation(str(seed_deck)).slides:
        marks = [s.text_frame.text for s in slide.shapes if s.name == "Classification"]
        assert marks == ["OFFICIAL", "OFFICIAL"]
        number = next(s for s in slide.shapes if s.name == "Slide Number")
        assert 'type="slidenum"' in number._element.xml


def test_body_text_never_under_the_floors(seed_deck):
    prs = Presentation(str(seed_deck))
    annex = next(ids for name, ids in sections(prs) if name == "Annex")
    for number, slide in enumerate(prs.slides, start=1):
        floor = 14 if slide.slide_id in annex else 18
        for shape in slide.shapes:
            if shape.name in SUBSTANTIVE and shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        if p.text not in PANEL_HEADINGS:
                            assert r.font.size.pt >= floor, (number, p.text[:40], r.font.size.pt)
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        assert all(r.font.size.pt >= 14 for p in cell.text_frame.paragraphs for r in p.runs)


def test_package_is_honest(seed_deck):
    prs = Presentation(str(seed_deck))
    with zipfile.ZipFile(seed_deck) as z:
        names = z.namelist()
        app = z.read("docProps/app.xml").decode()
        presentation = z.read("ppt/presentation.xml").decode()
    assert not any("thumbnail" in n for n in names)
    assert f"<Slides>{len(prs.slides)}</Slides>" in app
    assert "<Application>reportgen" in app and "Microsoft" not in app
    for title in titles(prs):
        assert title.replace("&", "&amp;").replace("'", "'")[:40] in app
    size = re.search(r"<p:sldSz [^>]*>", presentation).group(0)
    assert 'cx="12191695"' in size or 'cx="12192000"' in size
    assert "screen4x3" not in size


def facts_with(tmp_path: Path, figures: str = "", sources: str = "") -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(f"""reportgen: 1
summit: {{title: Vaccine Summit, date: 2025-01-10, place: Geneva, leaders: [{{name: Ana Lima, role: President}}]}}
brief: {{classification: OFFICIAL, purpose: To test the deck.}}
sources:
  - {{id: wire, title: Wire report, url: "https://example.org/report"}}
  - {{id: press, title: Press release, url: "https://example.org/press"}}
{sources}
topics:
  - id: vaccines
    title: Vaccines
    headline: Donors pledged vaccine doses for the region.
    status: agreed
    points:
      - {{text: Donors pledged doses., source: wire}}
      - {{text: Delivery starts in spring., source: press}}
    figures:
      - {{label: Doses pledged, value: 40000000, unit: doses, source: wire, key: true}}
{figures}
  - id: trade
    title: Trade
    headline: Tariffs fall on medical goods.
    status: in-progress
    points:
      - {{text: Tariffs fall by a tenth., source: wire}}
      - {{text: A review follows in a year., source: press}}
""", encoding="utf-8")
    return path


def test_sources_slide_has_live_hyperlinks(tmp_path, validator):
    pptx = build(facts_with(tmp_path), tmp_path)
    prs = Presentation(str(pptx))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Sources and caveats")
    links = {r.hyperlink.address for s in slide.shapes if s.has_text_frame
             for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address}
    assert links == {"https://example.org/report", "https://example.org/press"}
    validate(validator, pptx)


def test_key_number_on_one_line(tmp_path, soffice, validator):
    pptx = build(facts_with(tmp_path), tmp_path)
    prs = Presentation(str(pptx))
    tiles = [s for slide in prs.slides for s in slide.shapes if s.name == "Key number"]
    assert [t.text_frame.paragraphs[0].text for t in tiles] == ["40\u00a0million\u00a0doses"]
    lines = subprocess.run(["pdftotext", "-layout", str(to_pdf(soffice, pptx, tmp_path)), "-"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert any("40 million doses" in " ".join(line.split()) for line in lines), "the key number is broken"
    validate(validator, pptx)


def test_seed_deck_validates(validator, seed_deck):
    validate(validator, seed_deck)


def test_template_lacking_a_layout_warns_once(tmp_path):
    Presentation().save(tmp_path / "stock.pptx")
    result = run("build", SEED, "-o", tmp_path, "--format", "pptx", "--pptx-template", tmp_path / "stock.pptx")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "lacks layouts" in line]
    assert len(warnings) == 1 and "'Content and Chart'" in warnings[0], result.output


@pytest.fixture(scope="module")
def large_facts(tmp_path_factory) -> Path:
    return write_large_facts(tmp_path_factory.mktemp("large-deck") / "large.yaml", topics=60)


@pytest.mark.parametrize("template", ["house", "stock-4x3"])
def test_sixty_topics_fit_in_160_slides_with_every_word_inside_its_shape(soffice, validator, large_facts,
                                                                         tmp_path, template):
    args = ()
    if template == "stock-4x3":  # python-pptx's own 4:3 template: other layout names and sizes
        Presentation().save(tmp_path / "stock.pptx")
        args = ("--pptx-template", tmp_path / "stock.pptx")
    pptx = build(large_facts, tmp_path, *args)
    prs = Presentation(str(pptx))
    assert len(prs.slides) <= 160
    names = titles(prs)
    assert len(set(names)) == len(names)
    pdf = to_pdf(soffice, pptx, tmp_path)
    problems = misplaced_words(pptx, pdf)
    assert not problems, "\n".join(problems[:20])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"\(1 of \d+\)", text)  # continued titles are there...
    assert not re.search(r"\(\d+\s*\n\s*of\s+\d+\)", text), "a '(1 of 2)' broken over two lines"  # ...whole
    validate(validator, pptx)


def test_every_word_of_the_seed_deck_lies_inside_its_shape(soffice, seed_deck, tmp_path):
    problems = misplaced_words(seed_deck, to_pdf(soffice, seed_deck, tmp_path))
    assert not problems, "\n".join(problems[:20])


def test_overflow_check_catches_text_running_out_of_its_box(soffice, tmp_path):
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(0.5))
    box.text_frame.word_wrap = True
    box.text_frame.text = "words that wrap onto many lines and so run past the foot of this small box " * 3
    prs.save(tmp_path / "overflow.pptx")
    problems = misplaced_words(tmp_path / "overflow.pptx", to_pdf(soffice, tmp_path / "overflow.pptx", tmp_path))
    assert any("lies outside its shape" in p for p in problems)


# --- contrast and language: read from the written file, run by run --------------------------------------

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _srgb(element) -> str | None:
    """The colour of an element's own solid fill (a:solidFill/a:srgbClr), if it has one."""
    if element is None:
        return None
    fill = element.find(f"{A}solidFill")
    colour = fill.find(f"{A}srgbClr") if fill is not None else None
    return colour.get("val").upper() if colour is not None else None


def _background(slide) -> str:
    """The slide's background: its own, its layout's or its master's solid fill, else white."""
    for part in (slide, slide.slide_layout, slide.slide_layout.slide_master):
        found = part._element.find(f".//{{http://schemas.openxmlformats.org/presentationml/2006/main}}bgPr")
        if found is not None and _srgb(found):
            return _srgb(found)
    return "FFFFFF"


def _runs(text_body):
    """(text, colour, size pt, bold) of every run and field of a text body."""
    for element in text_body.iter(f"{A}r", f"{A}fld"):
        r_pr = element.find(f"{A}rPr")
        text = element.findtext(f"{A}t") or ""
        if not text.strip():
            continue
        size = int(r_pr.get("sz")) / 100 if r_pr is not None and r_pr.get("sz") else None
        bold = r_pr is not None and r_pr.get("b") in ("1", "true")
        yield text, _srgb(r_pr), size, bold


def contrast_problems(pptx: Path) -> list[str]:
    """Every run of every slide against what lies under it (its cell's fill, its shape's fill, else the slide's
    background): WCAG contrast at least 4.5:1, or 3:1 for text of 24 pt, or 18 pt bold. A run without its own
    colour or size is a problem too: what it inherits is up to the template."""
    from reportgen.theme import contrast

    problems = []
    prs = Presentation(str(pptx))
    for number, slide in enumerate(prs.slides, start=1):
        background = _background(slide)
        bodies = []
        for shape in slide.shapes:
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        bodies.append((cell._tc.txBody, _srgb(cell._tc.tcPr) or background))
            elif shape.has_text_frame:
                sp_pr = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}spPr")
                bodies.append((shape.text_frame._txBody, _srgb(sp_pr) or background))
        for body, fill in bodies:
            for text, colour, size, bold in _runs(body):
                if colour is None or size is None:
                    problems.append(f"slide {number}: {text[:30]!r} has no colour or size of its own")
                    continue
                need = 3.0 if size >= 24 or (size >= 18 and bold) else 4.5
                ratio = contrast(colour, fill)
                if ratio < need:
                    problems.append(f"slide {number}: {text[:30]!r} {colour} on {fill} is {ratio:.2f}:1 "
                                    f"(needs {need}:1)")
    return problems


@pytest.fixture(scope="module")
def large_deck(large_facts, tmp_path_factory) -> Path:
    return build(large_facts, tmp_path_factory.mktemp("large-house"))


def test_every_run_contrasts_with_what_lies_under_it(seed_deck, large_deck):
    for deck in (seed_deck, large_deck):
        problems = contrast_problems(deck)
        assert not problems, "\n".join(problems[:20])


def test_contrast_check_catches_white_on_light_blue_and_grey_on_white(tmp_path):
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    cell = slide.shapes.add_table(2, 1, Inches(1), Inches(1), Inches(4), Inches(1)).table.cell(0, 0)
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string("4F81BD")  # the stock table style's header
    run = cell.text_frame.paragraphs[0].add_run()
    run.text, run.font.size, run.font.color.rgb = "Header", Pt(14), RGBColor.from_string("FFFFFF")
    box = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(4), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text, run.font.size, run.font.color.rgb = "Pale", Pt(20), RGBColor.from_string("AAAAAA")
    large = slide.shapes.add_textbox(Inches(1), Inches(4), Inches(4), Inches(1))
    run = large.text_frame.paragraphs[0].add_run()  # 3.2:1 is enough for 24 pt
    run.text, run.font.size, run.font.color.rgb = "Large", Pt(24), RGBColor.from_string("8A8A8A")
    prs.save(tmp_path / "bad.pptx")
    problems = contrast_problems(tmp_path / "bad.pptx")
    assert len(problems) == 2, problems
    assert "'Header' FFFFFF on 4F81BD" in problems[0] and "'Pale' AAAAAA on FFFFFF" in problems[1]


def _tagged_runs(pptx: Path):
    """(text, lang, complex-script face) of every run of every slide and its notes."""
    prs = Presentation(str(pptx))
    for slide in prs.slides:
        for part in (slide, slide.notes_slide):
            for element in part._element.iter(f"{A}r", f"{A}fld"):
                r_pr = element.find(f"{A}rPr")
                cs = r_pr.find(f"{A}cs") if r_pr is not None else None
                yield (element.findtext(f"{A}t") or "", None if r_pr is None else r_pr.get("lang"),
                       None if cs is None else cs.get("typeface"))


def test_every_run_carries_its_language(seed_deck, large_deck):
    for text, lang, _ in _tagged_runs(seed_deck):
        assert lang == "en-GB", (text, lang)
    runs = list(_tagged_runs(large_deck))
    assert all(lang for _, lang, _ in runs)
    hindi = [(text, lang, cs) for text, lang, cs in runs if "राजनाथ" in text]
    russian = [(text, lang) for text, lang, _ in runs if "Белоусов" in text]
    assert hindi and all(lang == "hi-IN" and cs for _, lang, cs in hindi), hindi[:3]
    assert russian and all(lang == "ru-RU" for _, lang in russian), russian[:3]
    english = [lang for text, lang, _ in runs if text.startswith("Point 1.")]
    assert english and set(english) == {"en-GB"}
    with zipfile.ZipFile(large_deck) as z:  # the presentation's and the master's default text styles too
        for name in ("ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml"):
            defaults = re.findall(rb'<a:defRPr[^>]*>', z.read(name))
            assert defaults and all(b'lang="en-GB"' in d for d in defaults), name


def _span_languages(odp: Path) -> list[tuple[str, dict[str, str]]]:
    """(text, {property: value}) of every text span LibreOffice read, with its style's language properties."""
    with zipfile.ZipFile(odp) as z:
        content = z.read("content.xml").decode("utf-8")
    styles = {name: dict(re.findall(r'(?:fo|style):((?:language|country)[-a-z]*)="([^"]*)"', body))
              for name, body in re.findall(r'<style:style style:name="([^"]+)"[^>]*>(.*?)</style:style>', content,
                                           re.S)}
    return [(text, styles.get(name, {}))
            for name, text in re.findall(r'<text:span text:style-name="([^"]+)">([^<]*)</text:span>', content)]


def test_libreoffice_reads_devanagari_as_hindi_never_arabic(soffice, tmp_path):
    """What LibreOffice makes of the tags: it opens the deck (as ODP) with Devanagari spans in Hindi
    (complex-script language hi-IN), Cyrillic in Russian, the rest in en-GB, and Arabic nowhere; its tagged
    PDF names no Arabic either. (LibreOffice 7.4's Impress PDF carries only the document's /Lang, not a
    span's, so the spans are checked in the ODP it writes.)"""
    facts = write_large_facts(tmp_path / "scripts.yaml", topics=1)
    pptx = build(facts, tmp_path)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for target in ("odp", 'pdf:impress_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'):
        subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path), str(pptx)],
                       check=True, capture_output=True, timeout=240)
    spans = _span_languages(tmp_path / "scripts.odp")
    devanagari = [props for text, props in spans if re.search("[\u0900-\u097F]", text)]
    cyrillic = [props for text, props in spans if re.search("[\u0400-\u04FF]", text)]
    latin = [props for text, props in spans if re.fullmatch(r"[\x20-\x7e\u2014]*[A-Za-z][\x20-\x7e\u2014]*", text)]
    assert devanagari and all(p.get("language-complex") == "hi" and p.get("country-complex") == "IN"
                              for p in devanagari), devanagari[:3]
    assert cyrillic and all(p.get("language") == "ru" for p in cyrillic), cyrillic[:3]
    assert latin and all(p.get("language") == "en" and p.get("country") == "GB" for p in latin), latin[:3]
    assert not any(value == "ar" for _, props in spans for value in props.values())
    languages = set(re.findall(rb"/Lang\s*\(([^)]*)\)", (tmp_path / "scripts.pdf").read_bytes()))
    assert languages and not any(lang.startswith(b"ar") for lang in languages), languages
