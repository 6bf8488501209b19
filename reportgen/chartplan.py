"""The brief's charts: which are drawn, what each plots and says. Called by the plan (reportgen/plan.py).

One chart per set of values: a summary chart that would plot what a topic's chart already plots is not
drawn. Values over years or dates form a time series: in time order, as columns (or the line the author
asked for), titled by how they changed from first to last; "Largest ..." is kept for comparisons between
things. A timeline places each event at the middle of its day, month or year, as long as that period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from .chartspec import ALT_TEXT_LIMIT, Chart, ChartSpec, timeline_label, timeline_layout
from .formatting import money_unit
from .theme import THEME

from .facts import Figure, Topic

# The plan (its _Planner, its EventRow) calls this module and is named in its annotations only: importing
# it here would make an import circle.

COMPARABLE_FROM = 3  # a figures chart needs at least this many comparable values
TIMELINE_CHART_FROM = 3  # a timeline chart needs at least this many dated events
# A year or a date as written in a facts file's label: "2014", "2025-06", "2025-06-25".
_WHEN = re.compile(r"(?<![\w.,])(1[89]\d\d|2[01]\d\d)(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?![\w%])")
# Words left dangling at the end of a label once its year is taken out ("Allies at 2% of GDP in").
_TRAILING = re.compile(r"[\s,;:(\u2013\u2014-]*\b(in|for|of|at|by|during|as of|en|pour|au|à|de)?[\s,;:(]*$",
                       re.IGNORECASE)


def status_chart(p: _Planner) -> Chart:

    counts = p._status_counts()
    total = len(p.facts.topics)
    title = p.words.say("status_chart_title", counts, total)
    labels = tuple(p.words.say("status_label", s) for s in counts)
    value_labels = tuple(p.fmt.number(n) for n in counts.values())
    alt = p.words.say("chart_alt", "stacked", title, [f"{label} {n}" for label, n in zip(labels, value_labels)])
    spec = ChartSpec("status", "stacked", title, labels, tuple(counts.values()), value_labels, None,
                     p.words.say("status_axis"), alt_text(alt), p.words.say("chart_source_facts", total),
                     tuple(THEME.status_colours[s] for s in counts), p.facts.brief.language)
    return Chart(p.counter.figure(), spec)


def topic_chart(p: _Planner, topic: Topic) -> Chart | None:

    chart = topic.chart
    if chart is None:
        return None
    items = list(chart.data.items())
    kind = chart.kind
    whens = [when(c) for c, _ in items]
    series = len(items) > 1 and all(w is not None for w in whens)
    if series:  # over time: in time order, across the page, the dates as the formatter writes them
        items = [item for _, item in sorted(zip(whens, items), key=lambda pair: pair[0])]
        kind = "line" if kind == "line" else "bar"
    values = tuple(v for _, v in items)
    labels = tuple(p.fmt.quantity(v, chart.unit) for v in values)
    categories = tuple(p.fmt.date(c) if series else c for c, _ in items)
    pairs = list(zip(categories, labels, values))
    if series:
        title = p.words.say("series_chart_title", chart.title, pairs[0], pairs[-1])
    elif len(pairs) > 1:
        title = p.words.say("chart_message", kind, chart.title, pairs[0], pairs[-1], max(pairs, key=lambda x: x[2]))
    else:
        title = chart.title
    alt = p.words.say("chart_alt", kind, title, [f"{c} {v}" for c, v in zip(categories, labels)])
    plotted, axis = p.fmt.axis(values, chart.unit)
    spec = ChartSpec(f"topic-{topic.id}", kind, title, categories, plotted, labels, chart.unit, axis, alt_text(alt),
                     chart_source(p, [topic]), language=p.facts.brief.language)
    return Chart(p.counter.figure(), spec)


def chart_source(p: _Planner, topics: list[Topic]) -> str:
    used = dict.fromkeys(
        s.title for t in topics for ref in [*(pt.source for pt in t.points), *(f.source for f in t.figures)]
        for s in p.facts.sources if s.id == ref
    )
    return p.words.say("chart_source", list(used))


def summary_charts(p: _Planner) -> tuple[Chart, ...]:
    """A chart per unit with COMPARABLE_FROM or more comparable figures: wholes, never a part beside its whole;
    none that plots what a topic's chart plots; figures that differ only by their year, a time series."""

    groups: dict[str, list[tuple[Topic, Figure]]] = {}
    for topic in p.facts.topics:
        for figure in topic.figures:
            groups.setdefault(figure.unit.strip().casefold(), []).append((topic, figure))
    charted = [(t.chart.unit or "").strip().casefold() for t in p.facts.topics if t.chart]
    charted_values = [Counter(t.chart.data.values()) for t in p.facts.topics if t.chart]
    charts = []
    for unit_key, members in groups.items():
        wholes = {f.id for _, f in members if f.id}
        shown = [(t, f) for t, f in members if not (f.part_of and f.part_of in wholes)]
        if len(shown) < COMPARABLE_FROM:
            continue
        values = Counter(f.value for _, f in shown)
        if any(unit == unit_key and not values - plotted for unit, plotted in zip(charted, charted_values)):
            continue  # a topic's chart already plots these values
        unit = shown[0][1].unit
        sources = chart_source(p, list({t.id: t for t, _ in shown}.values()))
        stem, dated = _series([f.label for _, f in shown])
        if dated:  # the same figure in several years
            order = sorted(range(len(shown)), key=lambda i: dated[i][0])
            figures = [shown[i][1] for i in order]
            categories = tuple(p.fmt.date(dated[i][1]) for i in order)
            labels = tuple(p.quantity(f) for f in figures)
            title = p.words.say("series_chart_title", stem, (categories[0], labels[0], figures[0].value),
                                (categories[-1], labels[-1], figures[-1].value))
            kind = "bar"
        else:
            shown.sort(key=lambda tf: -tf[1].value)
            figures = [f for _, f in shown]
            labels = tuple(p.quantity(f) for f in figures)
            categories = tuple(f.label for f in figures)
            title = p.words.say("figures_chart_title", categories[0], labels[0], money_unit(unit) is not None)
            kind = "barh"
        alt = p.words.say("chart_alt", kind, title, [f"{c} {v}" for c, v in zip(categories, labels)])
        plotted, axis = p.fmt.axis([f.value for f in figures], unit)
        spec = ChartSpec(f"figures-{len(charts) + 1}", kind, title, categories, plotted, labels, unit, axis,
                         alt_text(alt), sources, language=p.facts.brief.language)
        charts.append(Chart(p.counter.figure(), spec))
    return tuple(charts)


def timeline_chart(p: _Planner, events: tuple[EventRow, ...]) -> Chart | None:
    """Every event on a line of time, labelled with its date and text where the labels fit."""

    if len(events) < TIMELINE_CHART_FROM:
        return None
    ordered = sorted(p.facts.timeline, key=lambda e: e.date)
    positions = [period(e.date) for e in ordered]
    labels = [timeline_label(e.date, e.text) for e in events]
    lanes, time_range, leftward = timeline_layout([mid for mid, _ in positions], labels,
                                                  [half for _, half in positions])
    named = sum(1 for lane in lanes if lane)
    first, last = events[0].date, events[-1].date
    if named == len(events):
        title = p.words.say("timeline_chart_title", first, last, len(events))
    else:
        title = p.words.say("timeline_chart_title_named", first, last, len(events), named)
    alt = p.words.say("chart_alt", "timeline", title, [f"{e.date} {e.text}" for e in events])
    if len(alt) >= ALT_TEXT_LIMIT:  # too many to name: how many, and where every one is listed
        alt = p.words.say("timeline_alt_count", title, len(events))
    source = p.words.say("chart_source", [s.title for s in p.facts.sources if any(e.source == s.id for e in ordered)])
    spec = ChartSpec("timeline", "timeline", title, tuple(e.text for e in events),
                     tuple(mid for mid, _ in positions), tuple(e.date for e in events), None, None,
                     alt_text(alt), source, spans=tuple(half for _, half in positions), lanes=lanes,
                     time_range=time_range, leftward=leftward, language=p.facts.brief.language)
    return Chart(p.counter.figure(), spec)


def when(label: str) -> float | None:
    """A label that is a year or a date ('2014', '2025-06', '2025-06-25'): the middle of its period."""
    match = _WHEN.fullmatch(label.strip())
    return period(match.group(0))[0] if match else None


def _series(labels: list[str]) -> tuple[str, list[tuple[float, str]]]:
    """Labels alike but for one year or date each ('Allies at 2% of GDP in 2014', '... in 2024'): what
    they share, and each one's (position, date as written); ('', []) when they are not such a series."""
    found = []
    for label in labels:
        matches = list(_WHEN.finditer(label))
        if len(matches) != 1:
            return "", []
        found.append((matches[0], label))
    stems = {(label[:m.start()] + "\x00" + label[m.end():]).strip() for m, label in found}
    dates = [m.group(0) for m, _ in found]
    if len(stems) != 1 or len(set(dates)) != len(dates):
        return "", []
    before, _, after = stems.pop().partition("\x00")
    stem = _TRAILING.sub("", before.strip()) if not after.strip() else f"{before.strip()} {after.strip()}".strip()
    return stem or before.strip(), [(period(d)[0], d) for d in dates]


def period(date: str) -> tuple[float, float]:
    """'2025', '2025-12' or '2025-12-05' as (the middle of its period, half its length), in years."""
    parts = [int(x) for x in date.split("-")]
    year = parts[0]
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    if len(parts) == 1:
        return year + 0.5, 0.5
    month = parts[1]
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    if len(parts) == 2:
        middle = (first - start).days + (following - first).days / 2
        return round(year + middle / days, 5), round((following - first).days / days / 2, 5)
    return round(year + ((dt.date(year, month, parts[2]) - start).days + 0.5) / days, 5), 0.0





def alt_text(text: str) -> str:
    """Alt text under the limit, cut at a word; the full data is in a table or the notes nearby."""
    if len(text) < ALT_TEXT_LIMIT:
        return text
    cut = text[: ALT_TEXT_LIMIT - 2].rsplit(" ", 1)[0]
    return cut.rstrip(";,. ") + "…"
