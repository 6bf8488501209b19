"""The generic blocks a brief is made of: what the plan gives and the note's writer renders, knowing no
kind of brief (as pandoc's writers render a tree of Blocks and never ask whether it is a letter or a thesis).

A section is a heading and its blocks; the plan decides which sections a kind has and in which order
(kinds.py), and every word in a block is already written. A writer that meets a block it cannot render
says so (never drops it silently)."""

from __future__ import annotations

from dataclasses import dataclass


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
    states_key: bool = False  # a topic's point a key number's callout says in full (a deck shows the callout)
    lead: str = ""  # a bold lead before the text: "Topic: ", "Reason: "

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
class Table:
    """A table of text cells; numbered and captioned when number is not 0. A cell's line breaks ('\\n')
    are lines of the cell; status_column's cells are shaded in their row's status colour."""

    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_columns: tuple[int, ...] = ()
    shares: tuple[float, ...] = ()  # each column's share of the width; () to weigh columns by their text
    statuses: tuple[StatusTag, ...] = ()  # one a row, for status_column
    status_column: int | None = None
    bold_columns: tuple[int, ...] = ()  # body cells set in bold (the names a table compares: its options)

    def column_shares(self, least: int, most: int) -> list[float]:
        """Each column's share of the width: as given, else by its longest text in characters, clamped."""
        if self.shares:
            return list(self.shares)
        lengths = [max(len(self.header[i]), *(len(line) for r in self.rows for line in r[i].split("\n")))
                   for i in range(len(self.header))]
        weights = [min(max(n, least), most) for n in lengths]
        return [w / sum(weights) for w in weights]


# --- blocks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A paragraph (with an optional bold lead)."""

    text: str
    lead: str = ""


@dataclass(frozen=True)
class Bullets:
    """A list of items, bulleted or numbered."""

    items: tuple[Item, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Grouped:
    """Items grouped under a name (a topic's implications, lines, defensive lines): a group of one reads
    'Name: the item', a longer group has its name once, in bold, above its items."""

    groups: tuple[tuple[str, tuple[Item, ...]], ...]


@dataclass(frozen=True)
class Choices:
    """Numbered items, each followed by boxes to tick ('Agree', 'Disagree', 'Discuss')."""

    items: tuple[Item, ...]
    choices: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    table: Table


@dataclass(frozen=True)
class ChartBlock:
    chart: object  # plan.Chart


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (a topic in Annex A)."""

    text: str


@dataclass(frozen=True)
class StatusLine:
    """A status tag and the text that follows it on one line."""

    status: StatusTag
    text: str = ""


@dataclass(frozen=True)
class Figures:
    """Figure lines: the label, then the value in bold."""

    lines: tuple[FigureLine, ...]


@dataclass(frozen=True)
class SourceList:
    """The numbered sources; the title is the link text."""

    entries: tuple  # plan.SourceEntry


Block = Text | Bullets | Grouped | Choices | TableBlock | ChartBlock | Heading | StatusLine | Figures | SourceList


@dataclass(frozen=True)
class Section:
    """A heading and its blocks; key names it for tests and tools ('issue', 'glance', 'annex-topics')."""

    key: str
    heading: str
    blocks: tuple[Block, ...]
