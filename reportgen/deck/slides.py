"""Brief -> Slide records: what goes on which slide, where, at what size. No python-pptx here.

The deck of SPEC 3: title, bottom line, outcomes at a glance, a slide per topic (thin neighbours share
one), next steps and watch points; then the annex. Text is measured with the template's fonts (fit.py)
in the template's boxes, given here as plain inches (Geometry), so what the writer places always fits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..plan import Brief, Chart, DeckLine, DeckList, DeckTable, KeyNumber, StatusTag, Table, TopicPlan
from ..text import Wording
from ..theme import THEME
from . import fit

# Sizes in points. Body text starts at THEME.body_pt and never goes under MAIN_FLOOR_PT on main slides;
# tables and annex text are set at THEME.table_pt.
MAIN_FLOOR_PT = THEME.body_floor_pt
MAIN_SLIDES = 12  # a read-ahead deck's main slides, title included (Canada PCO); the rest is annex
ANNEX_PT = THEME.table_pt
LABEL_PT = THEME.slide_label_pt  # kicker and status tag
PANEL_HEADING_PT = 16
KEY_VALUE_FLOOR_PT = MAIN_FLOOR_PT  # a key number never under body text; too wide even then: tiles in rows
KEY_LABEL_PT = THEME.key_label_pt
SPACE_AFTER_PT = THEME.body_space_after_pt  # after a paragraph of body size; smaller text, less space


def space_after(size: float) -> float:
    """The space after a paragraph of a block set at this size, in points (in proportion to the size)."""
    return round(SPACE_AFTER_PT * min(1.0, size / THEME.body_pt), 1)
# Distances in inches.
INSET = 0.1  # a text box's left and right insets (top and bottom: INSET / 2)
BULLET_INDENT = 0.3  # a bulleted paragraph's hanging indent
GAP = 0.3  # between columns and blocks
TAG_HEIGHT = 0.32
KICKER_FLOOR_PT = 10  # a long topic name shrinks to stay on its one line
KICKER_HEIGHT = 0.3
TILE_HEIGHT = 1.45
GLANCE_TITLE_SHARE = (0.3, 0.55)  # the glance's title takes a share of the title band within these, the bar the rest
CELL_MARGIN_X, CELL_MARGIN_Y = 0.08, 0.04
SIDE_SHARE = 0.38  # the topic slide's right panel: key numbers, so what, next steps
SLACK = 0.1  # renderers round line heights; measured blocks keep this much in hand


@dataclass(frozen=True)
class Rect:
    """A box on the slide, in inches from the top left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def below(self, height: float) -> Rect:
        """This box without its top `height` inches."""
        return Rect(self.x, self.y + height, self.w, max(0.0, self.h - height))

    def columns(self, *shares: float, gap: float = GAP) -> list[Rect]:
        free = self.w - gap * (len(shares) - 1)
        out, x = [], self.x
        for share in shares:
            out.append(Rect(x, self.y, free * share, self.h))
            x += free * share + gap
        return out


@dataclass(frozen=True)
class Geometry:
    """The template's boxes, in inches: what the slide model lays text into."""

    width: float
    height: float
    title: Rect  # a content slide's title placeholder
    body: Rect  # a content slide's body placeholder
    cover_title: Rect
    cover_body: Rect
    chart: Rect  # the chart layout's chart area
    heading_font: str = THEME.font
    body_font: str = THEME.font
    foot: float | None = None  # the lowest a shape may reach (above the foot's marking); else body.bottom

    @property
    def area(self) -> Rect:
        """A title-only slide's room under the title: the body's top and width, down to the foot."""
        foot = self.body.bottom if self.foot is None else max(self.foot, self.body.bottom)
        return Rect(self.body.x, self.body.y, self.body.w, foot - self.body.y)


@dataclass(frozen=True)
class Para:
    """One paragraph of a text block."""

    text: str
    bullet: bool = False
    bold: bool = False
    colour: str = THEME.text
    link: str | None = None  # the paragraph's text is a hyperlink to this URL
    size: float | None = None  # else the block's size
    continues: bool = False  # the rest of a paragraph cut at a page break: a bulleted one keeps its indent only


@dataclass(frozen=True)
class TextBlock:
    """Text in a box. kind names it for the writer and for tests: points, lead, panel (a topic's panels
    beside its points), kicker, subtitle, column."""

    kind: str
    rect: Rect
    paras: tuple[Para, ...]
    size: float
    fill: str | None = None
    placeholder: bool = False  # placed in the layout's body placeholder (the outline shows it)


@dataclass(frozen=True)
class StatusBlock:
    rect: Rect
    status: StatusTag
    text: str
    size: float = LABEL_PT


@dataclass(frozen=True)
class KeyNumberBlock:
    """A key number as a callout tile: the value big and on one line, what it counts under it."""

    rect: Rect
    key: KeyNumber
    value_pt: float
    label_pt: float = KEY_LABEL_PT


@dataclass(frozen=True)
class TableBlock:
    """A table page: header and rows, column widths and row heights measured (inches)."""

    rect: Rect
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]  # header first
    size: float
    numeric_columns: tuple[int, ...] = ()
    bold_columns: tuple[int, ...] = ()  # body cells set in bold (the glance's topic names)
    status_column: int | None = None  # a column of status labels, filled with the status colours
    statuses: tuple[str, ...] = ()  # each row's status, when status_column is set
    caption: str = ""


@dataclass(frozen=True)
class ChartBlock:
    rect: Rect
    chart: Chart
    source_rect: Rect | None = None


Block = TextBlock | StatusBlock | KeyNumberBlock | TableBlock | ChartBlock


@dataclass(frozen=True)
class Slide:
    """One slide: its layout role, title, blocks in reading order, speaker notes and section."""

    role: str  # title | content | two | title-only | chart: the layout it is made on
    kind: str  # title | bottom-line | changes | glance | topic | pair | watch | sources | tables | chart
    section: str
    title: str
    title_pt: float
    title_rect: Rect
    blocks: tuple[Block, ...] = ()
    notes: str = ""
    annex: bool = False

    def substantive(self) -> int:
        """How many things the slide says besides its title: paragraphs, key numbers, table rows, charts."""
        count = 0
        for block in self.blocks:
            if isinstance(block, TextBlock) and block.kind != "kicker":
                count += sum(1 for p in block.paras if not p.bold or p.bullet or block.kind in ("lead", "subtitle"))
            elif isinstance(block, KeyNumberBlock | ChartBlock):
                count += 1
            elif isinstance(block, TableBlock):
                count += len(block.rows)
        return count


def build_slides(brief: Brief, geometry: Geometry) -> list[Slide]:
    """The deck's slides, in order."""
    return _Deck(brief, geometry).slides()


class _Deck:
    def __init__(self, brief: Brief, geometry: Geometry):
        self.brief = brief
        self.g = geometry
        self.heading = fit.Measure(geometry.heading_font)
        self.body = fit.Measure(geometry.body_font)
        self.overview = self.brief.words.say("deck_section", "overview")
        self.annex_section = self.brief.words.say("deck_section", "annex")

    # --- measuring ------------------------------------------------------------

    def lines(self, text: str, width: float, size: float, bullet: bool = False, bold: bool = False) -> int:
        return len(self.body.wrap(text, width - 2 * INSET - (BULLET_INDENT if bullet else 0), size, bold))

    def height(self, paras: list[Para], width: float, size: float) -> float:
        """Height of paragraphs in a box of this width, insets and spacing included."""
        total = INSET
        for p in paras:
            inner = width - 2 * INSET - (BULLET_INDENT if p.bullet else 0)
            total += self.body.lines_height(self.body.wrap(p.text, inner, p.size or size, p.bold), p.size or size,
                                            p.bold)
            total += space_after(size) / fit.POINTS_PER_INCH
        return total

    # --- titles -----------------------------------------------------------------

    def title(self, text: str, rect: Rect, size: float = THEME.slide_title_pt,
              floor: float = THEME.slide_title_floor_pt, suffix: str = "") -> tuple[str, float, str]:
        """(title, size, overflow): the largest size from size to floor at which the title fits its box;
        at the floor, the lines that do not fit move to the body ('overflow'), the box never grows.
        suffix (" (1 of 2)") always stays in the title."""
        width, room = rect.w - 2 * INSET, rect.h - INSET
        whole = text + suffix
        for pt in range(int(size), int(floor) - 1, -1):
            if self.title_height(whole, width, pt) <= room:
                return whole, float(pt), ""
        lines = self.heading.wrap(text, width, floor, bold=True)
        keep = len(lines)
        while keep > 0:
            head = " ".join(lines[:keep]).rstrip(" ,;:") + "…" + suffix
            if self.title_height(head, width, floor) <= room:
                break
            keep -= 1
        if keep == 0:
            head = "…" + suffix
        rest = text[len(" ".join(lines[:keep])):].strip()
        return head, floor, "…" + rest

    def title_height(self, text: str, width: float, size: float) -> float:
        lines = self.heading.wrap(text, width, size, bold=True)
        return self.heading.lines_height(lines, size, bold=True) * fit.TITLE_LINE_SPACING

    # --- the deck ---------------------------------------------------------------

    def slides(self) -> list[Slide]:
        """The title slide, then the parts the plan gives for the brief's kind, in its order; the annex starts
        with the topics' continuations and the topic slides past the main slides' budget."""
        out = [self.title_slide()]
        continued: list[Slide] = []  # topics' continuations, at the head of the annex
        annex_started = False
        for part in self.brief.deck:
            annex = getattr(part, "annex", False) or part == "charts"
            if annex and not annex_started:
                out += self.over_budget(out) + continued
                annex_started = True
            section = self.annex_section if annex else self.overview
            if isinstance(part, DeckList):
                out += self.bullet_slides(part.kind, part.title, [_para(line) for line in part.lines], section,
                                          annex=annex)
            elif isinstance(part, DeckTable) and len(part.tables) == 1 and not part.tables[0].caption:
                out += self.main_table(part)
            elif isinstance(part, DeckTable):
                tables = [(kind, t.caption, t.header, t.rows, t.numeric_columns, t.bold_columns)
                          for kind, t in zip(part.kinds, part.tables)]
                out += self.table_slides(part.kind, part.title, tables, section if annex else part.title,
                                         annex=annex)
            elif part == "glance":
                out += self.glance(self.brief.glance.deck_title)
            elif part == "topics":
                for group in self.topic_groups():
                    for slide in self.topic_slides(group):
                        (continued if slide.annex else out).append(slide)
            elif part == "charts":
                out += [self.chart_slide(chart) for chart in (*(t.chart for t in self.brief.topics if t.chart),
                                                              *self.brief.summary_charts)]
            else:  # a part the plan gives that this model cannot lay out: said, never dropped silently
                raise NotImplementedError(f"the deck cannot lay out a {part!r} part")
        if not annex_started:
            out += self.over_budget(out) + continued
        return _unique(out)

    def over_budget(self, main: list[Slide]) -> list[Slide]:
        """A read-ahead deck has at most MAIN_SLIDES main slides: the last topics' slides past that move
        (out of main, in place) to the head of the annex, in their order."""
        moved: list[Slide] = []
        while len(main) > MAIN_SLIDES:
            last = next((s for s in reversed(main) if s.kind in ("topic", "pair")), None)
            if last is None:
                break
            main.remove(last)
            moved.insert(0, replace(last, section=self.annex_section, annex=True))
        return moved

    # --- title slide ----------------------------------------------------------------

    def title_slide(self) -> Slide:
        brief, g = self.brief, self.g
        title, size, overflow = self.title(brief.title, g.cover_title, THEME.cover_title_pt,
                                           THEME.cover_title_floor_pt)
        action_label = self.brief.words.say("header_label", "action")
        details = "\u00a0· ".join(brief.words.lead_in(label) + value for label, value in brief.header
                                 if label.replace("\u00a0", " ") != action_label)
        must = ([Para(overflow, bold=True)] if overflow else []) + [
            Para(brief.deck_subtitle, bold=True, colour=THEME.accent), Para(brief.date_place)]
        leaders = [Para(brief.words.say("joined", brief.leaders), colour=THEME.muted)] if brief.leaders else []
        detail = [Para(details, colour=THEME.muted)] if details else []
        # What fits the box at the floor size, at most: the leaders (in the notes and the who's who) give way
        # first, then the reference line (in the notes too); the box never grows and text never runs out of it.
        for paras in (must + leaders + detail, must + detail, must):
            if self.height(paras, g.cover_body.w, MAIN_FLOOR_PT) <= g.cover_body.h - SLACK:
                break
        size_body = self.fit_size(paras, g.cover_body, THEME.body_pt, MAIN_FLOOR_PT)
        people = [" — ".join(c for c in row if c) for row in brief.people.rows] if brief.people else []
        notes = "\n".join([brief.title, brief.deck_subtitle, brief.date_place, *people, details, brief.purpose])
        return Slide("title", "title", self.overview, title, size, g.cover_title,
                     (TextBlock("subtitle", g.cover_body, tuple(paras), size_body, placeholder=True),), notes)

    def fit_size(self, paras: list[Para], rect: Rect, size: float, floor: float) -> float:
        while size > floor and self.height(paras, rect.w, size) > rect.h - SLACK:
            size -= 1
        return size

    # --- bullet slides ------------------------------------------------------------------

    def bullet_slides(self, kind: str, title: str, paras: list[Para], section: str, annex: bool = False,
                      numbered_from: int = 1, band: tuple[Rect, list[Block]] | None = None) -> list[Slide]:
        """A list on as many slides as it needs at the largest size that needs no more; '(1 of 2)'. Each
        slide's notes read out its own part of the list (links spelled out), not the whole list again.
        numbered_from: the first of these slides' number when they continue a slide elsewhere (whose body
        already led with the title's overflow: these titles are cut short with '…' instead). band: the
        title's box and the blocks above it that every slide repeats (a topic's status tag and name)."""
        g = self.g
        title_rect, above = band or (g.title, [])
        floor = ANNEX_PT if annex else MAIN_FLOOR_PT
        body = g.area if annex else g.body  # annex slides use the room down to the foot
        # A title too long for its box leads the body with its overflow: keep room for that on every page.
        _, _, overflow = self.title(title, title_rect, suffix=_suffix(self.brief.words, numbered_from, numbered_from + 1))
        lead = [Para(overflow, bold=True)] if overflow and numbered_from == 1 else []
        room = lambda pt: body.h - (self.height(lead, body.w, pt) - INSET if lead else 0.0)  # noqa: E731
        # As few slides as the floor size needs, at the largest size that needs no more.
        fewest = len(self.paginate(paras, body.w, room(floor), floor))
        for size in _sizes(THEME.body_pt, floor):
            pages = self.paginate(paras, body.w, room(size), size)
            if len(pages) <= fewest:
                break
        out = []
        total = len(pages) + numbered_from - 1
        for n, page in enumerate(pages, start=numbered_from):
            suffix = _suffix(self.brief.words, n, total) if total > 1 else ""
            shown, pt, overflow = self.title(title, title_rect, suffix=suffix)
            page = ([Para(overflow, bold=True)] if overflow and numbered_from == 1 else []) + page
            notes = "\n".join(p.text + (f" {p.link}" if p.link else "") for p in page)
            out.append(Slide("content", kind, section, shown, pt, title_rect,
                             (*above, TextBlock("points", body, tuple(page), size, placeholder=True)), notes, annex))
        return out

    def paginate(self, paras: list[Para], width: float, height: float, size: float,
                 balanced: bool = True) -> list[list[Para]]:
        """Paragraphs per page, filled evenly (else each page as full as it goes); a paragraph too tall for
        a page is cut at line boundaries."""
        room = height - INSET - SLACK
        parts: list[Para] = []
        for p in paras:
            pt = p.size or size
            inner = width - 2 * INSET - (BULLET_INDENT if p.bullet else 0)
            fitting = max(1, int((room - space_after(size) / fit.POINTS_PER_INCH) // self.body.line_height(pt)))
            if self.lines(p.text, width, pt, p.bullet, p.bold) > fitting:
                parts += [replace(p, text=t, continues=p.continues or i > 0)
                          for i, t in enumerate(self.body.split_lines(p.text, inner, pt, fitting))]
            else:
                parts.append(p)
        heights = [self.height([p], width, size) - INSET for p in parts]
        pages = fit.balanced_pages(heights, room) if balanced else fit.greedy_pages(heights, room)
        return [[parts[i] for i in page] for page in pages]

    # --- at a glance ------------------------------------------------------------------------

    def glance(self, title: str) -> list[Slide]:
        """Topic, status and outcome for every topic (the agenda, too), at table size under the title; the
        compact status bar beside the title, in the title band, so the table has the slide's whole height."""
        glance, g = self.brief.glance, self.g
        statuses = tuple(r.status.status for r in glance.rows)
        area = g.area
        # The title as wide as it needs on one line (within limits); the bar has the rest of the band.
        needed = self.heading.text_width(title, THEME.slide_title_pt, bold=True) + 2 * INSET + 0.1
        share = min(max(needed / g.title.w, GLANCE_TITLE_SHARE[0]), GLANCE_TITLE_SHARE[1])
        short_title = Rect(g.title.x, g.title.y, g.title.w * share, g.title.h)
        chart_x = short_title.x + short_title.w + GAP / 2
        chart_rect = Rect(chart_x, g.title.y, g.title.x + g.title.w - chart_x, g.title.h)
        # Topic (bold), status, outcome; should that take more slides than status and outcome, or topic and
        # status (the agenda), whichever of those needs the fewest slides.
        options = []
        # (a meeting's topic slides say their position: the glance slide keeps to topic, status and outcome)
        for columns in ((0, 1, 2), (1, 2), (0, 1)):
            header = tuple(glance.header[c] for c in columns)
            rows = tuple(tuple((r.topic, r.status.label, r.outcome, r.position)[c] for c in columns)
                         for r in glance.rows)
            bold = (0,) if 0 in columns else ()
            pages = self.table_pages(header, rows, area.w, area.h, ANNEX_PT, bold_columns=bold)
            options.append((len(pages), len(options), header, rows, columns.index(1), bold, pages))
            if len(pages) == 1:
                break
        _, _, header, rows, status_column, bold, pages = min(options)
        widths = pages[0][0]
        head = pages[0][1][0]
        heights = [self.row_height(r, widths, ANNEX_PT, bold_columns=bold) for r in rows]
        # Lay the slides out for a guessed count (the "(1 of n)" suffix can lengthen a title), until the
        # count the layout gives is the count guessed.
        count, planned = len(pages), []
        for _ in range(4):
            planned = self._glance_pages(title, short_title, heights, head, count)
            if len(planned) == count:
                break
            count = len(planned)
        out = []
        for n, (shown, pt, title_rect, lead, top, page) in enumerate(planned, start=1):
            blocks: list[Block] = []
            if lead:
                blocks.append(lead)
            if n == 1:
                blocks.append(ChartBlock(chart_rect, glance.chart))
            blocks.append(TableBlock(Rect(top.x, top.y, sum(widths), head + sum(heights[i] for i in page)), header,
                                     tuple(rows[i] for i in page), widths, (head, *(heights[i] for i in page)),
                                     ANNEX_PT, bold_columns=bold, status_column=status_column,
                                     statuses=tuple(statuses[i] for i in page)))
            # The notes read out this slide's rows (not the whole table again on every continuation), and the
            # status bar's description where the bar is.
            notes = [f"{glance.rows[i].topic} — {self.brief.words.lead_in(glance.rows[i].status.label)}{glance.rows[i].outcome}"
                     for i in page]
            if n == 1:
                notes.append(glance.chart.spec.alt_text)
            out.append(Slide("title-only", "glance", self.overview, shown, pt, title_rect, tuple(blocks),
                             "\n".join(notes)))
        return out

    def _glance_pages(self, title: str, short_title: Rect, heights: list[float], head: float, count: int):
        """[(title shown, its size, its box, the lead block or None, the table's area, row indexes)] per slide,
        every row on exactly one slide: a title's overflow leads its slide, and the rows it displaces go on."""
        g, area = self.g, self.g.area
        planned, start = [], 0
        while start < len(heights) or not planned:
            n = len(planned) + 1
            title_rect = short_title if n == 1 else g.title
            shown, pt, overflow = self.title(title, title_rect, suffix=_suffix(self.brief.words, n, count) if count > 1 else "")
            top, lead = area, None
            if overflow:
                paras = (Para(overflow, bold=True),)
                lead_h = self.height(list(paras), top.w, ANNEX_PT) + SLACK
                lead = TextBlock("lead", Rect(top.x, top.y, top.w, lead_h), paras, ANNEX_PT)
                top = top.below(lead_h)
            page, used = [], head
            for i in range(start, len(heights)):
                if page and used + heights[i] > top.h:
                    break
                page.append(i)
                used += heights[i]
            planned.append((shown, pt, title_rect, lead, top, page))
            start += len(page)
        return planned

    def table_pages(self, header, rows, width: float, height: float, size: float, first: float | None = None,
                    bold_columns: tuple[int, ...] = ()):
        """[(widths, heights, row indexes)] per page: column widths by content, no word broken."""
        widths = self.column_widths(header, rows, width, size, bold_columns)
        head = self.row_height(header, widths, size, bold=True)
        heights = [self.row_height(r, widths, size, bold_columns=bold_columns) for r in rows]
        pages: list[list[int]] = [[]]
        room = (first if first is not None else height) - head
        used = 0.0
        for i, h in enumerate(heights):
            if pages[-1] and used + h > room:
                pages.append([])
                used, room = 0.0, height - head
            pages[-1].append(i)
            used += h
        return [(tuple(widths), (head, *(heights[i] for i in page)), page) for page in pages]

    def column_widths(self, header, rows, total: float, size: float, bold_columns: tuple[int, ...] = ()) \
            -> list[float]:
        """Widths that make the table shortest: from shares by content, width moves between columns while
        that lowers the table; no column narrower than its longest word."""
        columns = list(zip(header, *rows))
        natural = [max(self.body.text_width(t, size, bold=c in bold_columns or t == col[0]) for t in col)
                   + 2 * CELL_MARGIN_X + 0.1 for c, col in enumerate(columns)]
        least = [max(self.body.text_width(w, size, bold=True) for t in col for w in (fit.words(t) or [""]))
                 + 2 * CELL_MARGIN_X + 0.15 for col in columns]
        if sum(natural) <= total:
            extra = total - sum(natural)
            return [n + extra * n / sum(natural) for n in natural]
        weights = [min(max(n, total * 0.08), total * 0.7) for n in natural]
        widths = [w / sum(weights) * total for w in weights]
        for i in range(len(widths)):
            if widths[i] < least[i]:
                widest = max(range(len(widths)), key=widths.__getitem__)
                widths[widest] -= least[i] - widths[i]
                widths[i] = least[i]

        def tall(ws) -> float:
            return self.row_height(header, ws, size, bold=True) + sum(self.row_height(r, ws, size,
                                                                                      bold_columns=bold_columns)
                                                                      for r in rows)

        best, step = tall(widths), min(0.25, total / 40)
        for _ in range(40):
            found = None
            for i in range(len(widths)):
                for j in range(len(widths)):
                    if i == j or widths[i] - step < least[i]:
                        continue
                    trial = list(widths)
                    trial[i] -= step
                    trial[j] += step
                    height = tall(trial)
                    if height < best - 1e-9 and (found is None or height < found[0]):
                        found = (height, trial)
            if found is None:
                break
            best, widths = found
        return widths

    def row_height(self, row, widths, size: float, bold: bool = False, bold_columns: tuple[int, ...] = ()) -> float:
        tallest = max(self.body.lines_height(self.body.wrap(t, w - 2 * CELL_MARGIN_X - 0.05, size,
                                                            bold or c in bold_columns) or [""],
                                             size, bold or c in bold_columns)
                      for c, (t, w) in enumerate(zip(row, widths)))
        return tallest + 2 * CELL_MARGIN_Y + 0.04

    # --- topics ------------------------------------------------------------------------------

    def topic_groups(self) -> list[tuple[TopicPlan, ...]]:
        """Topics in order; two neighbouring thin topics share a slide when both fit in a column, and a
        topic that would say fewer than two things shares one with a neighbour that fits beside it."""
        topics, groups, i = self.brief.topics, [], 0
        while i < len(topics):
            pair = topics[i:i + 2]
            if len(pair) == 2 and all(t.thin and not t.key_numbers for t in pair) and _may_share(pair) \
                    and self.pair_fits(pair):
                groups.append(tuple(pair))
                i += 2
            else:
                groups.append((topics[i],))
                i += 1
        n = 0
        while n < len(groups):
            group = groups[n]
            if len(group) == 1 and _says(group[0]) < 2:
                for other in (n + 1, n - 1):
                    if 0 <= other < len(groups) and len(groups[other]) == 1 and not groups[other][0].key_numbers \
                            and not group[0].key_numbers and _may_share((group[0], groups[other][0])):
                        pair = tuple(sorted((group[0], groups[other][0]), key=topics.index))
                        if self.pair_fits(pair):
                            groups[min(n, other)] = pair
                            del groups[max(n, other)]
                            break
            n += 1
        return groups

    def column_paras(self, topic: TopicPlan) -> list[Para]:
        paras = [Para(topic.headline, bold=True)]
        paras += [Para(p.full, bullet=True) for p in topic.points]
        return paras + self.panel_paras(topic, bullets=True)

    @staticmethod
    def panel_paras(topic: TopicPlan, bullets: bool = False) -> list[Para]:
        """The topic's panels as the plan gives them, each under its heading."""
        paras: list[Para] = []
        for panel in topic.panels:
            paras.append(Para(panel.title, bold=True, colour=THEME.accent, size=PANEL_HEADING_PT))
            paras += [Para(text, bullet=bullets or panel.bullet) for text in panel.items]
        return paras

    def pair_rects(self) -> list[Rect]:
        body = self.g.body
        return [c.below(KICKER_HEIGHT + TAG_HEIGHT + 0.1) for c in body.columns(0.5, 0.5)]

    def pair_fits(self, pair) -> bool:
        """Both columns fit at the floor size, and the pair's title (two topic names) fits its box."""
        rect = self.pair_rects()[0]
        if self.title(self.pair_title(pair), self.g.title)[2]:
            return False
        return all(self.height(self.column_paras(t), rect.w, MAIN_FLOOR_PT) <= rect.h - SLACK for t in pair)

    def topic_slides(self, group: tuple[TopicPlan, ...]) -> list[Slide]:
        if len(group) == 2:
            return [self.pair_slide(group)]
        return self.single_topic(group[0])

    def pair_slide(self, pair: tuple[TopicPlan, TopicPlan]) -> Slide:
        g = self.g
        title = self.pair_title(pair)
        shown, pt, overflow = self.title(title, g.title)
        columns = self.pair_rects()
        size = max(pt for pt in _sizes(THEME.body_pt, MAIN_FLOOR_PT)
                   if all(self.height(self.column_paras(t), columns[0].w, pt) <= columns[0].h - SLACK
                          for t in pair) or pt == MAIN_FLOOR_PT)
        blocks: list[Block] = []
        for topic, rect, outer in zip(pair, columns, g.body.columns(0.5, 0.5)):
            name = self.one_line(topic.title, outer.w, LABEL_PT)
            blocks.append(TextBlock("kicker", Rect(outer.x, outer.y, outer.w, KICKER_HEIGHT),
                                    (Para(name, bold=True, colour=THEME.muted),), LABEL_PT))
            blocks.append(self.status(topic, outer.x + INSET, outer.y + KICKER_HEIGHT))
            blocks.append(TextBlock("column", rect, tuple(self.column_paras(topic)), size))
        notes = "\n\n".join(t.notes for t in pair)
        return Slide("two", "pair", self.pair_title(pair), shown, pt, g.title,
                     tuple(blocks), notes)

    def pair_title(self, pair) -> str:
        """What the pair shares, then both names: 'Still in progress: A and B'."""
        return self.brief.words.say("pair_title", pair[0].status.status, pair[0].title, pair[1].title)

    def status(self, topic: TopicPlan, x: float, y: float) -> StatusBlock:
        text = self.brief.words.say("status_tag", topic.status.label)
        width = self.body.text_width(text, LABEL_PT, bold=True) + 2 * INSET + 0.2
        return StatusBlock(Rect(x, y + 0.02, width, TAG_HEIGHT - 0.04), topic.status, text)

    def single_topic(self, topic: TopicPlan) -> list[Slide]:
        """The headline as title, the topic's name above it, the status tag, the points; key numbers, the
        'so what' and the next steps in a panel beside the points, or under them when that fits better."""
        g = self.g
        title_rect, band = self.topic_band(topic)
        content = g.body
        keys = list(topic.key_numbers)
        # A point that states a key number leaves the slide (the speaker notes keep it): said once, big.
        points = [Para(p.full, bullet=True) for p in topic.points if not p.states_key]
        if len(points) + len(keys) + sum(len(p.items) for p in topic.panels) < 2 and topic.summary:
            points.insert(0, Para(topic.summary))
        side = self.panel_paras(topic)
        tiles_h = self.tiles_height(keys, content.columns(1 - SIDE_SHARE, SIDE_SHARE)[1].w)
        shown, pt, overflow = self.title(topic.headline, title_rect)
        lead = [Para(overflow, bold=True)] if overflow else []

        tiles_row = lambda rect: self.tiles(keys, Rect(rect.x, rect.y, rect.w, TILE_HEIGHT))  # noqa: E731

        def panel(rect: Rect, paras: list[Para], size: float) -> TextBlock:
            height = min(rect.h, self.height(paras, rect.w, size) + SLACK)
            return TextBlock("panel", Rect(rect.x, rect.y, rect.w, height), tuple(paras), size,
                             fill=THEME.accent_light)

        def beside(size: float, share: float = SIDE_SHARE) -> list[list[Block]]:
            """Points on the left; key numbers, so what and next steps in a panel on the right."""
            if not (side or keys):
                return [[TextBlock("points", content, tuple(p), size, placeholder=True)]
                        for p in self.paginate(lead + points, content.w, content.h, size)]
            left, right = content.columns(1 - share, share)
            point_pages = self.paginate(lead + points, left.w, left.h, size) if lead + points else []
            side_pages = self.paginate(side, right.w, right.h - tiles_h, size) if side else []
            pages: list[list[Block]] = []
            for n in range(max(len(point_pages), len(side_pages), 1)):
                blocks: list[Block] = []
                if n < len(point_pages) and point_pages[n]:
                    blocks.append(TextBlock("points", left, tuple(point_pages[n]), size, placeholder=True))
                top = right
                if n == 0 and keys:
                    blocks += tiles_row(right)
                    top = right.below(tiles_h)
                if n < len(side_pages) and side_pages[n]:
                    blocks.append(panel(top, side_pages[n], size))
                pages.append(blocks)
            return pages

        def flow(size: float) -> list[list[Block]]:
            """Key numbers across the top, then the points and the panel under them, page after page."""
            first = content.below(tiles_h)
            items = [("points", p) for p in lead + points] + [("panel", p) for p in side]
            parts = self.paginate([p for _, p in items], content.w, content.h, size)
            # paginate may cut a long paragraph: map parts back to their kind in order
            kinds, k, consumed = [], 0, 0
            for page in parts:
                for para in page:
                    kinds.append(items[k][0])
                    consumed += len(para.text)
                    if consumed >= len(items[k][1].text) - 1:
                        k, consumed = min(k + 1, len(items) - 1), 0
            pages: list[list[Block]] = []
            index = 0
            for n, page in enumerate(parts):
                area = first if n == 0 else content
                point_paras = [p for i, p in enumerate(page) if kinds[index + i] == "points"]
                side_paras = [p for i, p in enumerate(page) if kinds[index + i] == "panel"]
                index += len(page)
                blocks: list[Block] = tiles_row(content) if n == 0 and keys else []
                y = area.y
                if point_paras:
                    h = min(area.h, self.height(point_paras, area.w, size) + SLACK)
                    blocks.append(TextBlock("points", Rect(area.x, y, area.w, h), tuple(point_paras), size,
                                            placeholder=True))
                    y += h + GAP / 3
                if side_paras:
                    blocks.append(panel(Rect(area.x, y, area.w, area.bottom - y), side_paras, size))
                pages.append(blocks)
            return pages

        def fits(pages: list[list[Block]]) -> bool:
            """One slide, and (for flow) every block within the content area."""
            return len(pages) == 1 and all(b.rect.bottom <= content.bottom + 1e-6 for b in pages[0])

        chosen = None
        for size in _sizes(THEME.body_pt, MAIN_FLOOR_PT):
            for arrangement in (beside,) if keys else (beside, flow):
                found = arrangement(size)
                if fits(found) and (arrangement is beside or self._flow_fits(found[0], content)):
                    chosen = (size, found)
                    break
            if chosen:
                break
        if chosen is None:
            # The topic's slide holds what fits at the floor size; the rest continues in the annex at the
            # annex size, "(2 of 2)" (a read-ahead deck keeps one main slide per topic).
            # The title says "(1 of n)": its overflow is what does not fit beside that, and leads the body.
            def continued(count: int):
                text, title_pt, spill = self.title(topic.headline, title_rect, suffix=_suffix(self.brief.words, 1, count))
                lead_here = [Para(spill, bold=True)] if spill else []
                first, rest = self.first_page(lead_here + points, side, keys, content, tiles_h, tiles_row, panel)
                more = self.bullet_slides("topic", topic.headline, rest, self.annex_section, annex=True,
                                          numbered_from=2, band=(title_rect, band))
                return text, title_pt, first, more

            count = 2
            for _ in range(3):  # "(1 of 3)" may wrap differently from "(1 of 2)": settle the count
                text, title_pt, first, more = continued(count)
                if len(more) + 1 == count:
                    break
                count = len(more) + 1
            return [Slide("content", "topic", topic.title, text, title_pt, title_rect, (*band, *first),
                          topic.notes), *more]
        _, pages = chosen  # one slide
        return [Slide("content", "topic", topic.title, shown, pt, title_rect, (*band, *pages[0]), topic.notes)]

    def topic_band(self, topic: TopicPlan) -> tuple[Rect, list[Block]]:
        """The row above a topic's title: its status tag and its name (on its slide and on each slide that
        continues it, so a reader knows whose list goes on); and the title's box below that row."""
        g = self.g
        title_rect = Rect(g.title.x, g.title.y + KICKER_HEIGHT, g.title.w, g.title.h - KICKER_HEIGHT)
        tag = self.status(topic, g.title.x + INSET, g.title.y - 0.03)
        kicker_x = tag.rect.x + tag.rect.w + GAP / 2
        kicker_rect = Rect(kicker_x, g.title.y, g.title.x + g.title.w - kicker_x, KICKER_HEIGHT)
        kicker_pt = LABEL_PT
        while kicker_pt > KICKER_FLOOR_PT and self.lines(topic.title, kicker_rect.w, kicker_pt, bold=True) > 1:
            kicker_pt -= 1
        name = self.one_line(topic.title, kicker_rect.w, kicker_pt)
        return title_rect, [tag, TextBlock("kicker", kicker_rect, (Para(name, bold=True, colour=THEME.muted),),
                                           kicker_pt)]

    def one_line(self, text: str, width: float, size: float) -> str:
        """The text if it fits one line of this box, else as many of its words as fit with '…' (a kicker
        never grows over what lies above or below it; the whole name is the slide's section and in its notes)."""
        if self.lines(text, width, size, bold=True) <= 1:
            return text
        words = text.split()
        while len(words) > 1 and self.lines(" ".join(words) + "…", width, size, bold=True) > 1:
            words.pop()
        return " ".join(words).rstrip(" ,;:—-") + "…"

    def first_page(self, points: list[Para], side: list[Para], keys: list[KeyNumber], content: Rect,
                   tiles_h: float, tiles_row, panel) -> tuple[list[Block], list[Para]]:
        """A topic's slide at the floor size, each column as full as it goes (points on the left; key numbers,
        so what and next steps on the right), and the paragraphs left over, in reading order."""
        size = MAIN_FLOOR_PT
        if side or keys:
            left, right = content.columns(1 - SIDE_SHARE, SIDE_SHARE)
        else:
            left, right = content, None
        shown_points, rest = self.fill(points, left.w, left.h, size)
        shown_side, side_rest = self.fill(side, right.w, right.h - tiles_h, size) if right is not None else ([], [])
        for shown, left_over in ((shown_points, rest), (shown_side, side_rest)):
            while shown and _is_heading(shown[-1]):  # a panel heading never ends a slide without its items
                left_over.insert(0, shown.pop())
        point_pages, side_pages = [shown_points], [shown_side]
        blocks: list[Block] = []
        if point_pages[0]:
            blocks.append(TextBlock("points", left, tuple(point_pages[0]), size, placeholder=True))
        if right is not None:
            top = right
            if keys:
                blocks += tiles_row(right)
                top = right.below(tiles_h)
            if side_pages[0]:
                blocks.append(panel(top, side_pages[0], size))
        if side_rest and not _is_heading(side_rest[0]):  # the continued panel names what it continues
            heading = next((p for p in reversed(side_pages[0]) if _is_heading(p)), None)
            if heading is not None:
                side_rest.insert(0, heading)
        return blocks, rest + side_rest

    def fill(self, paras: list[Para], width: float, height: float, size: float) -> tuple[list[Para], list[Para]]:
        """(the whole paragraphs that fit in the box, in order; the rest). Should not even the first fit, its
        lines that fit are shown and the rest of it is left over."""
        room = height - SLACK
        used, shown = INSET, []
        for para in paras:
            need = self.height([para], width, size) - INSET
            if used + need > room:
                break
            shown.append(para)
            used += need
        rest = paras[len(shown):]
        if not shown and rest and not _is_heading(rest[0]):
            first, *more = self.paginate(rest[:1], width, height, size, balanced=False)
            tail = " ".join(p.text for page in more for p in page)
            shown = first
            rest = ([replace(rest[0], text=tail)] if tail else []) + rest[1:]
        return shown, rest

    @staticmethod
    def _flow_fits(blocks: list[Block], content: Rect) -> bool:
        """Flowed blocks each hold their measured text (none was cut short by the foot of the area)."""
        return all(not isinstance(b, TextBlock) or b.rect.h > 0.3 for b in blocks)

    def key_numbers(self, topic: TopicPlan) -> list[KeyNumber]:
        return list(topic.key_numbers)

    def tile_columns(self, keys: list[KeyNumber], width: float) -> int:
        """How many key numbers side by side in this width: as many as each keep its value on one line at
        the tiles' floor size (measured); the rest go in rows under them."""
        for count in range(len(keys), 1, -1):
            cell = (width - GAP / 2 * (count - 1)) / count
            if all(self.body.text_width(k.value, KEY_VALUE_FLOOR_PT, bold=True) <= cell - 2 * INSET - 0.1
                   for k in keys):
                return count
        return 1

    def tiles_height(self, keys: list[KeyNumber], width: float) -> float:
        """The key numbers' rows and the gap under them."""
        if not keys:
            return 0.0
        rows = -(-len(keys) // self.tile_columns(keys, width))
        return rows * TILE_HEIGHT + (rows - 1) * GAP / 2 + GAP / 2

    def tiles(self, keys: list[KeyNumber], rect: Rect) -> list[KeyNumberBlock]:
        """Key numbers side by side (in rows when too wide for one); each value on one line, shrunk to its
        tile's width (measured)."""
        count = self.tile_columns(keys, rect.w)
        cells = []
        for row in range(-(-len(keys) // count)):
            line = Rect(rect.x, rect.y + row * (TILE_HEIGHT + GAP / 2), rect.w, TILE_HEIGHT)
            cells += line.columns(*([1 / count] * count), gap=GAP / 2)
        out = []
        for key, cell in zip(keys, cells):
            room = cell.w - 2 * INSET - 0.1
            size = THEME.key_number_pt
            while size > KEY_VALUE_FLOOR_PT and self.body.text_width(key.value, size, bold=True) > room:
                size -= 2
            label_pt = KEY_LABEL_PT
            value_h = self.body.line_height(size, bold=True)
            while label_pt > 12 and value_h + self.height([Para(key.label + key.citation)], cell.w, label_pt) \
                    > cell.h - SLACK:
                label_pt -= 1
            out.append(KeyNumberBlock(cell, key, size, label_pt))
        return out

    # --- tables ---------------------------------------------------------------------------------

    def table_slides(self, kind: str, title: str, tables, section: str, annex: bool = True,
                     size: float = ANNEX_PT) -> list[Slide]:
        """Captioned tables packed onto slides; a table starts on a new slide when the rest of one cannot
        hold it, and only a table longer than a whole slide continues, "(1 of 2)". Each slide's title
        names the tables on it (title: when there is one table or one slide)."""
        g = self.g
        area = g.area  # title-only slides: down to the foot
        def caption_h(text: str) -> float:  # a long caption wraps: measured
            return self.height([Para(text, bold=True)], area.w, size) + SLACK / 2

        parts = []  # (kind, caption, header, rows, widths, heights, numeric, bold) per table page
        for table_kind, caption, header, rows, numeric, bold in tables:
            for n, (widths, heights, page) in enumerate(
                    pages := self.table_pages(header, rows, area.w,
                                              area.h - (caption_h(caption + " (9 of 9)") if caption else 0.0),
                                              size, bold_columns=bold), start=1):
                text = self.brief.words.say("continued", caption, n, len(pages)) if len(pages) > 1 and caption \
                    else caption
                parts.append((table_kind, text, header, tuple(rows[i] for i in page), widths, heights, numeric, bold,
                              (n, len(pages))))
        placed: list[list[Block]] = [[]]
        y = area.y
        kinds: list[list[str]] = [[]]
        opening: list[tuple[int, int]] = []  # the page of its table ("2 of 4") each slide opens with
        for table_kind, caption, header, rows, widths, heights, numeric, bold, page_of in parts:
            head = caption_h(caption) if caption else 0.0  # a main slide's one table: its title says what it is
            need = head + sum(heights)
            if placed[-1] and y + need > area.bottom:
                placed.append([])
                kinds.append([])
                y = area.y
            if not placed[-1]:
                opening.append(page_of)
            kinds[-1].append(table_kind)
            if caption:
                placed[-1].append(TextBlock("caption", Rect(area.x, y, area.w, head),
                                            (Para(caption, bold=True, colour=THEME.accent),), size))
            placed[-1].append(TableBlock(Rect(area.x, y + head, sum(widths), sum(heights)), header, rows,
                                         widths, heights, size, numeric, bold_columns=bold, caption=caption))
            y += need + GAP
        # Each slide's title says, as a sentence, what its tables are: "Timeline and who's who"; a title
        # shared by several slides (a long table) continues as its table's caption does, "(2 of 4)", so that a
        # slide's title and its caption count the same pages.
        # One table over several slides keeps its title on each, counted.
        texts = [title if len(placed) == 1 or len(tables) == 1 else self.brief.words.say("annex_tables_title", k)
                 for k in kinds]
        out = []
        for blocks, text, (page, pages) in zip(placed, texts, opening):
            same = [i for i, t in enumerate(texts) if t == text]
            if len(same) == 1:
                suffix = ""
            elif pages > 1 and len(same) <= pages:
                suffix = _suffix(self.brief.words, page, pages)
            else:
                suffix = _suffix(self.brief.words, same.index(len(out)) + 1, len(same))
            shown, pt, overflow = self.title(text, g.title, suffix=suffix)
            blocks = _without_caption_said_by(text, blocks)
            notes = "\n".join(" — ".join(r) for b in blocks if isinstance(b, TableBlock) for r in b.rows)
            out.append(Slide("title-only", kind, section, shown, pt, g.title, tuple(blocks), notes, annex))
        return out

    def main_table(self, part: DeckTable) -> list[Slide]:
        """A table on main slides (options, likely asks): at the largest size from body text down to table
        text that needs no more slides than table text does."""
        table = part.tables[0]
        tables = [(part.kind, "", table.header, table.rows, table.numeric_columns, table.bold_columns)]
        fewest = self.table_slides(part.kind, part.title, tables, self.overview, annex=False)
        for size in _sizes(THEME.body_pt, ANNEX_PT):
            slides = self.table_slides(part.kind, part.title, tables, self.overview, annex=False, size=size)
            if len(slides) <= len(fewest):
                return slides
        return fewest

    # --- annex ------------------------------------------------------------------------------------

    def chart_slide(self, chart: Chart) -> Slide:
        g = self.g
        shown, pt, overflow = self.title(chart.spec.title, g.title)
        area = g.chart
        source_h = self.height([Para(chart.spec.source)], area.w, ANNEX_PT) + SLACK / 2  # a long one wraps
        chart_rect = Rect(area.x, area.y, area.w, area.h - source_h)
        source = Rect(area.x, area.y + area.h - source_h, area.w, source_h)
        blocks: list[Block] = []
        if overflow:
            lead = (Para(overflow, bold=True),)
            lead_h = self.height(list(lead), area.w, ANNEX_PT) + SLACK
            blocks.append(TextBlock("lead", Rect(area.x, area.y, area.w, lead_h), lead, ANNEX_PT))
            chart_rect = chart_rect.below(lead_h)
        blocks += [ChartBlock(chart_rect, chart, source),
                   TextBlock("source", source, (Para(chart.spec.source, colour=THEME.muted),), ANNEX_PT)]
        return Slide("chart", "chart", self.annex_section, shown, pt, g.title, tuple(blocks),
                     chart.spec.alt_text, annex=True)


def _is_heading(para: Para) -> bool:
    """A panel's heading ("So what", "Say", "Next steps" ...: the plan's panel titles)."""
    return para.bold and para.size == PANEL_HEADING_PT


def _without_caption_said_by(title: str, blocks: list[Block]) -> list[Block]:
    """A slide of one table whose caption says what its title says ("Figures" under "Figures"): the
    caption left out and the table moved up into its place, so that the slide says it once."""
    captions = [b for b in blocks if isinstance(b, TextBlock) and b.kind == "caption"]
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    if len(captions) != 1 or len(tables) != 1 or captions[0].paras[0].text != title:
        return blocks
    caption, table = captions[0], tables[0]
    return [replace(table, rect=Rect(table.rect.x, caption.rect.y, table.rect.w, table.rect.h))]


def _suffix(words: Wording, page: int, pages: int) -> str:
    """' (1 of 2)': what the continued wording adds to a title."""
    return " " + words.say("continued", "", page, pages)


def _sizes(start: float, floor: float) -> list[float]:
    return [float(pt) for pt in range(int(start), int(floor) - 1, -1)]


def _says(topic: TopicPlan) -> int:
    """How many things a topic's own slide would say besides its title."""
    return len(topic.points) + len(topic.key_numbers) + sum(len(p.items) for p in topic.panels) \
        + (1 if topic.summary else 0)


def _may_share(pair) -> bool:
    """Two topics share a slide only when they share a status, and a concern never shares one."""
    return pair[0].status.status == pair[1].status.status != "concern"


def _para(line: DeckLine) -> Para:
    """A plan's line as a paragraph of a list slide: a heading in bold, text or a numbered item (its number
    written by the plan) unbulleted, the rest bulleted."""
    if line.role == "heading":
        return Para(line.text, bold=True, colour=THEME.accent, size=PANEL_HEADING_PT)
    if line.role in ("text", "number"):
        return Para(line.text, link=line.link)
    return Para(line.text, bullet=True, link=line.link)


def _unique(slides: list[Slide]) -> list[Slide]:
    """Every title unique: a repeated title gets its section's name."""
    seen: dict[str, int] = {}
    out = []
    for slide in slides:
        title = slide.title
        if title in seen:
            title = f"{title} — {slide.section}" if slide.section not in title else f"{title} ({seen[title] + 1})"
        seen[slide.title] = seen.get(slide.title, 0) + 1
        seen.setdefault(title, 1)
        out.append(replace(slide, title=title))
    return out
