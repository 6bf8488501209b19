"""Facts -> Brief: what the note and the deck say, in which order and in which words. No file formats here.

Every number and date is written by the one Formatter of the brief's language; every fixed word comes
from the wording templates. The note and the deck place what this module decides; neither invents text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import chartplan
from .chartspec import ChartSpec
from .diff import Changes
from .facts import STATUSES, Facts, Figure, Topic
from .formatting import NBSP, Formatter, formatter, money_unit
from .text import Wording, wording

# The order the derived bottom line takes: what a minister must know first (concerns, then agreements).
BOTTOM_LINE_ORDER = ("concern", "agreed", "in-progress", "under-negotiation", "under-consideration")
FIGURES_TABLE_FROM = 4  # a topic with this many figures shows them as a table in Annex A
KEY_NUMBERS_PER_TOPIC = 3


@dataclass(frozen=True)
class StatusTag:
    """A topic's status, shown as a coloured tag."""

    status: str
    label: str


@dataclass(frozen=True)
class Item:
    """A sentence of the facts, quoted as written, and its citation ('' with a single source)."""

    text: str
    citation: str = ""  # "\u00a0[2]": a non-breaking space, then the source's number
    states_key: bool = False  # a topic's point that states one of its key numbers (a deck shows the number)

    @property
    def full(self) -> str:
        return self.text + self.citation


@dataclass(frozen=True)
class FigureLine:
    """A figure written in words: 'Earlier S-400 purchase agreement: US$5 billion'."""

    label: str
    value: str  # the formatted quantity, qualifier included; never split across lines
    citation: str = ""
    key: bool = False
    part_of: str | None = None  # the label of the figure this one is part of

    @property
    def text(self) -> str:
        return f"{self.label}: {self.value}"


@dataclass(frozen=True)
class KeyNumber:
    """A figure shown big: the formatted number, and what it counts."""

    value: str
    label: str
    citation: str = ""


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
    """A numbered chart; its caption is the spec's message title, its source line follows it."""

    number: int
    spec: ChartSpec

    @property
    def caption(self) -> str:
        return self.spec.title


@dataclass(frozen=True)
class NextStep:
    """A next step: what, for which topic, who, by when (formatted)."""

    text: str
    topic_id: str
    topic: str
    owner: str = ""
    due: str = ""


@dataclass(frozen=True)
class TopicPlan:
    """One topic: its bottom line, its facts, and what follows from it."""

    id: str
    title: str
    headline: str
    status: StatusTag
    summary: str | None
    points: tuple[Item, ...]
    figures: tuple[FigureLine, ...]
    figures_table: Table | None  # instead of figure lines, when the topic has FIGURES_TABLE_FROM or more
    key_numbers: tuple[KeyNumber, ...]
    chart: Chart | None
    considerations: tuple[str, ...]
    next_steps: tuple[NextStep, ...]
    lines_to_take: tuple[str, ...]
    notes: str  # the fuller text with its sources, for speaker notes

    @property
    def thin(self) -> bool:
        """Two points or fewer: may share a slide with another thin topic."""
        return len(self.points) <= 2


@dataclass(frozen=True)
class GlanceRow:
    """One row of 'Outcomes at a glance'."""

    topic_id: str
    topic: str
    status: StatusTag
    outcome: str
    next_step: str


@dataclass(frozen=True)
class Glance:
    """Outcomes at a glance: a row per topic and the status summary chart."""

    title: str
    header: tuple[str, ...]  # topic, status, outcome[, next step]
    rows: tuple[GlanceRow, ...]
    show_next_step: bool  # false when the next steps need their own table (owners, dates, several a topic)
    chart: Chart


@dataclass(frozen=True)
class TopicItems:
    """Sentences grouped under a topic (implications and risks, lines to take)."""

    topic_id: str
    topic: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class ChangeGroup:
    """What changed in one topic since the previous version."""

    topic: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class ChangesPlan:
    """'Changes since <date>'."""

    title: str
    groups: tuple[ChangeGroup, ...]


@dataclass(frozen=True)
class SourceEntry:
    """One numbered source: its title (the link text), its URL, and what else is known of it."""

    number: int
    title: str
    url: str | None
    details: str  # "press article; Publisher; 5 December 2025", or ""


@dataclass(frozen=True)
class EventRow:
    """A dated event, its date written out."""

    date: str
    text: str
    citation: str = ""
    upcoming: bool = False  # after the brief's as-of date: a watch point


@dataclass(frozen=True)
class Properties:
    """Document properties both formats carry."""

    title: str
    subject: str
    author: str
    keywords: str
    language: str
    created: str  # ISO date: from the facts, never the wall clock


@dataclass(frozen=True)
class Annex:
    """An annex: its letter and heading ('Annex A: Topic detail')."""

    key: str  # topics | charts | people
    heading: str


@dataclass(frozen=True)
class Brief:
    """Everything a writer needs, decided once."""

    language: str
    words: Wording  # the fixed words of the brief's language, for what the writers place
    classification: str
    title: str
    date_place: str
    header: tuple[tuple[str, str], ...]  # (label, value): reference, from, to, as of, action
    action: str  # "For information"
    deck_subtitle: str  # "Outcomes readout — for information"
    purpose: str
    bottom_line_title: str  # the deck's bottom-line slide title: a message
    bottom_line: tuple[Item, ...]
    bottom_line_derived: bool
    changes: ChangesPlan | None
    glance: Glance
    implications: tuple[TopicItems, ...]
    lines_to_take: tuple[TopicItems, ...]
    next_steps: tuple[NextStep, ...]
    caveats: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    single_source: str | None  # "Every fact in this brief comes from one source: ..." (then no [n])
    topics: tuple[TopicPlan, ...]
    summary_charts: tuple[Chart, ...]
    figures_table: Table | None  # every figure, for the deck's annex
    people: Table | None  # who's who
    timeline: Table | None
    events: tuple[EventRow, ...]
    annexes: tuple[Annex, ...]
    properties: Properties
    leaders: tuple[str, ...] = ()  # "Narendra Modi (Prime Minister, India)": the deck's title slide

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart of the brief, in document order."""
        found = [self.glance.chart, *(t.chart for t in self.topics if t.chart), *self.summary_charts]
        return tuple(found)


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
    return _Planner(facts).brief(changes)


class _Planner:
    """Decides the brief of one facts file."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.fmt: Formatter = formatter(facts.brief.language)
        self.words: Wording = wording(facts.brief.language)
        self.counter = _Counter()
        self.single_source = len(facts.sources) == 1
        self.figure_labels = {f.id: f.label for t in facts.topics for f in t.figures if f.id}
        any_key = any(f.key for t in facts.topics for f in t.figures)
        self.key = (lambda f: f.key) if any_key else (lambda f: f.part_of is None)

    # --- words ----------------------------------------------------------------

    def citation(self, source_id: str) -> str:
        """'' with one source (one sentence says so); else a non-breaking space and '[n]'."""
        if self.single_source:
            return ""
        return f"{NBSP}[{[s.id for s in self.facts.sources].index(source_id) + 1}]"

    def quantity(self, figure: Figure) -> str:
        return self.fmt.quantity(figure.value, figure.unit, figure.qualifier)

    def status(self, status: str) -> StatusTag:
        return StatusTag(status, self.words.say("status_label", status))

    # --- the brief --------------------------------------------------------------

    def brief(self, changes: Changes | None) -> Brief:
        facts, fmt = self.facts, self.fmt
        summit, info = facts.summit, facts.brief
        date_place = self.words.say("date_place", fmt.date(summit.date), summit.place)
        action = self.words.say("action", info.action)
        header = [(self.words.say("header_label", "reference"), info.reference), (self.words.say("header_label", "from"), info.author),
                  (self.words.say("header_label", "to"), info.to), (self.words.say("header_label", "as_of"), fmt.date(facts.as_of())),
                  (self.words.say("header_label", "action"), action)]
        glance = self._glance()
        topics = tuple(self._topic(t) for t in facts.topics)
        summary_charts = self._summary_charts()
        events = self._events()
        timeline_chart = self._timeline_chart(events)
        if timeline_chart:
            summary_charts += (timeline_chart,)
        people = self._people()
        timeline = self._timeline_table(events)
        present = ["topics", *(["charts"] if summary_charts else []), *(["people"] if people or timeline else [])]
        annexes = [Annex(key, self.words.say("annex_heading", chr(ord("A") + i), key)) for i, key in enumerate(present)]
        return Brief(
            language=info.language,
            words=self.words,
            classification=info.classification,
            title=summit.title,
            date_place=date_place,
            header=tuple((label, value) for label, value in header if value),
            action=action,
            deck_subtitle=self.words.say("deck_subtitle", info.action),
            purpose=info.purpose,
            bottom_line_title=self.words.say("bottom_line_title", self._status_counts(), len(facts.topics)),
            bottom_line=self._bottom_line(),
            bottom_line_derived=not info.key_points,
            changes=self._changes(changes),
            glance=glance,
            implications=self._by_topic("considerations"),
            lines_to_take=self._by_topic("lines_to_take"),
            next_steps=tuple(s for t in topics for s in t.next_steps),
            caveats=tuple(info.caveats),
            sources=self._sources(),
            single_source=self.words.say("single_source", facts.sources[0].title, self.words.say("source_kind", facts.sources[0].kind))
            if self.single_source else None,
            topics=topics,
            summary_charts=summary_charts,
            figures_table=self._figures_table(),
            people=people,
            timeline=timeline,
            events=events,
            annexes=tuple(annexes),
            properties=Properties(
                title=_property(summit.title),
                subject=_property(self.words.say("subject", summit.title, date_place)),
                author=_property(info.author or ""),
                keywords=_keywords(t.title for t in facts.topics),
                language=info.language,
                created=summit.date.isoformat(),
            ),
            leaders=tuple(self.words.say("person", p) for p in summit.leaders),
        )

    def _status_counts(self) -> dict[str, int]:
        return {s: n for s in STATUSES if (n := sum(t.status == s for t in self.facts.topics))}

    def _bottom_line(self) -> tuple[Item, ...]:
        if self.facts.brief.key_points:
            return tuple(Item(text) for text in self.facts.brief.key_points)
        ordered = sorted(self.facts.topics, key=lambda t: BOTTOM_LINE_ORDER.index(t.status))
        return tuple(Item(t.headline) for t in ordered)

    def _changes(self, changes: Changes | None) -> ChangesPlan | None:
        if not changes:
            return None
        groups = tuple(ChangeGroup(t.title, tuple(c.text for c in t.changes)) for t in changes.topics)
        return ChangesPlan(changes.title, groups)

    def _glance(self) -> Glance:
        facts = self.facts
        steps = [s for t in facts.topics for s in t.next_steps]
        # One step a topic, with no owner or date, for most topics: the table's column says each once.
        # Otherwise the next steps have their own section and the table has no such column.
        with_steps = sum(bool(t.next_steps) for t in facts.topics)
        inline = (all(len(t.next_steps) <= 1 for t in facts.topics) and not any(s.owner or s.due for s in steps)
                  and with_steps * 2 >= len(facts.topics))
        rows = tuple(
            GlanceRow(t.id, t.title, self.status(t.status), t.headline,
                      t.next_steps[0].text if inline and t.next_steps else "")
            for t in facts.topics
        )
        header = tuple(self.words.say("glance_column", c) for c in ("topic", "status", "outcome", "next_step"))
        return Glance(self.words.say("section_title", "glance"), header if inline and steps else header[:3], rows,
                      inline and bool(steps), self._status_chart())

    def _status_chart(self) -> Chart:
        return chartplan.status_chart(self)

    def _topic(self, topic: Topic) -> TopicPlan:
        figures = tuple(
            FigureLine(f.label, self.quantity(f), self.citation(f.source), self.key(f),
                       self.figure_labels.get(f.part_of) if f.part_of else None)
            for f in topic.figures
        )
        stated = {line: [p for p in topic.points if states(p.text, f, self.fmt)]
                  for line, f in zip(figures, topic.figures)}  # the points that already state each figure
        key_lines = [line for line in figures if line.key][:KEY_NUMBERS_PER_TOPIC]
        key_numbers = tuple(KeyNumber(line.value, line.label, line.citation) for line in key_lines)
        points = tuple(Item(p.text, self.citation(p.source), any(p in stated[line] for line in key_lines))
                       for p in topic.points)
        listed = tuple(line for line in figures if not stated[line])  # each number once
        table = None
        if len(figures) >= FIGURES_TABLE_FROM:
            header = tuple(self.words.say("figures_column", c) for c in ("figure", "value"))
            table = Table(self.counter.table(), self.words.say("figures_caption", topic.title), header,
                          tuple((f.label, f.value + f.citation) for f in figures), (1,))
        steps = tuple(NextStep(s.text, topic.id, topic.title, s.owner or "", self.fmt.date(s.due) if s.due else "")
                      for s in topic.next_steps)
        return TopicPlan(
            id=topic.id, title=topic.title, headline=topic.headline, status=self.status(topic.status),
            summary=topic.summary, points=points, figures=() if table else listed,
            figures_table=table,
            key_numbers=key_numbers, chart=self._topic_chart(topic), considerations=tuple(topic.considerations),
            next_steps=steps, lines_to_take=tuple(topic.lines_to_take), notes=self._notes(topic, figures),
        )

    def _notes(self, topic: Topic, figures: tuple[FigureLine, ...]) -> str:
        lines = [topic.headline]
        if topic.summary:
            lines.append(topic.summary)
        lines += [p.text + self.citation(p.source) for p in topic.points]
        lines += [f.text + f.citation for f in figures]
        titles = dict.fromkeys(next(s.title for s in self.facts.sources if s.id == p.source) for p in topic.points)
        lines.append(self.words.say("notes_sources", list(titles)))
        return "\n".join(lines)

    def _topic_chart(self, topic: Topic) -> Chart | None:
        return chartplan.topic_chart(self, topic)

    def _chart_source(self, topics: list[Topic]) -> str:
        return chartplan.chart_source(self, topics)

    def _summary_charts(self) -> tuple[Chart, ...]:
        return chartplan.summary_charts(self)

    def _events(self) -> tuple[EventRow, ...]:
        moment = self.facts.as_of().isoformat()
        events = sorted(self.facts.timeline, key=lambda e: e.date)
        return tuple(EventRow(self.fmt.date(e.date), e.text, self.citation(e.source), e.date > moment)
                     for e in events)

    def _timeline_chart(self, events: tuple[EventRow, ...]) -> Chart | None:
        return chartplan.timeline_chart(self, events)

    def _timeline_table(self, events: tuple[EventRow, ...]) -> Table | None:
        if not events:
            return None
        header = tuple(self.words.say("timeline_column", c) for c in ("date", "event"))
        return Table(self.counter.table(), self.words.say("timeline_caption", self.facts.summit.title), header,
                     tuple((e.date, e.text + e.citation) for e in events))

    def _people(self) -> Table | None:
        summit = self.facts.summit
        people = [*summit.leaders, *summit.participants]
        header = tuple(self.words.say("people_column", c) for c in ("name", "role", "country"))
        rows = tuple((p.name, p.role or "", p.country or "") for p in people)
        return Table(self.counter.table(), self.words.say("people_caption"), header, rows)

    def _figures_table(self) -> Table | None:
        rows = tuple((t.title, f.label, self.quantity(f) + self.citation(f.source))
                     for t in self.facts.topics for f in t.figures)
        if not rows:
            return None
        header = tuple(self.words.say("figures_column", c) for c in ("topic", "figure", "value"))
        return Table(0, self.words.say("section_title", "figures"), header, rows, (2,))

    def _by_topic(self, field: str) -> tuple[TopicItems, ...]:
        return tuple(TopicItems(t.id, t.title, tuple(getattr(t, field))) for t in self.facts.topics
                     if getattr(t, field))

    def _sources(self) -> tuple[SourceEntry, ...]:
        return tuple(
            SourceEntry(i, s.title, s.url, self.words.say("source_details", self.words.say("source_kind", s.kind), s.publisher,
                                               self.fmt.date(s.date) if s.date else None))
            for i, s in enumerate(self.facts.sources, start=1)
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


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen twenty").split()


def states(text: str, figure: Figure, fmt: Formatter) -> bool:
    """Whether a sentence states a figure, everything a reader gets from it: its number (in digits, or in
    words up to twenty), every word of its unit and its qualifier, its currency (code or symbol) and its
    per cent sign. "Three S-400 squadrons were inducted" states 3 squadrons, "the USD 5 billion agreement"
    US$5 billion; "signed 10 agreements" does not state 10%, nor "US$5 billion" over US$5 billion. Strict
    on purpose: a figure judged stated is not listed again, so a wrong yes would lose it. A negative
    figure is never judged stated."""
    if figure.value < 0:
        return False
    written = fmt.quantity(figure.value, figure.unit).replace(NBSP, " ")
    number = re.search(r"\d[\d,.]*", written)
    if not number:
        return False
    digits = number.group(0).rstrip(".,")
    forms = [digits, digits.replace(",", "")]
    if digits.isdigit() and int(digits) < len(_NUMBER_WORDS):
        forms.append(_NUMBER_WORDS[int(digits)])
    found = [m for f in dict.fromkeys(forms)
             for m in re.finditer(rf"(?<![\w.,]){re.escape(f)}(?![\w]|[.,]\d)", text, re.IGNORECASE)]
    if not found:
        return False
    after = written[number.end():]
    if after.startswith("%") and not any(re.match(r"\s*(%|per\s?cent)", text[m.end():], re.IGNORECASE)
                                         for m in found):
        return False
    money = money_unit(figure.unit)
    if money:
        symbol = written[:number.start()].strip()
        if money.currency.casefold() not in text.casefold() and (not symbol or symbol not in text):
            return False
    words = re.findall(r"[^\W\d_]+", after) + re.findall(r"[^\W\d_]+", figure.qualifier or "")
    return all(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)
