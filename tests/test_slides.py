"""The slide model from small Briefs: which slides, in which sections, paginated how; no python-pptx."""

from __future__ import annotations

from reportgen.deck import fit
from reportgen.deck.slides import Geometry, Rect, build_slides
from reportgen.load import load_facts
from reportgen.plan import plan

HOUSE = Geometry(width=13.333, height=7.5, title=Rect(0.6, 0.3, 12.1, 1.05), body=Rect(0.6, 1.55, 12.1, 4.95),
                 cover_title=Rect(0.8, 1.6, 11.7, 1.9), cover_body=Rect(0.8, 3.65, 11.7, 2.2),
                 chart=Rect(0.6, 1.55, 12.1, 4.3))


def brief_of(tmp_path, topics: str, extra: str = ""):
    path = tmp_path / "facts.yaml"
    path.write_text(f"""reportgen: 1
summit: {{title: Test Summit, date: 2025-01-10, place: Geneva, leaders: [{{name: Ana Lima, role: President}}]}}
brief: {{classification: OFFICIAL, purpose: To test the slides{extra}}}
sources: [{{id: wire, title: Wire report}}]
topics:
{topics}""", encoding="utf-8")
    return plan(load_facts(path))


def topic(name: str, points: int, status: str = "agreed", words: int = 8, extra: str = "") -> str:
    lines = [f"  - id: {name}", f"    title: Topic {name}", f"    headline: The {name} outcome is clear.",
             f"    status: {status}", "    points:"]
    lines += [f"      - {{text: '{name} point {i}: " + " ".join(["word"] * words) + ".', source: wire}"
              for i in range(points)]
    return "\n".join(lines + ([extra] if extra else [])) + "\n"


def test_thin_neighbours_share_a_slide_and_others_do_not(tmp_path):
    brief = brief_of(tmp_path, topic("a", 2) + topic("b", 1) + topic("c", 4) + topic("d", 2))
    slides = build_slides(brief, HOUSE)
    topics = [s for s in slides if s.kind in ("topic", "pair")]
    assert [s.kind for s in topics] == ["pair", "topic", "topic"]
    assert topics[0].title == "Agreed: Topic a and Topic b"  # what the pair shares, then both names
    assert topics[2].title == "The d outcome is clear."


def test_a_long_list_continues_one_of_two(tmp_path):
    brief = brief_of(tmp_path, topic("long", 10, words=30))
    slides = [s for s in build_slides(brief, HOUSE) if s.kind == "topic"]
    # "(1 of 2)" with no-break spaces: a title never breaks inside it
    assert [s.title[-8:] for s in slides] == ["(1\u00a0of\u00a02)", "(2\u00a0of\u00a02)"]
    # the topic keeps one main slide; the rest continues at the head of the annex, at the annex size
    assert [(s.section, s.annex) for s in slides] == [("Topic long", False), ("Annex", True)]
    deck = build_slides(brief, HOUSE)
    assert deck.index(slides[1]) == deck.index(next(s for s in deck if s.annex))
    assert all(b.size >= 14 for b in slides[1].blocks if hasattr(b, "size"))
    assert not any("(cont.)" in s.title for s in build_slides(brief, HOUSE))
    # the continuation says whose list goes on: the topic's status tag and name, as on its first slide
    for slide in slides:
        assert [type(b).__name__ for b in slide.blocks[:2]] == ["StatusBlock", "TextBlock"]
        assert slide.blocks[1].kind == "kicker" and slide.blocks[1].paras[0].text == "Topic long"


def test_no_slide_without_content_and_titles_unique(tmp_path):
    brief = brief_of(tmp_path, topic("a", 1) + topic("b", 3) + topic("c", 4) + topic("d", 1, status="concern"))
    slides = build_slides(brief, HOUSE)
    # a concern never shares a slide (d), and paired topics share a status
    assert [s.title for s in slides if s.kind == "pair"] == ["Agreed: Topic a and Topic b"]
    for slide in slides[1:]:
        # a concern with a single point stands alone all the same: it never shares a slide
        alone = slide.section == "Topic d"
        assert slide.substantive() >= (1 if slide.annex or alone else 2), (slide.kind, slide.title)
    names = [s.title for s in slides]
    assert len(set(names)) == len(names)


def test_sections_overview_one_per_topic_annex(tmp_path):
    brief = brief_of(tmp_path, topic("a", 3) + topic("b", 4))
    sections = list(dict.fromkeys(s.section for s in build_slides(brief, HOUSE)))
    assert sections == ["Overview", "Topic a", "Topic b", "Annex"]


def test_kinds_of_the_deck_in_order(tmp_path):
    brief = brief_of(tmp_path, topic("a", 3) + topic("b", 4), extra=", key_points: [A first point., A second.]")
    kinds = [s.kind for s in build_slides(brief, HOUSE)]
    assert kinds[:3] == ["title", "bottom-line", "glance"]
    assert kinds[3:5] == ["topic", "topic"] and kinds[5] == "sources"
    assert "section" not in kinds and "closing" not in kinds


def test_key_number_shrinks_to_stay_on_one_line(tmp_path):
    extra = "    figures:\n      - {label: Doses pledged for the whole region, value: 40000000, unit: doses, " \
            "source: wire, key: true}"
    brief = brief_of(tmp_path, topic("a", 3, extra=extra))
    tile = next(b for s in build_slides(brief, HOUSE) for b in s.blocks if type(b).__name__ == "KeyNumberBlock")
    assert tile.key.value == "40\u00a0million\u00a0doses"
    measure = fit.Measure("Arial")
    assert measure.text_width(tile.key.value, tile.value_pt, bold=True) <= tile.rect.w - 0.2
    assert len(measure.wrap(tile.key.value, tile.rect.w - 0.2, tile.value_pt, bold=True)) == 1


def test_a_point_leaves_the_slide_only_when_its_callout_says_all_it_says(tmp_path):
    """'Three squadrons inducted' is all the callout '3 squadrons / Squadrons inducted' says: the point goes to
    the notes. 'Three squadrons were inducted in May' says more: it stays, and the callout is not drawn (the
    number is said once, and nothing of the point is lost)."""
    extra = "    figures:\n      - {label: Squadrons inducted, value: 3, unit: squadrons, source: wire, key: true}"

    def slide_of(point: str):
        points = topic("a", 2).replace("a point 0: word word word word word word word word.", point)
        brief = brief_of(tmp_path, points + extra + "\n")
        slide = next(s for s in build_slides(brief, HOUSE) if s.kind == "topic")
        shown = " ".join(p.text for b in slide.blocks for p in getattr(b, "paras", ()))
        callouts = [b for b in slide.blocks if type(b).__name__ == "KeyNumberBlock"]
        return slide, shown, callouts

    slide, shown, callouts = slide_of("Three squadrons inducted.")
    assert "Three squadrons" not in shown and "Three squadrons inducted." in slide.notes and len(callouts) == 1
    slide, shown, callouts = slide_of("Three squadrons were inducted in May.")
    assert "Three squadrons were inducted in May." in shown and not callouts


def test_a_title_too_long_for_its_box_moves_its_overflow_to_the_body(tmp_path):
    long = "The outcome " + " ".join(["is long"] * 60) + " and ends here."
    brief = brief_of(tmp_path, topic("a", 3).replace("The a outcome is clear.", long))
    slide = next(s for s in build_slides(brief, HOUSE) if s.kind == "topic")
    assert slide.title.endswith("…") and slide.title_pt == 20
    lead = next(p.text for b in slide.blocks for p in getattr(b, "paras", ()) if p.text.startswith("…"))
    assert lead.endswith("and ends here.")
    lines = fit.Measure("Arial").wrap(slide.title, slide.title_rect.w - 0.2, slide.title_pt, bold=True)
    assert fit.title_height(lines, slide.title_pt) <= slide.title_rect.h


def test_body_sizes_keep_the_floors(tmp_path):
    brief = brief_of(tmp_path, topic("a", 12, words=40) + topic("b", 2))
    for slide in build_slides(brief, HOUSE):
        for block in slide.blocks:
            if type(block).__name__ == "TextBlock" and block.kind in ("points", "panel", "column"):
                assert block.size >= (14 if slide.annex else 18)


def test_wrapping_is_linear_in_the_text_length(monkeypatch):
    """A 20,000-character word is measured a few times over in all, not once per line it makes (the
    quadratic old way measured growing prefixes: hundreds of millions of characters)."""
    measured = []
    em_width = fit._em_width.__wrapped__

    def counting(text, path):
        measured.append(len(text))
        return em_width(text, path)

    monkeypatch.setattr(fit, "_em_width", counting)
    measure = fit.Measure("Arial")
    lines = measure.wrap("x" * 20000, 5.0, 20)
    assert "".join(lines) == "x" * 20000 and len(lines) > 100
    assert 20000 <= sum(measured) <= 3 * 20000
    monkeypatch.undo()
    assert all(measure.text_width(line, 20) <= 5.0 for line in lines)


def test_glance_is_the_agenda_with_the_status_bar_beside_its_title(tmp_path):
    topics = "".join(topic(name, 3, status=status, words=14) for name, status in zip(
        "abcdefgh", ["agreed", "in-progress", "concern", "agreed", "under-negotiation", "agreed",
                     "under-consideration", "in-progress"]))
    slides = [s for s in build_slides(brief_of(tmp_path, topics), HOUSE) if s.kind == "glance"]
    assert len(slides) == 1
    table = next(b for b in slides[0].blocks if type(b).__name__ == "TableBlock")
    chart = next(b for b in slides[0].blocks if type(b).__name__ == "ChartBlock")
    assert table.header == ("Topic", "Status", "Outcome") and len(table.rows) == 8
    assert table.bold_columns == (0,) and table.size >= 14
    assert table.rows[0][0] == "Topic a"
    # the bar sits in the title band, right of the title; the table runs from the body's top to the foot
    assert chart.rect.x >= slides[0].title_rect.x + slides[0].title_rect.w
    assert chart.rect.bottom <= table.rect.y and table.rect.bottom <= HOUSE.area.bottom + 1e-6


def test_each_glance_slide_notes_read_its_own_rows_only(tmp_path):
    # 40 topics: the outcomes table continues over several slides; a continuation's notes page must not
    # repeat the whole table (at 2,000 topics that was 150 notes of 345 KB each)
    topics = "".join(topic(f"t{n:02}", 1, status="agreed" if n % 2 else "concern") for n in range(40))
    slides = [s for s in build_slides(brief_of(tmp_path, topics), HOUSE) if s.kind == "glance"]
    assert len(slides) > 1
    seen = []
    for n, slide in enumerate(slides):
        table = next(b for b in slide.blocks if type(b).__name__ == "TableBlock")
        chart = [b for b in slide.blocks if type(b).__name__ == "ChartBlock"]
        lines = slide.notes.split("\n")
        rows = lines[:len(table.rows)]
        assert [line.split(" — ")[0] for line in rows] == [row[0] for row in table.rows]
        # the status bar's description only where the bar is (the first slide)
        assert lines[len(table.rows):] == ([chart[0].chart.spec.alt_text] if n == 0 else [])
        assert bool(chart) == (n == 0)
        seen += [row[0] for row in table.rows]
    assert seen == [f"Topic t{n:02}" for n in range(40)]


def test_each_continued_list_slide_notes_read_its_own_part_only(tmp_path):
    """A list over several slides (a topic's continuation in the annex, the sources, the bottom line):
    each slide's notes read out what that slide shows, so no notes page repeats another's."""
    brief = brief_of(tmp_path, topic("long", 24, words=30))
    slides = [s for s in build_slides(brief, HOUSE) if s.kind == "topic" and s.annex]
    assert len(slides) > 1
    for slide in slides:
        shown = [p.text for b in slide.blocks if getattr(b, "kind", "") == "points" for p in b.paras]
        assert slide.notes.split("\n") == shown
    said = [line for s in slides for line in s.notes.split("\n")]
    assert len(said) == len(set(said))


def test_annex_table_titles_are_sentences(tmp_path):
    timeline = "timeline:\n  - {date: 2025-01-09, text: Talks opened., source: wire}\n"
    brief = brief_of(tmp_path, topic("a", 3) + topic("b", 4) + timeline)
    tables = [s.title for s in build_slides(brief, HOUSE) if s.kind == "tables"]
    assert tables == ["Timeline and who's who"]


def test_house_template_has_no_thumbnail_no_4x3_type_and_no_capitals():
    import re
    import zipfile

    from reportgen.builders.pptx import DEFAULT_TEMPLATE

    with zipfile.ZipFile(DEFAULT_TEMPLATE) as z:
        names = z.namelist()
        assert not any("thumbnail" in n for n in names)
        assert b"thumbnail" not in z.read("_rels/.rels")
        size = re.search(rb"<p:sldSz [^>]*>", z.read("ppt/presentation.xml")).group(0)
        assert b'cx="12191695"' in size and b"type=" not in size
        for name in names:
            if name.startswith(("ppt/slideLayouts/", "ppt/slideMasters/")) and name.endswith(".xml"):
                assert b'cap="all"' not in z.read(name), name


def test_a_continued_topic_loses_no_word_of_its_long_headline(tmp_path):
    long = "The outcome " + " ".join(["is long"] * 30) + " and ends here."
    brief = brief_of(tmp_path, topic("a", 10, words=30).replace("The a outcome is clear.", long))
    main, *more = [s for s in build_slides(brief, HOUSE) if s.kind == "topic"]
    assert main.title.endswith(f"… (1\u00a0of\u00a0{1 + len(more)})") and more
    lead = main.blocks[2].paras[0].text if hasattr(main.blocks[2], "paras") else ""
    shown = main.title.rsplit("…", 1)[0] + " " + lead.lstrip("…")
    assert shown.split() == long.split()


def test_every_glance_row_appears_once_when_the_title_spills_into_the_body(tmp_path):
    """A title box too small for 'Outcomes at a glance' spills the title into the body; the rows it displaces
    go on to the next slide, never dropped, and the '(n of m)' count is the slides' count."""
    narrow = Geometry(width=10, height=7.5, title=Rect(0.5, 0.3, 2.2, 0.45), body=Rect(0.5, 1.0, 9.0, 5.8),
                      cover_title=Rect(0.5, 1.6, 9.0, 1.9), cover_body=Rect(0.5, 3.65, 9.0, 2.2),
                      chart=Rect(0.5, 1.0, 9.0, 4.3))
    brief = brief_of(tmp_path, "".join(topic(f"t{i}", 3, words=12) for i in range(30)))
    glance = [s for s in build_slides(brief, narrow) if s.kind == "glance"]
    assert len(glance) > 1 and any(b.kind == "lead" for s in glance for b in s.blocks if hasattr(b, "kind"))
    shown = [row for s in glance for b in s.blocks if hasattr(b, "rows") for row in b.rows]
    topics = [t.title for t in brief.topics]
    assert sorted(r[0] for r in shown) == sorted(topics) or sorted(r[-1] for r in shown) == sorted(
        t.headline for t in brief.topics)
    assert len(shown) == len(topics)
    assert all(f"of\u00a0{len(glance)})" in (s.title + " ".join(b.paras[0].text for b in s.blocks
                                                                 if getattr(b, "kind", "") == "lead"))
               for s in glance)


def test_a_main_table_longer_than_a_slide_keeps_its_title_counted(tmp_path):
    """A submission's options table that needs two slides (many long arguments, or a font wider than the
    house's) is titled as the options on both, "(1 of 2)", "(2 of 2)"; it once asked the annex's wording
    for a title it has no word for, and the build failed."""
    argument = "'" + " ".join(["a long argument"] * 6) + ".'"
    option = "    - {{title: {0}, summary: The {0} option in full., for: [{1}], against: [{1}]}}\n"
    options = "".join(option.format(name, ", ".join([argument] * 4)) for name in ("Act now", "Wait", "Ask"))
    brief = brief_of(tmp_path, topic("a", 3) + "decision:\n  issue: Whether to act.\n"
                     "  recommendations: [That you agree to act now.]\n  options:\n" + options,
                     extra=", action: decision")
    slides = [s for s in build_slides(brief, HOUSE) if s.kind == "options"]
    assert len(slides) > 1
    titles = [s.title.replace("\xa0", " ") for s in slides]
    assert all(t.startswith(titles[0].split(" (")[0]) for t in titles), titles
    assert titles[-1].endswith(f"({len(slides)} of {len(slides)})"), titles
