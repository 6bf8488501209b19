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
SUBSTANTIVE = ("Points", "So what", "Column", "Lead", "Subtitle")  # shapes whose paragraphs say something
PANEL_HEADINGS = ("So what", "Next steps")


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
    problems = misplaced_words(pptx, to_pdf(soffice, pptx, tmp_path))
    assert not problems, "\n".join(problems[:20])
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
