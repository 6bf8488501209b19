"""A chart as data: what it shows and says, decided by the plan; drawn natively or as a picture elsewhere."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import NamedTuple

MAX_LABELLED_POINTS = 12
ALT_TEXT_LIMIT = 250  # characters: longer alt text is cut by screen readers and Office


@dataclass(frozen=True)
class ChartSpec:
    """One chart: one series of labelled values, in order, with everything a reader sees already worded.

    kind: bar (columns) | barh (bars) | line | stacked (one horizontal bar, a segment per category,
    the status summary) | timeline (values are decimal years, each the middle of the event's day, month
    or year; value_labels are the dates as written; categories the events).
    """

    id: str
    kind: str
    title: str  # the message, composed from the data: "3 of 8 outcomes agreed"
    categories: tuple[str, ...]
    values: tuple[float, ...]
    value_labels: tuple[str, ...]  # each value written by the formatter ("US$750 million", "5 December 2025")
    unit: str | None  # the unit as the facts give it ("USD million"), for number formats
    axis_title: str | None  # the value axis's name, written for readers ("US$ million", "squadrons")
    alt_text: str  # under ALT_TEXT_LIMIT characters; the data is also in a table or the notes nearby
    source: str  # the source line under the chart: "Source: ..."
    colours: tuple[str, ...] | None = None  # one hex colour per category
    language: str = "en-GB"  # the brief's: the numbers and month names a picture's axis writes itself
    # A timeline's: each event's half-length in years (0 for a day, 1/24 for a month, 1/2 for a year), the
    # row its label sits in (1 the lowest; 0: not labelled, its mark only), and the time axis's range.
    spans: tuple[float, ...] = ()
    lanes: tuple[int, ...] = ()
    time_range: tuple[float, float] | None = None
    leftward: tuple[int, ...] = ()  # a timeline's events whose label runs left of the mark (near the axis's end)

    @property
    def rows(self) -> int:
        """A timeline's rows of labels (at least one)."""
        return max(self.lanes, default=0) or 1

    @property
    def labelled(self) -> bool:
        """Whether each point carries its value: not when there are too many to read."""
        if self.kind == "timeline":
            return any(self.lanes)
        return len(self.values) <= MAX_LABELLED_POINTS

    def digest(self) -> str:
        """A hash of everything that changes the picture."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


# --- a timeline's labels ---------------------------------------------------------
# Each label is set to the right of its event's mark (to its left near the axis's end, so that the axis
# ends at the last event), at the height of its row; the mark's stem runs down to the time axis. A label
# may not cross another label, nor another event's stem: an event whose label cannot be placed keeps its
# mark and goes unlabelled (the caption says how many are named). The room is that of the narrowest chart
# the brief has: the note's, 6.3 in across at 10 pt.
TIMELINE_LANES = 4  # label rows above the time axis
TIMELINE_CHARS_ACROSS = 74  # characters of 10 pt text across the note's plot area
TIMELINE_WRAP = 24  # characters an event's text holds on a line of its label
TIMELINE_TEXT_LINES = 2  # lines of event text under the date; longer text is cut (the table has it all)


def timeline_label(date: str, text: str) -> str:
    """An event's label: its date as written, then its text on up to two lines."""
    import textwrap

    lines = textwrap.wrap(text, TIMELINE_WRAP, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > TIMELINE_TEXT_LINES:
        kept = lines[:TIMELINE_TEXT_LINES]
        kept[-1] = kept[-1][: TIMELINE_WRAP - 1].rstrip(" ,;.") + "\u2026"
        lines = kept
    return "\n".join([date, *lines])


class TimelineLayout(NamedTuple):
    """Where a timeline's labels go: each event's row (0: unlabelled), the events whose label runs left of
    its mark (by index), and the time axis's range."""

    lanes: tuple[int, ...]
    time_range: tuple[float, float]
    leftward: tuple[int, ...] = ()


def timeline_layout(positions: list[float], labels: list[str], halves: list[float] | None = None) -> TimelineLayout:
    """Each event's label row (0: unlabelled), which labels run left, and the time axis's range, for events
    in any order.

    A label runs right from its mark, as wide as its longest line. One that would run past the last event
    runs left instead, where it crosses no label and no stem; only where it cannot does the axis reach
    further, to where that label ends. An event takes the highest row below every label still running
    over its position (so its stem crosses none); with no row left it goes unlabelled. halves: each
    event's half-length in years (a year's or a month's period), which the axis holds whole."""
    if not positions:
        return TimelineLayout((), (0.0, 1.0))
    halves = list(halves or [0.0] * len(positions))
    order = sorted(range(len(positions)), key=lambda i: positions[i])  # '2021' (mid-year) after '2021-03-01'
    if order != list(range(len(positions))):
        lanes, time_range, leftward = timeline_layout([positions[i] for i in order], [labels[i] for i in order],
                                                      [halves[i] for i in order])
        placed = [0] * len(positions)
        for lane, i in zip(lanes, order):
            placed[i] = lane
        return TimelineLayout(tuple(placed), time_range, tuple(sorted(order[i] for i in leftward)))
    widths = [min(max(len(line) for line in label.split("\n")) + 2, TIMELINE_CHARS_ACROSS // 2) for label in labels]
    first, last = positions[0], positions[-1]
    pad = max(last - first, 1 / 6) * 0.03
    low = time_axis_start(first - pad, last - first)
    end = max(x + half for x, half in zip(positions, halves)) + pad  # the last period whole
    right = _labels_to_the_right(positions, widths, low, end)
    both = _labels_both_ways(positions, widths, low, end)
    # Labels near the end run left, so that the axis ends at the last event, unless fewer are named so
    lanes, left, span = both if sum(map(bool, both[0])) >= sum(map(bool, right[0])) else right
    lowest = min((lane for lane in lanes if lane), default=1)  # rows none uses go: a chart no taller than it needs
    return TimelineLayout(tuple(lane - lowest + 1 if lane else 0 for lane in lanes),
                          (round(low, 4), round(low + span, 4)),
                          tuple(i for i, (lane, leftward) in enumerate(zip(lanes, left)) if lane and leftward))


def _place_to_the_right(positions: list[float], widths: list[int], low: float, span: float, clip: bool,
                        boxes: list | None = None, stems: list | None = None) -> list[int]:
    """Rows for labels running right from their marks, left to right: an event takes the highest row below
    every label still running over it; clip: a label that would run past the axis's end goes unlabelled.
    The labels placed are added to `boxes` (from, to, row) and their stems to `stems` (where, row)."""
    per_char = span / TIMELINE_CHARS_ACROSS
    lanes: list[int] = []
    running: list[tuple[float, int]] = []  # (where a placed label ends, its row)
    for x, width in zip(positions, widths):
        running = [(stop, lane) for stop, lane in running if stop > x]
        lane = min((lane for _, lane in running), default=TIMELINE_LANES + 1) - 1
        if clip and x + width * per_char > low + span:
            lane = 0  # its label would run past the end of the axis
        lanes.append(lane)
        if lane > 0:
            running.append((x + width * per_char, lane))
            if boxes is not None and stems is not None:
                boxes.append((x, x + width * per_char, lane))
                stems.append((x, lane))
    return lanes


def _labels_to_the_right(positions: list[float], widths: list[int], low: float,
                         end: float) -> tuple[list[int], list[bool], float]:
    """Every label to the right of its mark, the axis reaching as far as the last placed label ends."""
    span = end - low
    for _ in range(8):  # the range depends on which labels are placed, and they on the range
        lanes = _place_to_the_right(positions, widths, low, span, clip=False)
        # the least span in which every placed label ends inside the axis: x + w * span / C <= low + span
        needed = max([(x - low) / (1 - w / TIMELINE_CHARS_ACROSS) for x, w, lane in zip(positions, widths, lanes)
                      if lane] + [end - low])
        if abs(needed - span) <= span * 1e-9:
            break
        span = needed
    else:  # no range fits its labels exactly: the last one, and the labels that end inside it
        lanes = _place_to_the_right(positions, widths, low, span, clip=True)
    return lanes, [False] * len(lanes), span


def _labels_both_ways(positions: list[float], widths: list[int], low: float,
                      end: float) -> tuple[list[int], list[bool], float]:
    """The axis ending at the last event: a label that would run past it runs left of its mark instead.
    The others are placed first, to the right; then those, from the last event back, each in the highest
    row below every label over its mark, where it crosses no label in its row and no stem that reaches it."""
    span = end - low
    per_char = span / TIMELINE_CHARS_ACROSS
    can = [x - w * per_char >= low for x, w in zip(positions, widths)]
    leftward = [x + w * per_char > end and fits for x, w, fits in zip(positions, widths, can)]
    # An event under a label that runs left runs left too (its own label placed from the end back, below
    # that one), rather than keeping a stem the label would have to clear
    grown = True
    while grown:
        boxes_left = [(positions[i] - widths[i] * per_char, positions[i]) for i, left in enumerate(leftward) if left]
        grown = False
        for i, x in enumerate(positions):
            if not leftward[i] and can[i] and any(start < x < stop for start, stop in boxes_left):
                leftward[i] = grown = True
    boxes: list[tuple[float, float, int]] = []
    stems: list[tuple[float, int]] = []
    lanes = [0] * len(positions)
    ahead = [i for i, left in enumerate(leftward) if not left]
    for i, lane in zip(ahead, _place_to_the_right([positions[i] for i in ahead], [widths[i] for i in ahead],
                                                  low, span, True, boxes, stems)):
        lanes[i] = lane
    for i in reversed([i for i, left in enumerate(leftward) if left]):
        x, start = positions[i], positions[i] - widths[i] * per_char
        ceiling = min((row for begin, stop, row in boxes if begin < x < stop), default=TIMELINE_LANES + 1)
        for lane in range(ceiling - 1, 0, -1):
            if any(row >= lane and start < at < x for at, row in stems):
                continue  # a stem would run through the label
            if any(row == lane and begin < x and start < stop for begin, stop, row in boxes):
                continue  # another label holds the row there
            lanes[i] = lane
            boxes.append((start, x, lane))
            stems.append((x, lane))
            break
    return lanes, leftward, span


def time_axis_start(low: float, span: float) -> float:
    """Where a time axis starts: at a year's start over a span of years, else a month's (its first tick)."""
    if span > 2.5:
        return float(int(low // 1))
    year = int(low // 1)
    month = min(int((low - year) * 12), 11)
    return round(year + month / 12, 5)


@dataclass(frozen=True)
class Chart:
    """A numbered chart; its caption is the spec's message title, its source line follows it."""

    number: int
    spec: ChartSpec

    @property
    def caption(self) -> str:
        return self.spec.title
