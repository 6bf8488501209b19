"""Odd but valid input on the deck (issue 22's round 3): a long file stays within its slide budget, a crowded
title slide and a 200-character topic name keep every word inside its box."""

from __future__ import annotations

from pptx import Presentation

from ..conftest import run, to_pdf, write_large_facts
from .page_words import misplaced_words


def test_sixty_topics_of_four_hundred_points_stay_within_160_slides(tmp_path):
    facts = write_large_facts(tmp_path / "large.yaml", topics=60, points=(8, 6))
    assert facts.read_text(encoding="utf-8").count("      - text: ") == 400
    result = run("build", facts, "-o", tmp_path, "--format", "pptx")
    assert result.exit_code == 0, result.output
    assert len(Presentation(str(tmp_path / "large.pptx")).slides) <= 160


def test_six_leaders_a_long_from_and_to_and_a_200_character_topic_name_stay_inside_their_boxes(soffice, tmp_path):
    leaders = "\n".join(f"    - {{name: Leader Number {n} Withalongname, role: President of the Federal Council, "
                        f"country: Country {n}}}" for n in range(6))
    name = ("The joint commission on trade, investment, energy security, critical minerals, supply chains and the "
            "long-term financing of infrastructure across the region and well beyond it, reviewed in full detail")
    assert len(name) >= 200
    facts = tmp_path / "crowded.yaml"
    facts.write_text(f"""reportgen: 1
summit:
  title: A summit with a title long enough to wrap onto a second line of the title slide
  date: 2025-01-10
  place: Geneva
  leaders:
{leaders}
brief:
  classification: OFFICIAL
  author: The Directorate for Multilateral Economic Affairs and Summit Coordination, Policy Unit
  to: The Minister of State for Trade Policy and the Parliamentary Under-Secretary of State
  reference: REF-2025-0001-LONG-REFERENCE
  purpose: To test the deck.
sources: [{{id: wire, title: Wire report}}]
topics:
  - id: long-name
    title: "{name}"
    headline: The commission agreed a work plan.
    status: agreed
    points:
      - {{text: The commission agreed a work plan for the year., source: wire}}
      - {{text: Officials will report back in the spring., source: wire}}
""", encoding="utf-8")
    result = run("build", facts, "-o", tmp_path, "--format", "pptx")
    assert result.exit_code == 0, result.output
    pptx = tmp_path / "crowded.pptx"
    problems = misplaced_words(pptx, to_pdf(soffice, pptx, tmp_path))
    assert not problems, "\n".join(problems[:20])
    kicker = next(s for slide in Presentation(str(pptx)).slides for s in slide.shapes if s.name == "Kicker")
    assert kicker.text_frame.text.endswith("…") and len(kicker.text_frame.paragraphs) == 1


def test_a_continued_tables_slide_titles_count_its_pages_as_its_captions_do(tmp_path):
    """The COP28 readout's 40-event timeline runs over four table pages, the last sharing a slide with the
    who's who: the slides were titled "Timeline (1 of 3)" over captions "... (1 of 4)"."""
    import re

    from ..conftest import FIXTURES

    result = run("build", FIXTURES / "unseen" / "cop28-timeline-readout.yaml", "-o", tmp_path, "--format", "pptx")
    assert result.exit_code == 0, result.output
    counted = 0
    for slide in Presentation(str(tmp_path / "cop28-timeline-readout.pptx")).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        said = re.search(r"\((\d+)\s+of\s+(\d+)\)$", " ".join(title.split()))
        if not said:
            continue
        title_id = slide.shapes.title.shape_id
        captions = [text for s in slide.shapes if s.has_text_frame and s.shape_id != title_id
                    and re.search(r"\(\d+ of \d+\)$", text := " ".join(s.text_frame.text.split()))]
        assert captions, title
        assert captions[0].endswith(said.group(0)), (title, captions[0])
        counted += 1
    assert counted >= 3


def test_no_slide_says_its_title_twice(tmp_path):
    """A slide of one table whose caption repeated its title ("Figures" under "Figures", the COP28 readout's
    figures slide) says it once."""
    from ..conftest import FIXTURES, SEED

    for facts in (SEED, *sorted((FIXTURES / "unseen").glob("*.yaml"))):
        result = run("build", facts, "-o", tmp_path, "--format", "pptx")
        assert result.exit_code == 0, result.output
        for n, slide in enumerate(Presentation(str(tmp_path / f"{facts.stem}.pptx")).slides, start=1):
            if slide.shapes.title is None:
                continue
            title, title_id = " ".join(slide.shapes.title.text_frame.text.split()), slide.shapes.title.shape_id
            again = [s for s in slide.shapes if s.has_text_frame and s.shape_id != title_id
                     and " ".join(s.text_frame.text.split()) == title]
            assert not again, (facts.stem, n, title)
