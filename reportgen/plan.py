"""Facts -> Brief: what the note and the deck say, in which order. No file formats here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .charts import ChartSpec
from .diff import Changes
from .facts import STATUSES, Facts, Topic
from .text import format_number, say, with_unit
from .theme import THEME

BOTH = frozenset({"docx", "pptx"})
DECK_ONLY = frozenset({"pptx"})


@dataclass(frozen=True)
class Paragraph:
    """Running text; role 'headline' is the bottom line of a topic."""

    text: str
    role: str = "body"


@dataclass(frozen=True)
class StatusTag:
    """A topic's status, shown as a coloured tag."""

    status: str
    label: str


@dataclass(frozen=True)
class Item:
    """One bullet, with the numbers of the sources it cites."""

    text: str
    citations: tuple[int, ...] = ()
    source_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    """A titled list of bullets (key points, considerations, next steps)."""

    title: str | None
    items: tuple[Item, ...]
    kind: str = "points"


@dataclass(frozen=True)
class Table:
    """A numbered, captioned table of text cells."""

    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_columns: tuple[int, ...] = ()

    def column_shares(self, least: int, most: int) -> list[float]:
        """Each column's share of the width, by its longest text in characters, clamped to [least, most]."""
        lengths = [max(len(self.header[i]), *(len(r[i]) for r in self.rows)) for i in range(len(self.header))]
        weights = [min(max(n, least), most) for n in lengths]
        return [w / sum(weights) for w in weights]


@dataclass(frozen=True)
class Chart:
    """A numbered, captioned chart, and the one sentence a reader should take from it."""

    number: int
    caption: str
    spec: ChartSpec
    takeaway: str = ""


@dataclass(frozen=True)
class KeyNumber:
    """A figure shown big: value, unit, what it counts, its citation."""

    value: str
    unit: str
    label: str
    citation: int


@dataclass(frozen=True)
class KeyNumbers:
    """A row of big numbers."""

    items: tuple[KeyNumber, ...]


@dataclass(frozen=True)
class SourceEntry:
    """One numbered entry of the Sources list."""

    number: int
    text: str
    url: str | None


@dataclass(frozen=True)
class SourceList:
    """The numbered sources the [n] citations point to."""

    entries: tuple[SourceEntry, ...]


Block = Paragraph | StatusTag | Bullets | Table | Chart | KeyNumbers | SourceList


@dataclass(frozen=True)
class Section:
    """A heading and its blocks: a section of the note, a group of slides."""

    id: str
    kind: str
    title: str
    blocks: tuple[Block, ...]
    formats: frozenset[str] = BOTH


@dataclass(frozen=True)
class Properties:
    """Document properties both formats carry."""

    title: str
    subject: str
    author: str
    keywords: str
    created: str  # ISO date: from the facts, never the wall clock


@dataclass(frozen=True)
class Brief:
    """Everything a writer needs, decided once."""

    title: str
    date_place: str
    classification: str
    reference: str | None
    author: str | None
    leaders: tuple[str, ...]
    participants: tuple[str, ...]
    agenda: tuple[str, ...]
    properties: Properties
    sections: tuple[Section, ...] = field(default=())

    def sections_for(self, fmt: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if fmt in s.formats)


class _Counter:
    """Caption numbers, in document order."""

    def __init__(self) -> None:
        self.figures = 0
        self.tables = 0

    def figure(self) -> int:
        self.figures += 1
        return self.figures

    def table(self) -> int:
        self.tables += 1
        return self.tables


def plan(facts: Facts, changes: Changes | None = None) -> Brief:
    """The brief that the facts make; with what changed since a previous version, when there is any."""
    counter = _Counter()
    sections: list[Section] = [
        Section("purpose", "purpose", say("section_title", "purpose"), (Paragraph(facts.brief.purpose),)),
        _key_points(facts),
    ]
    if changes:
        sections += _changes(changes)
    sections += [_topic_section(facts, topic, counter) for topic in facts.topics]
    sections.append(_summary(facts, counter))
    key_numbers = _key_numbers(facts)
    if key_numbers:
        sections.append(key_numbers)
    if facts.timeline:
        sections.append(_timeline(facts, counter))
    next_steps = _next_steps(facts)
    if next_steps:
        sections.append(next_steps)
    sections.append(_sources(facts))
    summit = facts.summit
    return Brief(
        title=summit.title,
        date_place=say("date_place", summit),
        classification=facts.brief.classification,
        reference=facts.brief.reference,
        author=facts.brief.author,
        leaders=tuple(say("person", p) for p in summit.leaders),
        participants=tuple(say("person", p) for p in summit.participants),
        agenda=tuple(t.title for t in facts.topics),
        properties=Properties(
            title=_property(summit.title),
            subject=_property(say("subject", summit)),
            author=_property(facts.brief.author or ""),
            keywords=_keywords(t.title for t in facts.topics),
            created=summit.date.isoformat(),
        ),
        sections=tuple(sections),
    )


PROPERTY_LIMIT = 255  # characters Office allows in a core document property


def _property(text: str) -> str:
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


def _keywords(titles) -> str:
    """As many topic titles as fit in the keywords property, whole."""
    kept: list[str] = []
    for title in titles:
        if len("; ".join([*kept, title])) > PROPERTY_LIMIT:
            break
        kept.append(title)
    return "; ".join(kept)


def _changes(changes: Changes) -> list[Section]:
    """'Changes since <date>' for the note, topic by topic; one 'What's new' list for the deck."""
    by_topic = tuple(Bullets(t.title, tuple(Item(c.text) for c in t.changes), kind="changes") for t in changes.topics)
    flat = tuple(Item(f"{t.title}: {c.text}") for t in changes.topics for c in t.changes)
    return [
        Section("changes", "changes", say("changes_title", changes.since), by_topic, formats=frozenset({"docx"})),
        Section("whats-new", "changes", say("whats_new_title"), (Bullets(None, flat, kind="changes"),),
                formats=DECK_ONLY),
    ]


def _cite(facts: Facts, source_id: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    source = next(s for s in facts.sources if s.id == source_id)
    return (facts.source_number(source_id),), (source.title,)


def _key_points(facts: Facts) -> Section:
    if facts.brief.key_points:
        items = tuple(Item(text) for text in facts.brief.key_points)
    else:
        items = tuple(Item(say("key_point", t)) for t in facts.topics)
    return Section("key-points", "key-points", say("section_title", "key-points"), (Bullets(None, items),))


def _topic_section(facts: Facts, topic: Topic, counter: _Counter) -> Section:
    blocks: list[Block] = [
        Paragraph(topic.headline, role="headline"),
        StatusTag(topic.status, say("status_label", topic.status)),
    ]
    if topic.summary:
        blocks.append(Paragraph(topic.summary))
    points = tuple(Item(p.text, *_cite(facts, p.source)) for p in topic.points)
    blocks.append(Bullets(say("block_title", "points"), points, kind="points"))
    if topic.figures:
        rows = tuple(
            (f.label, format_number(f.value), f.unit, f"[{facts.source_number(f.source)}]") for f in topic.figures
        )
        blocks.append(
            Table(counter.table(), say("figures_caption", topic), ("Figure", "Value", "Unit", "Source"), rows, (1,))
        )
    if topic.chart:
        chart = topic.chart
        categories = tuple(chart.data)
        values = tuple(chart.data.values())
        spec = _spec(f"topic-{topic.id}", chart.kind, chart.title, categories, values, chart.unit)
        blocks.append(Chart(counter.figure(), chart.title, spec, _takeaway(spec)))
    for kind in ("considerations", "next_steps"):
        entries = getattr(topic, kind)
        if entries:
            blocks.append(Bullets(say("block_title", kind), tuple(Item(e) for e in entries), kind=kind))
    return Section(topic.id, "topic", topic.title, tuple(blocks))


def _spec(ident: str, kind: str, title: str, categories: tuple[str, ...], values: tuple, unit: str | None,
          colours: tuple[str, ...] | None = None) -> ChartSpec:
    pairs = [f"{c} {with_unit(v, unit)}" for c, v in zip(categories, values)]
    return ChartSpec(ident, kind, title, categories, values, unit, say("chart_alt", kind, title, pairs), colours)


def _takeaway(spec: ChartSpec) -> str:
    """Where the series starts and ends (a line) or its largest and smallest value (bars)."""
    pairs = list(zip(spec.categories, spec.value_labels, spec.values))
    if len(pairs) < 2:
        return ""
    high = max(pairs, key=lambda p: p[2])
    low = min(pairs, key=lambda p: p[2])
    return say("range_takeaway", spec.kind, pairs[0], pairs[-1], high, low)


def _summary(facts: Facts, counter: _Counter) -> Section:
    counts = {s: sum(t.status == s for t in facts.topics) for s in STATUSES}
    title = say("status_chart_title")
    status_spec = _spec(
        "status", "barh", title, tuple(say("status_label", s) for s in STATUSES), tuple(counts.values()),
        None, tuple(THEME.status_colours[s] for s in STATUSES),
    )
    parts = [f"{n} {say('status_label', s).lower()}" for s, n in counts.items() if n]
    takeaway = say("status_takeaway", len(facts.topics), parts)
    blocks: list[Block] = [Chart(counter.figure(), title, status_spec, takeaway)]
    for unit, figures in _figures_by_unit(facts).items():
        title = say("unit_chart_title", unit)
        spec = _spec(f"unit-{len(blocks)}", "bar", title, tuple(f.label for f in figures),
                     tuple(f.value for f in figures), unit)
        blocks.append(Chart(counter.figure(), title, spec, _takeaway(spec)))
    return Section("summary", "summary", say("section_title", "summary"), tuple(blocks))


def _figures_by_unit(facts: Facts) -> dict[str, list]:
    """Figures grouped by unit; a group of one only when it is the file's only figure."""
    groups: dict[str, list] = {}
    names: dict[str, str] = {}
    for topic in facts.topics:
        for figure in topic.figures:
            key = figure.unit.strip().casefold()
            names.setdefault(key, figure.unit.strip())
            groups.setdefault(key, []).append(figure)
    total = sum(len(g) for g in groups.values())
    return {names[k]: g for k, g in groups.items() if len(g) > 1 or total == 1}


def _key_numbers(facts: Facts) -> Section | None:
    """The largest figure of each unit, first four in file order."""
    best: dict[str, object] = {}
    for topic in facts.topics:
        for figure in topic.figures:
            key = figure.unit.strip().casefold()
            if key not in best or figure.value > best[key].value:
                best[key] = figure
    if not best:
        return None
    items = tuple(
        KeyNumber(format_number(f.value), f.unit, f.label, facts.source_number(f.source))
        for f in list(best.values())[:4]
    )
    return Section("key-numbers", "key-numbers", say("section_title", "key-numbers"), (KeyNumbers(items),),
                   formats=DECK_ONLY)


def _timeline(facts: Facts, counter: _Counter) -> Section:
    """Dated events in date order: a chart of them when there are two or more, and a table."""
    events = sorted(facts.timeline, key=lambda e: e.date)
    blocks: list[Block] = []
    if len(events) > 1:
        title = say("timeline_chart_title")
        spec = ChartSpec("timeline", "timeline", title, tuple(e.text for e in events),
                         tuple(_decimal_year(e.date) for e in events), None,
                         say("chart_alt", "timeline", title, [f"{e.date} {e.text}" for e in events]),
                         point_labels=tuple(e.date for e in events))
        blocks.append(Chart(counter.figure(), title, spec, say("timeline_takeaway", events[0], events[-1])))
    rows = tuple((e.date, e.text, f"[{facts.source_number(e.source)}]") for e in events)
    blocks.append(Table(counter.table(), say("timeline_caption", facts.summit), ("Date", "Event", "Source"), rows))
    return Section("timeline", "timeline", say("section_title", "timeline"), tuple(blocks))


def _decimal_year(date: str) -> float:
    """'2025', '2025-12' or '2025-12-05' as a position on a line of years (the start of the period)."""
    parts = [int(p) for p in date.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    start = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - start).days
    return round(year + (dt.date(year, month, day) - start).days / length, 4)


def _next_steps(facts: Facts) -> Section | None:
    items = tuple(Item(say("next_step", t, s)) for t in facts.topics for s in t.next_steps)
    if not items:
        return None
    return Section("next-steps", "next-steps", say("section_title", "next-steps"), (Bullets(None, items),),
                   formats=DECK_ONLY)


def _sources(facts: Facts) -> Section:
    entries = tuple(
        SourceEntry(i, say("source_entry", s), s.url) for i, s in enumerate(facts.sources, start=1)
    )
    return Section("sources", "sources", say("section_title", "sources"), (SourceList(entries),))
