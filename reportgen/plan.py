"""Facts -> Brief: what the note and the deck say, in which order and in which words. No file formats here.

Every number and date is written by the one Formatter of the brief's language; every fixed word comes
from the wording templates. The note and the deck place what this module decides; neither invents text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import chartplan, kinds
from .blocks import (Bullets, ChartBlock, Choices, FigureLine, Figures, Grouped, Heading, Item, Section, SourceList,
                     StatusLine, StatusTag, Table, TableBlock, Text)
from .chartspec import Chart, ChartSpec  # noqa: F401 - Chart: the writers take it from the plan
from .diff import Changes
from .facts import STATUSES, Facts, Figure, Topic
from .formatting import NBSP, Formatter, formatter, money_unit
from .text import Wording, wording

# The order the derived bottom line takes: what a minister must know first (concerns, then agreements).
BOTTOM_LINE_ORDER = ("concern", *(s for s in STATUSES if s != "concern"))  # concerns first, then SPEC order
FIGURES_TABLE_FROM = 4  # a topic with this many figures shows them as a table in Annex A
KEY_NUMBERS_PER_TOPIC = 3


@dataclass(frozen=True)
class KeyNumber:
    """A figure shown big: the formatted number, and what it counts."""

    value: str
    label: str
    citation: str = ""


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
    panels: tuple[Panel, ...] = ()  # what the topic's slide says beside its points, in order (kinds.TOPIC_PANELS)

    @property
    def thin(self) -> bool:
        """Two points or fewer: may share a slide with another thin topic."""
        return len(self.points) <= 2


@dataclass(frozen=True)
class Panel:
    """A titled list beside a topic's points on its slide: 'So what', 'Say', 'If raised', 'Next steps'."""

    key: str
    title: str
    items: tuple[str, ...]
    bullet: bool = True


@dataclass(frozen=True)
class DeckLine:
    """A line of a list slide: a bullet, a numbered item, a heading over the bullets under it, or text."""

    text: str
    role: str = "bullet"  # bullet | number | heading | text
    link: str | None = None


@dataclass(frozen=True)
class DeckList:
    """A list slide (continued over as many as it needs): its kind, its title (a message), its lines."""

    kind: str
    title: str
    lines: tuple[DeckLine, ...]
    annex: bool = False


@dataclass(frozen=True)
class DeckTable:
    """Tables on slides (continued over as many as they need): one uncaptioned table on a main slide (the
    options, the likely asks), or captioned tables packed onto slides (next steps and watch points; the
    annex's agenda, figures, timeline and who's who)."""

    kind: str
    title: str
    tables: tuple[Table, ...]
    annex: bool = False
    kinds: tuple[str, ...] = ()  # what each table is (next-steps, watch-points, agenda, figures, timeline, people)


# A part of the deck after its title slide: a list or tables the plan wrote, or the name of a part the
# slide model lays out from the brief's own data ("glance", "topics", "charts").
DeckPart = DeckList | DeckTable | str


@dataclass(frozen=True)
class GlanceRow:
    """One row of 'Outcomes at a glance'."""

    topic_id: str
    topic: str
    status: StatusTag
    outcome: str
    next_step: str
    position: str = ""  # their position (a meeting brief's state of play)


@dataclass(frozen=True)
class Glance:
    """Outcomes at a glance: a row per topic and the status summary chart."""

    title: str
    header: tuple[str, ...]  # topic, status, outcome[, their position][, next step]
    rows: tuple[GlanceRow, ...]
    show_next_step: bool  # false when the next steps need their own table (owners, dates, several a topic)
    chart: Chart
    show_position: bool = False
    deck_title: str = ""  # the glance slide's title (the bottom line's message when that slide is skipped)

    def cells(self, row: GlanceRow) -> tuple[str, ...]:
        """A row's cells under this header."""
        return (row.topic, row.status.label, row.outcome, *((row.position,) if self.show_position else ()),
                *((row.next_step,) if self.show_next_step else ()))


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
class Brief:
    """Everything a writer needs, decided once."""

    language: str
    words: Wording  # the fixed words of the brief's language, for what the writers place
    classification: str
    title: str
    date_place: str
    header: tuple[tuple[str, str], ...]  # (label, value): reference, from, to, as of, action
    action: str  # "For information", "For decision by 27 February 2026", "For your meeting: ..."
    deck_subtitle: str  # "Outcomes readout — for information"
    purpose: str
    bottom_line_title: str  # the deck's bottom-line slide title: a message
    bottom_line: tuple[Item, ...]
    bottom_line_derived: bool
    changes: ChangesPlan | None
    glance: Glance
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
    properties: Properties
    kind: str = "information"  # brief.action: information | decision | meeting
    body: tuple[Section, ...] = ()  # the note's body after its header block, in the kind's order
    annexes: tuple[Section, ...] = ()  # the note's annexes, each headed "Annex A: ..."
    deck: tuple[DeckPart, ...] = ()  # the deck after its title slide, in the kind's order
    agenda: Table | None = None  # a meeting's agenda (annex)
    sign_off: tuple[str, ...] = ()  # "Cleared by: ...", "Contact: ...": with the sources, in both files
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
        self.watch = bool(self.watch_tables())
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
        facts, fmt, words = self.facts, self.fmt, self.words
        summit, info = facts.summit, facts.brief
        kind = info.action
        date_place = words.say("date_place", fmt.date(summit.date), summit.place)
        action = self._action()
        header = [(words.say("header_label", "reference"), info.reference),
                  (words.say("header_label", "from"), info.author), (words.say("header_label", "to"), info.to),
                  (words.say("header_label", "as_of"), fmt.date(facts.as_of())),
                  (words.say("header_label", "action"), action)]
        glance = self._glance()
        topics = tuple(self._topic(t) for t in facts.topics)
        summary_charts = self._summary_charts()
        events = self._events()
        timeline_chart = self._timeline_chart(events)
        if timeline_chart:
            summary_charts += (timeline_chart,)
        agenda = self._agenda()
        people = self._people()
        timeline = self._timeline_table(events)
        bottom_line = self._bottom_line()
        changes_plan = self._changes(changes)
        next_steps = tuple(s for t in topics for s in t.next_steps)
        sources = self._sources()
        single_source = words.say("single_source", facts.sources[0].title, facts.sources[0].kind) \
            if self.single_source else None
        bottom_line_title = words.say("bottom_line_title", self._status_counts(), len(facts.topics))
        glance = replace(glance, deck_title=bottom_line_title if not info.key_points else glance.title)
        brief = Brief(
            language=info.language,
            words=words,
            classification=info.classification,
            title=summit.title,
            date_place=date_place,
            header=tuple((_unbroken(label), _unbroken(value) if len(value) <= UNBROKEN_UP_TO else value)
                         for label, value in header if value),
            action=action,
            deck_subtitle=words.say("deck_subtitle", kind, words.say("meeting_on", fmt.date(facts.meeting.date))
                                    if kind == "meeting" else action),
            purpose=info.purpose,
            bottom_line_title=bottom_line_title,
            bottom_line=bottom_line,
            bottom_line_derived=not info.key_points,
            changes=changes_plan,
            glance=glance,
            next_steps=next_steps,
            caveats=tuple(self.free(c) for c in info.caveats),
            sources=sources,
            single_source=single_source,
            topics=topics,
            summary_charts=summary_charts,
            figures_table=self._figures_table(),
            people=people,
            timeline=timeline,
            events=events,
            properties=Properties(
                title=_property(summit.title),
                subject=_property(words.say("subject", kind, summit.title, date_place)),
                author=_property(info.author or ""),
                keywords=_keywords(t.title for t in facts.topics),
                language=info.language,
                created=summit.date.isoformat(),
            ),
            kind=kind,
            agenda=agenda,
            sign_off=self._sign_off(),
            leaders=tuple(words.say("person", p) for p in summit.leaders),
        )
        sections = _Sections(self, brief)
        body, annexes = sections.note()
        return replace(brief, body=body, annexes=annexes, deck=sections.deck())

    # --- words of each kind -----------------------------------------------------------

    def free(self, text: str) -> str:
        """The author's free text as the brief shows it: quoted as written, but an amount of money written
        with an ISO code is written by the formatter ("USD 5 billion" -> "US$5 billion")."""
        return self.fmt.money_in_text(text)

    def _action(self) -> str:
        """The header's action: 'For information', 'For decision by <date>', 'For your meeting: <when>'."""
        facts, fmt = self.facts, self.fmt
        if facts.brief.action == "decision" and facts.decision:
            return self.words.say("action_decision", fmt.date(facts.decision.by) if facts.decision.by else "")
        if facts.brief.action == "meeting" and facts.meeting:
            return self.words.say("action_meeting", self.meeting_when())
        return self.words.say("action", facts.brief.action)

    def meeting_when(self) -> str:
        """'12 March 2026, 10:30, Lancaster House, London (30 minutes), bilateral, ministers plus two'."""
        m = self.facts.meeting
        return self.words.say("meeting_when", self.fmt.date(m.date), m.time or "", m.venue or "", m.duration or "",
                              m.format or "")

    def _sign_off(self) -> tuple[str, ...]:
        info, words = self.facts.brief, self.words
        lines = []
        if info.clearances:
            lines.append(words.say("cleared_by", [words.say("clearance", c.who, self.fmt.date(c.date) if c.date
                                                             else "") for c in info.clearances]))
        if info.contact:
            lines.append(words.say("contact", info.contact))
        return tuple(lines)

    def _agenda(self) -> Table | None:
        meeting = self.facts.meeting
        if not meeting or not meeting.agenda:
            return None
        header = tuple(self.words.say("agenda_column", c) for c in ("time", "item"))
        return Table(self.counter.table(), self.words.say("agenda_caption", self.fmt.date(meeting.date)), header,
                     tuple((a.time or "", self.free(a.item)) for a in meeting.agenda), shares=(0.18, 0.82))

    def _status_counts(self) -> dict[str, int]:
        return {s: n for s in STATUSES if (n := sum(t.status == s for t in self.facts.topics))}

    def _bottom_line(self) -> tuple[Item, ...]:
        if self.facts.brief.key_points:
            return tuple(Item(self.free(text)) for text in self.facts.brief.key_points)
        ordered = sorted(self.facts.topics, key=lambda t: BOTTOM_LINE_ORDER.index(t.status))
        return tuple(Item(self.free(t.headline)) for t in ordered)

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
        show_position = facts.brief.action == "meeting" and any(t.their_position for t in facts.topics)
        show_next_step = inline and bool(steps) and not show_position  # four columns at most
        rows = tuple(
            GlanceRow(t.id, t.title, self.status(t.status), self.free(t.headline),
                      self.free(t.next_steps[0].text) if show_next_step and t.next_steps else "",
                      self.free(t.their_position or "") if show_position else "")
            for t in facts.topics
        )
        columns = ("topic", "status", "outcome", *(("position",) if show_position else ()),
                   *(("next_step",) if show_next_step else ()))
        header = tuple(self.words.say("glance_column", c) for c in columns)
        title = self.words.say("section_title", "state-of-play" if facts.brief.action == "meeting" else "glance")
        return Glance(title, header, rows, show_next_step, self._status_chart(), show_position)

    def _status_chart(self) -> Chart:
        return chartplan.status_chart(self)

    def _topic(self, topic: Topic) -> TopicPlan:
        free = self.free
        figures = tuple(
            FigureLine(self.free(f.label), self.quantity(f), self.citation(f.source), self.key(f),
                       self.figure_labels.get(f.part_of) if f.part_of else None)
            for f in topic.figures
        )
        texts = [free(p.text) for p in topic.points]
        stated = {line: [i for i, text in enumerate(texts) if states(text, f, self.fmt)]
                  for line, f in zip(figures, topic.figures)}  # the points that already state each figure
        # A key number is a callout on the topic's slide. A point that states it leaves the slide only when
        # the callout says everything the point says; a point that says more keeps its place, and then the
        # callout is not drawn: the number is said once, and nothing of the point is lost.
        key_lines = []
        leaving: set[int] = set()
        for line in [line for line in figures if line.key]:
            if len(key_lines) == KEY_NUMBERS_PER_TOPIC:
                break
            if all(_says_only(texts[i], line, self.fmt) for i in stated[line]):
                key_lines.append(line)
                leaving.update(stated[line])
        key_numbers = tuple(KeyNumber(line.value, line.label, line.citation) for line in key_lines)
        points = tuple(Item(text, self.citation(p.source), i in leaving)
                       for i, (text, p) in enumerate(zip(texts, topic.points)))
        listed = tuple(line for line in figures if not stated[line])  # each number once
        table = None
        if len(figures) >= FIGURES_TABLE_FROM:
            header = tuple(self.words.say("figures_column", c) for c in ("figure", "value"))
            table = Table(self.counter.table(), self.words.say("figures_caption", topic.title), header,
                          tuple((f.label, f.value + f.citation) for f in figures), (1,))
        steps = tuple(NextStep(free(s.text), topic.id, topic.title, s.owner or "",
                               self.fmt.date(s.due) if s.due else "") for s in topic.next_steps)
        considerations = tuple(free(c) for c in topic.considerations)
        lines = tuple(free(line) for line in topic.lines_to_take)
        panel_items = {
            "so-what": (considerations, False),
            "say": (lines, True),
            "their-position": ((free(topic.their_position),) if topic.their_position else (), False),
            "if-raised": (tuple(free(line) for line in topic.if_raised), True),
            "next-steps": (tuple(_step(s) for s in steps), True),
        }
        if self.watch:  # the next steps are said on the deck's slide of next steps and watch points
            panel_items["next-steps"] = ((), True)
        panels = tuple(Panel(key, self.words.say("panel_title", key), panel_items[key][0], panel_items[key][1])
                       for key in kinds.TOPIC_PANELS[self.facts.brief.action] if panel_items[key][0])
        return TopicPlan(
            id=topic.id, title=topic.title, headline=free(topic.headline), status=self.status(topic.status),
            summary=free(topic.summary) if topic.summary else None, points=points, figures=() if table else listed,
            figures_table=table,
            key_numbers=key_numbers, chart=self._topic_chart(topic), considerations=considerations,
            next_steps=steps, lines_to_take=lines, notes=self._notes(topic, figures), panels=panels,
        )

    def _notes(self, topic: Topic, figures: tuple[FigureLine, ...]) -> str:
        """The speaker's fuller text: headline, summary, every point and figure, and every line the topic
        gives the speaker (what to say, their position, what to say if raised), then the sources."""
        free, words = self.free, self.words
        lines = [free(topic.headline)]
        if topic.summary:
            lines.append(free(topic.summary))
        lines += [free(p.text) + self.citation(p.source) for p in topic.points]
        lines += [words.lead_in(f.label) + f.value + f.citation for f in figures]
        if topic.their_position:
            lines.append(words.say("labelled", words.say("panel_title", "their-position"), free(topic.their_position)))
        lines += [words.say("labelled", words.say("panel_title", "say"), free(t)) for t in topic.lines_to_take]
        lines += [words.say("labelled", words.say("panel_title", "if-raised"), free(t)) for t in topic.if_raised]
        titles = dict.fromkeys(next(s.title for s in self.facts.sources if s.id == p.source) for p in topic.points)
        lines.append(words.say("notes_sources", list(titles)))
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
        return tuple(EventRow(self.fmt.date(e.date), self.free(e.text), self.citation(e.source), e.date > moment)
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
        bios = any(p.bio for p in people)
        columns = ("name", "role", "country", *(("bio",) if bios else ()))
        header = tuple(self.words.say("people_column", c) for c in columns)
        rows = tuple((p.name, p.role or "", p.country or "", *((self.free(p.bio or ""),) if bios else ()))
                     for p in people)
        return Table(self.counter.table(), self.words.say("people_caption"), header, rows,
                     shares=(0.2, 0.18, 0.12, 0.5) if bios else ())

    def _figures_table(self) -> Table | None:
        rows = tuple((t.title, self.free(f.label), self.quantity(f) + self.citation(f.source))
                     for t in self.facts.topics for f in t.figures)
        if not rows:
            return None
        header = tuple(self.words.say("figures_column", c) for c in ("topic", "figure", "value"))
        return Table(0, self.words.say("section_title", "figures"), header, rows, (2,))

    def options_table(self) -> Table | None:
        """A submission's options side by side; the recommended one labelled in words; costs formatted."""
        decision = self.facts.decision
        if not decision or not decision.options:
            return None
        words, free = self.words, self.free
        costs = any(o.cost for o in decision.options)
        columns = ("option", "summary", "for", "against", *(("cost",) if costs else ()))
        rows = []
        for o in decision.options:
            name = free(o.title) + ("\n" + words.say("recommended") if o.recommended else "")  # a line of its own
            cost = (self.fmt.quantity(o.cost.value, o.cost.unit, o.cost.qualifier) if o.cost else "",) if costs else ()
            rows.append((name, free(o.summary or ""), "\n".join(free(t) for t in o.for_),
                         "\n".join(free(t) for t in o.against), *cost))
        shares = (0.2, 0.26, 0.22, 0.22, 0.1) if costs else (0.22, 0.28, 0.25, 0.25)
        return Table(0, "", tuple(words.say("options_column", c) for c in columns), tuple(rows), shares=shares,
                     bold_columns=(0,))

    def watch_tables(self) -> tuple[tuple[str, Table], ...]:
        """The deck's next steps and watch points (see _Sections.deck_watch); () when the topic slides say them."""
        topics = self.facts.topics
        steps = [(t, s) for t in topics for s in t.next_steps]
        moment = self.facts.as_of().isoformat()
        coming = [e for e in sorted(self.facts.timeline, key=lambda e: e.date) if e.date > moment]
        if len(steps) + len(coming) < 2 or not (coming or any(s.owner or s.due for _, s in steps)):
            return ()
        words, tables = self.words, []
        if steps:
            header = tuple(words.say("next_steps_column", c) for c in ("step", "topic", "owner", "due"))
            tables.append(("next-steps", Table(0, words.say("section_title", "next-steps"), header,
                                tuple((self.free(s.text), t.title, s.owner or "", self.fmt.date(s.due) if s.due else "")
                                      for t, s in steps))))
        if coming:
            header = tuple(words.say("timeline_column", c) for c in ("date", "event"))
            tables.append(("watch-points", Table(0, words.say("deck_word", "watch-points"), header,
                                tuple((self.fmt.date(e.date), self.free(e.text) + self.citation(e.source))
                                      for e in coming))))
        return tuple(tables)

    def likely_asks_table(self) -> Table | None:
        """What they may raise, and our reply, topic by topic."""
        rows = tuple((t.title, self.free(a.ask), self.free(a.response)) for t in self.facts.topics
                     for a in t.likely_asks)
        if not rows:
            return None
        header = tuple(self.words.say("asks_column", c) for c in ("topic", "ask", "response"))
        return Table(0, "", header, rows, shares=(0.22, 0.36, 0.42))

    def by_topic(self, field: str) -> Grouped | None:
        """A field's sentences grouped under their topics (implications, lines to take, if raised)."""
        groups = tuple((t.title, tuple(Item(self.free(text)) for text in getattr(t, field)))
                       for t in self.facts.topics if getattr(t, field))
        return Grouped(groups) if groups else None

    def _sources(self) -> tuple[SourceEntry, ...]:
        return tuple(
            SourceEntry(i, s.title, s.url, self.words.say("source_details", self.words.say("source_kind", s.kind), s.publisher,
                                               self.fmt.date(s.date) if s.date else None))
            for i, s in enumerate(self.facts.sources, start=1)
        )


UNBROKEN_UP_TO = 24  # characters: a header value this short ("5 December 2025", "BN-2025-117") is never split


def _unbroken(text: str) -> str:
    """Text whose spaces are no-break spaces: a header's label ("As of") or a short value never breaks."""
    return text.replace(" ", NBSP)


def _step(step: NextStep) -> str:
    """A next step on a slide: 'text (owner — due)'."""
    extra = " — ".join(x for x in (step.owner, step.due) if x)
    return f"{step.text} ({extra})" if extra else step.text


def _says_only(text: str, line: FigureLine, fmt: Formatter) -> bool:
    """Whether a point that states a figure says nothing its callout (value and label) does not: every
    word of the point is a word of the callout, or the number itself in words."""
    callout = (line.value + " " + line.label).replace(NBSP, " ").casefold()
    said = set(re.findall(r"\w+", callout))
    number = re.search(r"\d+", callout)
    if number:
        said.update(w.casefold() for w in fmt.number_words(int(number.group())))
    return all(word in said for word in re.findall(r"\w+", text.replace(NBSP, " ").casefold()))


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


def states(text: str, figure: Figure, fmt: Formatter) -> bool:
    """Whether a sentence states a figure, everything a reader gets from it: its number (in digits, or in
    words up to twenty, in the brief's language), every word of its unit and its qualifier (as the brief's
    language writes them), its currency (code or symbol) and its per cent sign (or words). "Three S-400
    squadrons were inducted" states 3 squadrons, "the USD 5 billion agreement" US$5 billion, "trois
    escadrons" 3 escadrons, "100 milliards de dollars" 100 Md $US in French (Formatter.bare_currency_names);
    "signed 10 agreements" does not state 10%, nor "US$5 billion" over US$5 billion. Strict on purpose:
    a figure judged stated is not listed again, so a wrong yes would lose it. A negative figure is never
    judged stated."""
    if figure.value < 0:
        return False
    written = fmt.quantity(figure.value, figure.unit).replace(NBSP, " ")
    number = re.search(r"\d(?:[\d,.\u00a0\u202f]*\d)?", written)
    if not number:
        return False
    digits = number.group(0)
    forms = [digits, re.sub(r"[,\u00a0\u202f]", "", digits)]
    if digits.isdigit():
        forms += fmt.number_words(int(digits))
    found = [m for f in dict.fromkeys(forms)
             for m in re.finditer(rf"(?<![\w.,]){re.escape(f)}(?![\w]|[.,]\d)", text, re.IGNORECASE)]
    if not found:
        return False
    after = written[number.end():]
    per_cent = "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in fmt.per_cent_words())
    if after.strip().startswith("%") and not any(re.match(rf"\s*(%|{per_cent})", text[m.end():], re.IGNORECASE)
                                                 for m in found):
        return False
    money = money_unit(figure.unit)
    if money:
        if not any(form.casefold() in text.casefold() for form in fmt.currency_forms(money.currency)):
            # "100 milliards de dollars" states US$100 billion in a French brief, not in a Canadian one,
            # nor beside "dollars canadiens"
            bare, others = fmt.bare_currency_names(money.currency)
            if not any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in bare) \
                    or any(other.casefold() in text.casefold() for other in others):
                return False
        # The scale in words, however the amount is written ("5 Md $US" is stated by "5 milliards").
        after = re.sub(r"^[\d\s,.\u00a0\u202f]*", "", fmt.amount(figure.value, figure.unit).replace(NBSP, " "))
    qualifier = fmt.words.say("qualifier", figure.qualifier) if figure.qualifier else ""
    words = re.findall(r"[^\W\d_]+", after) + re.findall(r"[^\W\d_]+", qualifier)
    return all(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


# --- each kind's sections ------------------------------------------------------------------------------

BODY_LINES = 90  # two pages of the body in the units _lines() counts: the Global Fund submission's body
#                 (93) ran one line onto a third page, while a meeting brief of 95 fitted; the margin errs
#                 towards moving the evidence, since a body past two pages is the worse fault
LINE_CHARACTERS = 95  # characters a line of the note's body holds, about
CHART_LINES = 8  # the glance's status bar, its caption and source, in lines


class _Sections:
    """The sections of one brief's note and the parts of its deck, in its kind's order (kinds.py): each key
    is a method of this class returning its section (or None when it has nothing to say)."""

    def __init__(self, planner: _Planner, brief: Brief):
        self.p, self.b = planner, brief
        self.facts, self.words, self.fmt, self.free = planner.facts, planner.words, planner.fmt, planner.free
        self.kind = brief.kind

    def heading(self, key: str) -> str:
        return self.words.say("section_title", key)

    def section(self, key: str, *blocks) -> Section | None:
        kept = tuple(b for b in blocks if b)
        return Section(key, self.heading(key), kept) if kept else None

    # --- the note ------------------------------------------------------------------------------------

    def note(self) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
        body = [s for key in kinds.NOTE_BODY[self.kind] if (s := getattr(self, _name(key))())]
        moved: list[Section] = []
        if kinds.MOVABLE[self.kind] and _lines(body) > BODY_LINES:
            # The evidence moves to the head of Annex A; one line in the body says where it went.
            moved = [s for s in body if s.key in kinds.MOVABLE[self.kind]]
            body = [s if s not in moved else Section(s.key, s.heading, (Text(self.words.say("moved_to_annex")),))
                    for s in body]
        present = [(key, blocks) for key in kinds.NOTE_ANNEXES[self.kind]
                   if (blocks := getattr(self, _name("annex-" + key))())]
        annexes = []
        for i, (key, blocks) in enumerate(present):
            if key == "topics" and moved:
                blocks = tuple(b for s in moved for b in (Heading(s.heading), *s.blocks)) + blocks
            annexes.append(Section("annex-" + key, self.words.say("annex_heading", chr(ord("A") + i), key), blocks))
        return tuple(body), tuple(annexes)

    def purpose(self):
        return self.section("purpose", Text(self.free(self.facts.brief.purpose)))

    def bottom_line(self):
        return self.section("bottom-line", Bullets(self.b.bottom_line))

    def summary(self):
        return self.section("summary", Bullets(self.b.bottom_line))

    def changes(self):
        changes = self.b.changes
        if not changes:
            return None
        groups = tuple((g.topic, tuple(Item(text) for text in g.items)) for g in changes.groups)
        return Section("changes", changes.title, (Grouped(groups),))

    def glance(self):
        glance = self.b.glance
        shares = {3: (0.26, 0.18, 0.56), 4: (0.2, 0.16, 0.38, 0.26)}[len(glance.header)]
        table = Table(0, "", glance.header, tuple(glance.cells(r) for r in glance.rows), shares=shares,
                      statuses=tuple(r.status for r in glance.rows), status_column=1)
        # The compact status bar under the heading, then the rows: the message first, the detail after it,
        # and a long table may run on to the next page (its header repeated) with the bar on its first.
        return Section("glance", glance.title, (ChartBlock(glance.chart), TableBlock(table)))

    def comment(self):
        return self.section("comment", self._comment())

    def _comment(self) -> Bullets | None:
        comment = self.facts.brief.comment
        return Bullets(tuple(Item(self.free(c)) for c in comment)) if comment else None

    def implications(self):
        return self.section("implications", self.p.by_topic("considerations"))

    def lines(self):
        return self.section("lines", self.p.by_topic("lines_to_take"))

    def next_steps(self):
        steps = self.b.next_steps
        if not steps or self.b.glance.show_next_step:
            return None  # none, or each said once in the glance table's column
        if not any(s.owner or s.due for s in steps):  # nothing but the step: a list, not a half-empty table
            return self.section("next-steps", Bullets(tuple(Item(s.text, lead=s.topic) for s in steps)))
        header = tuple(self.words.say("next_steps_column", c) for c in ("step", "topic", "owner", "due"))
        table = Table(0, "", header, tuple((s.text, s.topic, s.owner, s.due) for s in steps),
                      shares=(0.42, 0.26, 0.17, 0.15))
        return self.section("next-steps", TableBlock(table))

    def sources(self):
        b = self.b
        return self.section("sources", Bullets(tuple(Item(c) for c in b.caveats)) if b.caveats else None,
                            Text(b.single_source) if b.single_source else None, SourceList(b.sources),
                            *(Text(line) for line in b.sign_off))

    def issue(self):
        return self.section("issue", Text(self.free(self.facts.decision.issue)))

    def recommendations(self):
        decision = self.facts.decision
        choices = tuple(self.words.say("choice", c) for c in ("agree", "disagree", "discuss"))
        return self.section("recommendations",
                            Choices(tuple(Item(self.free(r)) for r in decision.recommendations), choices))

    def timing(self):
        timing = self.facts.decision.timing
        return self.section("timing", Text(self.free(timing))) if timing else None

    def options(self):
        table = self.p.options_table()
        return self.section("options", TableBlock(table)) if table else None

    def argument(self):
        return self.section("argument", self.p.by_topic("considerations"))

    def handling(self):
        if self.kind == "decision":
            handling = self.facts.decision.handling
            return self.section("handling", Bullets(tuple(Item(self.free(h)) for h in handling)) if handling
                                else None)
        m = self.facts.meeting
        items = tuple(Item(self.free(text), lead=self.words.say("handling_label", key))
                      for key, text in (("reason", m.reason), ("last-met", m.last_met), ("press", m.press)) if text)
        return self.section("handling", Bullets(items) if items else None)

    def objectives(self):
        """What the meeting is for and with whom (the purpose), then what success looks like."""
        return self.section("objectives", Text(self.free(self.facts.brief.purpose)),
                            Bullets(tuple(Item(self.free(o)) for o in self.facts.meeting.objectives), numbered=True))

    def points_to_make(self):
        return self.section("points-to-make", self.p.by_topic("lines_to_take"))

    def likely_asks(self):
        table = self.p.likely_asks_table()
        return self.section("likely-asks", TableBlock(table)) if table else None

    def if_raised(self):
        return self.section("if-raised", self.p.by_topic("if_raised"))

    # --- annexes: their blocks (the heading is the annex's) ---------------------------------------------

    def annex_topics(self) -> tuple:
        blocks: list = []
        for t in self.b.topics:
            # The headline is the topic's outcome in the body's table; here: status, summary, the facts.
            blocks += [Heading(t.title), StatusLine(t.status, t.summary or ""), Bullets(t.points)]
            if t.figures:
                blocks.append(Figures(t.figures))
            if t.figures_table:
                blocks.append(TableBlock(t.figures_table))
            if t.chart:
                blocks.append(ChartBlock(t.chart))
        return tuple(blocks)

    def annex_charts(self) -> tuple:
        return tuple(ChartBlock(c) for c in self.b.summary_charts)

    def annex_agenda(self) -> tuple:
        return (TableBlock(self.b.agenda),) if self.b.agenda else ()

    def annex_people(self) -> tuple:
        return tuple(TableBlock(t) for t in (self.b.people, self.b.timeline) if t)

    # --- the deck ------------------------------------------------------------------------------------

    def deck(self) -> tuple[DeckPart, ...]:
        parts: list[DeckPart] = []
        for key in kinds.DECK[self.kind]:
            method = getattr(self, _name("deck-" + key), None)
            part = method() if method else key  # a part the slide model lays out from the brief itself
            if part:
                parts.append(part)
        return tuple(parts)

    def deck_bottom_line(self):
        b = self.b
        if b.bottom_line_derived:
            return None  # the glance table says the headlines: one slide, titled with the bottom line's message
        return DeckList("bottom-line", b.bottom_line_title, tuple(DeckLine(i.full) for i in b.bottom_line))

    def deck_changes(self):
        changes = self.b.changes
        if not changes:
            return None
        lines = tuple(line for g in changes.groups
                      for line in (DeckLine(g.topic, "heading"), *(DeckLine(t) for t in g.items)))
        return DeckList("changes", changes.title, lines)

    def deck_decision(self):
        d = self.facts.decision
        title = self.words.say("decision_title", self.fmt.date(d.by) if d.by else "", self.free(d.issue))
        lines = [DeckLine(self.words.say("numbered", n, self.free(r)), "number")
                 for n, r in enumerate(d.recommendations, start=1)]
        if d.timing:
            lines.append(DeckLine(self.words.say("labelled", self.heading("timing"), self.free(d.timing)), "text"))
        return DeckList("decision", title, tuple(lines))

    def deck_options(self):
        table = self.p.options_table()
        if not table:
            return None
        chosen = self.facts.decision.recommended
        return DeckTable("options", self.words.say("options_title", len(table.rows), chosen.title if chosen else ""),
                         (table,))

    def deck_objectives(self):
        m = self.facts.meeting
        # When, where and the format, then why and with whom: the purpose, as the desk wrote it (the facts
        # name no counterpart of their own; the summit's leaders are not who the minister meets).
        lines = [DeckLine(self.p.meeting_when(), "text"), DeckLine(self.free(self.facts.brief.purpose), "text")]
        lines += [DeckLine(self.words.say("numbered", n, self.free(o)), "number")
                  for n, o in enumerate(m.objectives, start=1)]
        return DeckList("objectives", self.words.say("objectives_title", self.fmt.date(m.date)), tuple(lines))

    def deck_points_to_make(self):
        grouped = self.p.by_topic("lines_to_take")
        if not grouped:
            return None
        lines = tuple(line for name, items in grouped.groups
                      for line in (DeckLine(name, "heading"), *(DeckLine(i.text) for i in items)))
        return DeckList("points-to-make", self.heading("points-to-make"), lines)

    def deck_likely_asks(self):
        table = self.p.likely_asks_table()
        return DeckTable("likely-asks", self.heading("likely-asks"), (table,)) if table else None

    def deck_watch(self):
        """The next steps and coming events as tables, when together they make two or more rows and say
        something a topic slide cannot (an owner, a date, a coming event); the topic slides then carry no
        next steps."""
        found = self.p.watch_tables()
        return DeckTable("watch", self.heading("watch"), tuple(t for _, t in found),
                         kinds=tuple(k for k, _ in found)) if found else None

    def deck_sources(self):
        b, words = self.b, self.words
        lines = []
        if b.caveats:
            lines += [DeckLine(self.heading("caveats"), "heading"), *(DeckLine(c) for c in b.caveats)]
        if b.single_source:
            lines.append(DeckLine(b.single_source, "text"))
        lines += [DeckLine(words.say("source_entry", e.number, e.title, e.details), "text", e.url) for e in b.sources]
        lines += [DeckLine(line, "text") for line in b.sign_off]
        return DeckList("sources", self.heading("sources"), tuple(lines), annex=True)

    def deck_annex_tables(self):
        """The agenda, the figures no callout shows, the timeline and who's who, captioned."""
        b = self.b
        shown = {(t.title, k.label, k.value + k.citation) for t in b.topics for k in t.key_numbers}
        figures = replace(b.figures_table, rows=tuple(r for r in b.figures_table.rows if tuple(r) not in shown)) \
            if b.figures_table else None
        found = [(kind, t) for kind, t in (("agenda", b.agenda), ("figures", figures), ("timeline", b.timeline),
                                            ("people", b.people)) if t and t.rows]
        if not found:
            return None
        return DeckTable("tables", self.words.say("annex_tables_title", [k for k, _ in found]),
                         tuple(t for _, t in found), annex=True, kinds=tuple(k for k, _ in found))


def _name(key: str) -> str:
    """A section key's method name: 'next-steps' -> 'next_steps'."""
    return key.replace("-", "_")


def _lines(sections: list[Section]) -> int:
    """About how many lines of the note's body these sections take (headings, text, table rows, charts)."""
    def text_lines(text: str, width: float = 1.0) -> int:
        return max(1, -(-len(text) // int(LINE_CHARACTERS * width)))

    total = 0
    for section in sections:
        total += 2
        for block in section.blocks:
            if isinstance(block, Text):
                total += text_lines(block.lead + block.text) + 1
            elif isinstance(block, Bullets | Choices):
                total += sum(text_lines(i.lead + i.full, 0.95) + (2 if isinstance(block, Choices) else 0)
                             for i in block.items)
            elif isinstance(block, Grouped):
                total += sum(len(items) > 1 for _, items in block.groups)
                total += sum(text_lines(name + i.full, 0.95) for name, items in block.groups for i in items)
            elif isinstance(block, TableBlock):
                shares = block.table.column_shares(10, 60)
                total += 2 + sum(max(text_lines(cell, share) for cell, share in zip(row, shares))
                                 for row in block.table.rows)
            elif isinstance(block, ChartBlock):
                total += CHART_LINES
            elif isinstance(block, SourceList):
                total += len(block.entries)
    return total
