"""A chart as data: what it shows and says, decided by the plan; drawn natively or as a picture elsewhere."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

MAX_LABELLED_POINTS = 12
ALT_TEXT_LIMIT = 250  # characters: longer alt text is cut by screen readers and Office


@dataclass(frozen=True)
class ChartSpec:
    """One chart: one series of labelled values, in order, with everything a reader sees already worded.

    kind: bar (columns) | barh (bars) | line | stacked (one horizontal bar, a segment per category,
    the status summary) | timeline (values are decimal years; value_labels are the dates as written).
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

    @property
    def labelled(self) -> bool:
        """Whether each point carries its value: not when there are too many to read."""
        return len(self.values) <= MAX_LABELLED_POINTS

    def digest(self) -> str:
        """A hash of everything that changes the picture."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()
