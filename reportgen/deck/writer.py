"""Brief -> slide deck (.pptx), on the layouts of a template, with text that always fits."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Callable

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .. import ooxml
from ..charts import Request, render_png
from ..plan import Brief, Bullets, Chart, Item, KeyNumbers, Paragraph, Section, SourceList, StatusTag, Table
from ..theme import THEME, text_on
from . import fit
from .layouts import (DEFAULT_TEMPLATE, TITLE_TYPES, bodies, chart_area, open_deck, placeholder, resolve_layouts,
                      theme_fonts)
from .native_chart import CHART_TYPES as NATIVE_KINDS
from .native_chart import add_native_chart

Warn = Callable[[str], None]
EMU_PER_INCH = 914400
INSET_IN = 0.1 * 2  # default left+right (and top+bottom) text-frame insets
CHART_DRAW_WIDTH_IN = 8.5


def render_pptx(brief: Brief, template: Path | None = None, warn: Warn = lambda _: None,
                chart_style: str = "native") -> bytes:
    """The slide deck as .pptx bytes; charts native (editable) or as pictures."""
    prs = open_deck(template)
    layouts, substitutes = resolve_layouts(prs, str(template or DEFAULT_TEMPLATE))
    if substitutes:
        warn(f"{template or DEFAULT_TEMPLATE}: template lacks layouts {', '.join(substitutes)}")
    _DeckWriter(prs, layouts, brief, chart_style).write()
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _inches(emu: int) -> float:
    return emu / EMU_PER_INCH


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


class _DeckWriter:
    """Writes the slides of one brief into one presentation."""

    def __init__(self, prs, layouts: dict, brief: Brief, chart_style: str = "native"):
        self.prs = prs
        self.chart_style = chart_style
        self.layouts = layouts
        self.brief = brief
        self.sections: list[tuple[str, list[int]]] = []
        heading_font, body_font = theme_fonts(prs)
        self.heading = fit.Measure(heading_font)
        self.body = fit.Measure(body_font)
        content_body = bodies(layouts["content"])[0]
        self.body_box = (content_body.left, content_body.top, content_body.width, content_body.height)

    # --- the deck -----------------------------------------------------------

    def write(self) -> None:
        props, core = self.brief.properties, self.prs.core_properties
        core.title, core.subject, core.author = props.title, props.subject, props.author
        core.keywords, core.category = props.keywords, self.brief.classification
        core.last_modified_by, core.revision, core.comments = props.author, 1, ""
        core.created = core.modified = dt.datetime.fromisoformat(props.created)
        self._open_section("Opening")
        self._title_slide()
        self._bullet_slides("Agenda", [Item(t) for t in self.brief.agenda], notes="Agenda", role="agenda")
        closing_started = False
        for section in self.brief.sections_for("pptx"):
            if section.kind == "topic":
                self._open_section(section.title)
                self._topic(section)
                continue
            if self.sections[-1][0] != "Opening" and not closing_started:
                self._open_section("Summary and sources")
                closing_started = True
            self._generic(section)
        self._closing_slide()
        ooxml.set_sections(self.prs, [s for s in self.sections if s[1]])

    def _open_section(self, name: str) -> None:
        self.sections.append((name, []))

    def _new_slide(self, role: str, notes: str):
        slide = self.prs.slides.add_slide(self.layouts[role])
        self.sections[-1][1].append(slide.slide_id)
        self._furniture(slide)
        slide.notes_slide.notes_text_frame.text = notes
        return slide

    def _finish(self, slide) -> None:
        """Remove placeholders left empty, so no slide shows 'Click to add ...'."""
        for ph in list(slide.placeholders):
            if not ph.has_text_frame or not ph.text_frame.text.strip():
                ph._element.getparent().remove(ph._element)

    def _furniture(self, slide) -> None:
        """Classification at top and bottom, slide number at bottom right."""
        width = self.prs.slide_width
        for top in (Inches(0.02), self.prs.slide_height - Inches(0.32)):
            box = slide.shapes.add_textbox(Inches(3.5), top, width - Inches(7.0), Inches(0.28))
            box.name = "Classification"
            self._text(box.text_frame, self.brief.classification, THEME.marking_pt, bold=True,
                       colour=THEME.marking, align=PP_ALIGN.CENTER)
        number = slide.shapes.add_textbox(width - Inches(1.3), self.prs.slide_height - Inches(0.32),
                                          Inches(0.9), Inches(0.28))
        number.name = "Slide Number"
        p = number.text_frame.paragraphs[0]
        p.alignment = PP_ALIGN.RIGHT
        ooxml.add_slide_number_field(p)
        for run in p._p.iter():
            if run.tag.endswith("}rPr"):
                run.set("sz", str(int(THEME.marking_pt * 100)))

    # --- text ---------------------------------------------------------------

    def _text(self, frame, text: str, size: float, bold=False, colour: str | None = None, align=None) -> None:
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        p = frame.paragraphs[0]
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour:
            run.font.color.rgb = _rgb(colour)
        if align is not None:
            p.alignment = align

    def _title_box(self, ph) -> fit.Box:
        frame = ph.text_frame
        insets = _inches((frame.margin_top or 0) + (frame.margin_bottom or 0))
        return fit.Box(_inches(ph.width) - INSET_IN, _inches(ph.height) - insets)

    def _title_fits(self, role: str, text: str) -> bool:
        """Whether text fits the title box of this layout at or above the floor size."""
        ph = placeholder(self.layouts[role], TITLE_TYPES)
        box = self._title_box(ph)
        floor = THEME.slide_title_floor_pt
        return fit.title_height(self.heading.wrap(text, box.width, floor, bold=True), floor) <= box.height

    def _title(self, slide, text: str, size: float = THEME.slide_title_pt,
               floor: float = THEME.slide_title_floor_pt) -> None:
        ph = placeholder(slide, TITLE_TYPES)
        box = self._title_box(ph)
        size = self.heading.fit_title(text, box, size, floor)
        lines = self.heading.wrap(text, box.width, size, bold=True)
        needed = Inches(fit.title_height(lines, size) + (_inches(ph.height) - box.height) + 0.05)
        if needed > ph.height:  # at the floor and still too long: the box grows downwards
            _place(ph, ph.left, ph.top, ph.width, needed)
        ph.text_frame.word_wrap = True
        ph.text_frame.auto_size = MSO_AUTO_SIZE.NONE
        ph.text_frame.text = text
        ph.text_frame.paragraphs[0].line_spacing = fit.TITLE_LINE_SPACING
        ph.text_frame.paragraphs[0].runs[0].font.size = Pt(size)

    def _fill_bullets(self, frame, items: list[Item], size: float, heading: str | None = None,
                      heading_colour: str = THEME.accent) -> None:
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        first = True
        if heading:
            p = frame.paragraphs[0]
            run = p.add_run()
            run.text = heading
            run.font.bold, run.font.size = True, Pt(size)
            run.font.color.rgb = _rgb(heading_colour)
            p.space_before, p.space_after = Pt(0), Pt(THEME.body_space_after_pt)
            ooxml.no_bullet(p)
            first = False
        for item in items:
            p = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            # Spacing is set, not inherited, so it is the spacing the text was measured with.
            p.space_before, p.space_after = Pt(0), Pt(THEME.body_space_after_pt)
            run = p.add_run()
            run.text = item.text
            run.font.size = Pt(size)
            for number in item.citations:
                cite = p.add_run()
                cite.text = f" [{number}]"
                cite.font.size = Pt(size)
                cite.font.color.rgb = _rgb(THEME.muted)

    def _paginate(self, texts: list[str], box: fit.Box) -> tuple[float, list[list[int]]]:
        """The largest size that needs no more slides than the floor size does, and its pages."""
        fewest = len(self.body.paginate(texts, box, THEME.body_floor_pt, THEME.body_space_after_pt))
        size = THEME.body_pt
        while True:
            pages = self.body.paginate(texts, box, size, THEME.body_space_after_pt)
            if len(pages) <= fewest or size <= THEME.body_floor_pt:
                return size, pages
            size = max(size - 2, THEME.body_floor_pt)

    @staticmethod
    def _frame_box(shape, top_offset: float = 0.0) -> fit.Box:
        # Bullet indents take about 0.35 in of the width in the default body style.
        return fit.Box(_inches(shape.width) - INSET_IN - 0.4,
                       _inches(shape.height) - INSET_IN - top_offset - 0.1)

    @staticmethod
    def _item_text(item: Item) -> str:
        return item.text + "".join(f" [{n}]" for n in item.citations)

    # --- slides -------------------------------------------------------------

    def _title_slide(self) -> None:
        brief = self.brief
        notes = "\n".join([brief.title, brief.date_place, *brief.leaders, *brief.participants])
        slide = self._new_slide("title", notes)
        self._title(slide, brief.title, THEME.cover_title_pt, THEME.cover_title_floor_pt)
        body = bodies(slide)[0]
        frame = body.text_frame
        frame.word_wrap = True
        lines = [brief.date_place, "; ".join(brief.leaders)]
        if brief.reference:
            lines.append(brief.reference)
        box = fit.Box(_inches(body.width) - INSET_IN, _inches(body.height) - INSET_IN)
        size = 20.0
        while size > 12 and fit.text_height(sum(len(self.body.wrap(l, box.width, size)) for l in lines),
                                            size) > box.height:
            size -= 1
        for i, line in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.alignment = PP_ALIGN.LEFT
            run = p.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.color.rgb = _rgb(THEME.muted if i else THEME.text)
        self._finish(slide)

    def _bullet_slides(self, title: str, items: list[Item], notes: str, role: str = "content") -> None:
        probe = bodies(self.layouts[role])[0]
        box = self._frame_box(probe)
        size, pages = self._paginate([self._item_text(i) for i in items], box)
        for n, page in enumerate(pages):
            slide = self._new_slide(role, notes)
            self._title(slide, title if n == 0 else f"{title} (cont.)")
            self._fill_bullets(bodies(slide)[0].text_frame, [items[i] for i in page], size)
            self._finish(slide)

    def _topic(self, section: Section) -> None:
        headline = next(b.text for b in section.blocks if isinstance(b, Paragraph) and b.role == "headline")
        status = next(b for b in section.blocks if isinstance(b, StatusTag))
        notes = _topic_notes(section)
        slide = self._new_slide("section", notes)
        self._title(slide, section.title)
        body = bodies(slide)[0]
        self._status_tag(slide, status, body.left, body.top)
        self._finish(slide)
        for block in section.blocks:
            if isinstance(block, Bullets) and block.kind == "points":
                self._points(section.title, headline, status, list(block.items), notes)
            elif isinstance(block, Table):
                self._table_slides(block.caption, block, notes)
            elif isinstance(block, Chart):
                self._chart_slide(block, notes)
        extra = [b for b in section.blocks if isinstance(b, Bullets) and b.kind != "points"]
        if extra:
            self._columns(section.title, extra, notes)

    def _points(self, topic: str, headline: str, status: StatusTag, items: list[Item], notes: str) -> None:
        """The headline as the title; a headline too long for a title leads the list instead, in bold."""
        probe = bodies(self.layouts["content"])[0]
        tag_height = 0.45
        box = self._frame_box(probe, top_offset=tag_height)
        lead = not self._title_fits("content", f"{headline} (cont.)")
        title = topic if lead else headline
        entries = [Item(headline)] + items if lead else items
        size, pages = self._paginate([self._item_text(i) for i in entries], box)
        for n, page in enumerate(pages):
            slide = self._new_slide("content", notes)
            self._title(slide, title if n == 0 else f"{title} (cont.)")
            body = bodies(slide)[0]
            _place(body, body.left, body.top + Inches(tag_height), body.width, body.height - Inches(tag_height))
            self._status_tag(slide, status, body.left, body.top - Inches(tag_height))
            shown = [entries[i] for i in page]
            if lead and n == 0:
                self._fill_bullets(body.text_frame, shown[1:], size, heading=headline, heading_colour=THEME.text)
            else:
                self._fill_bullets(body.text_frame, shown, size)
            self._finish(slide)

    def _status_tag(self, slide, status: StatusTag, left, top) -> None:
        label = f"Status: {status.label}"
        width = Inches(self.body.text_width(label, 13, bold=True) + 0.35)
        tag = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top + Inches(0.05), width, Inches(0.32))
        tag.name = "Status"
        tag.fill.solid()
        fill = THEME.status_colours[status.status]
        tag.fill.fore_color.rgb = _rgb(fill)
        tag.line.fill.background()
        tag.shadow.inherit = False
        frame = tag.text_frame
        frame.margin_top = frame.margin_bottom = 0
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._text(frame, label, 13, bold=True, colour=text_on(fill), align=PP_ALIGN.CENTER)

    def _columns(self, title: str, blocks: list[Bullets], notes: str) -> None:
        role = "two" if len(blocks) > 1 else "content"
        probe = bodies(self.layouts[role])[0]
        box = self._frame_box(probe)
        columns = [[b.title or "", *(self._item_text(i) for i in b.items)] for b in blocks]
        size = THEME.body_pt

        def overflows(size: float) -> bool:
            return any(len(self.body.paginate(c, box, size, THEME.body_space_after_pt)) > 1 for c in columns)

        while size > THEME.body_floor_pt and overflows(size):
            size -= 2
        if overflows(size):
            for block in blocks:  # too long for columns: a list of its own each
                self._bullet_slides(f"{title}: {block.title}", list(block.items), notes)
            return
        slide = self._new_slide(role, notes)
        self._title(slide, title)
        for shape, block in zip(bodies(slide), blocks):
            self._fill_bullets(shape.text_frame, list(block.items), size, heading=block.title)
        self._finish(slide)

    def _column_widths(self, block: Table, total: float) -> list[float]:
        """Shares of the width by content, widened where needed so no word breaks; the widest pays."""
        widths = [share * total for share in block.column_shares(least=8, most=70)]
        for i in range(len(widths)):
            words = [w for text in (block.header[i], *(r[i] for r in block.rows)) for w in text.split()]
            longest = max((self.body.text_width(w, THEME.table_pt, bold=True) for w in words), default=0)
            least = longest + INSET_IN + 0.15  # cell insets, and a little for the renderer's rounding
            if widths[i] < least:
                widest = max(range(len(widths)), key=widths.__getitem__)
                widths[widest] -= least - widths[i]
                widths[i] = least
        return widths

    def _row_height(self, row, widths: list[float]) -> float:
        lines = max(len(self.body.wrap(text, w - INSET_IN, THEME.table_pt, bold=True))
                    for text, w in zip(row, widths))
        return fit.text_height(lines, THEME.table_pt) + 0.15

    def _table_slides(self, title: str, block: Table, notes: str) -> None:
        left, top, width, height = self.body_box
        widths = self._column_widths(block, _inches(width))
        row_heights = [self._row_height(row, widths) for row in block.rows]
        header_h = self._row_height(block.header, widths)
        pages: list[list[int]] = [[]]
        used = header_h
        for i, h in enumerate(row_heights):
            if pages[-1] and used + h > _inches(height):
                pages.append([])
                used = header_h
            pages[-1].append(i)
            used += h
        for n, page in enumerate(pages):
            slide = self._new_slide("title-only", notes)
            self._title(slide, title if n == 0 else f"{title} (cont.)")
            rows = [block.header, *(block.rows[i] for i in page)]
            total_h = Inches(header_h + sum(row_heights[i] for i in page))
            shape = slide.shapes.add_table(len(rows), len(block.header), left, top, width, total_h)
            shape.name = f"Table {block.number}"
            table = shape.table
            for c, w in enumerate(widths):
                table.columns[c].width = Inches(w)
            for r, row in enumerate(rows):
                table.rows[r].height = Inches(header_h if r == 0 else row_heights[page[r - 1]])
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = text
                    para = cell.text_frame.paragraphs[0]
                    para.runs[0].font.size = Pt(THEME.table_pt)
                    para.runs[0].font.bold = r == 0
                    if c in block.numeric_columns and r > 0:
                        para.alignment = PP_ALIGN.RIGHT
            self._finish(slide)

    def _chart_slide(self, block: Chart, notes: str) -> None:
        slide = self._new_slide("chart", "\n\n".join(t for t in (notes, block.spec.alt_text) if t))
        self._title(slide, block.caption)
        area = chart_area(slide)
        captions = [b for b in bodies(slide) if b.shape_id != area.shape_id]
        if captions and block.takeaway:
            self._caption(captions[0], block.takeaway)
        left, top, width, height = area.left, area.top, area.width, area.height
        if self.chart_style == "native" and block.spec.kind in NATIVE_KINDS:
            shape = add_native_chart(slide.shapes, block.spec, left, top, width, height)
        else:
            # Drawn at a smaller size and scaled up, so labels read from the back of a room.
            png = render_png(block.spec, *chart_draw_size(width, height))
            shape = slide.shapes.add_picture(io.BytesIO(png), left, top, width, height)
        shape.name = f"Figure {block.number}"
        ooxml.set_pptx_alt_text(shape, block.spec.alt_text)
        area._element.getparent().remove(area._element)
        self._finish(slide)

    def _caption(self, shape, text: str) -> None:
        """One short line under a chart, at the body floor size or shrunk to fit its box."""
        box = fit.Box(_inches(shape.width) - INSET_IN, _inches(shape.height) - INSET_IN)
        size = self.body.fit_title(text, box, THEME.body_floor_pt, 12, bold=False, spacing=1.0)
        self._text(shape.text_frame, text, size, colour=THEME.muted)
        ooxml.no_bullet(shape.text_frame.paragraphs[0])

    def _closing_slide(self) -> None:
        """The back cover: the title again, and who wrote the brief, when and where."""
        brief = self.brief
        lines = [line for line in (brief.date_place, brief.author, brief.reference) if line]
        slide = self._new_slide("closing", "\n".join([brief.title, *lines]))
        self._title(slide, brief.title)
        frame = bodies(slide)[0].text_frame
        for i, line in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = p.add_run()
            run.text = line
            run.font.size = Pt(THEME.body_floor_pt)
            run.font.color.rgb = _rgb(THEME.muted)
            ooxml.no_bullet(p)
        self._finish(slide)

    def _key_numbers(self, title: str, block: KeyNumbers) -> None:
        notes = "\n".join(f"{k.value} {k.unit}: {k.label} [{k.citation}]" for k in block.items)
        slide = self._new_slide("key-numbers", notes)
        self._title(slide, title)
        left, top, width, height = self.body_box
        count = len(block.items)
        gap = Inches(0.3)
        card_w = Emu(int((width - gap * (count - 1)) / count))
        for i, item in enumerate(block.items):
            x = left + i * (card_w + gap)
            card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, top + Inches(0.4), card_w, Inches(3.2))
            card.name = "Key Number"
            card.fill.solid()
            card.fill.fore_color.rgb = _rgb(THEME.accent_light)
            card.line.fill.background()
            card.shadow.inherit = False
            frame = card.text_frame
            frame.word_wrap = True
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            inner = fit.Box(_inches(card_w) - INSET_IN, 1.3)
            size = self.body.fit_title(item.value, inner, THEME.key_number_pt, 20, spacing=1.0)
            self._text(frame, item.value, size, bold=True, colour=THEME.accent, align=PP_ALIGN.CENTER)
            for text, pt, colour in ((item.unit, 20, THEME.text), (f"{item.label} [{item.citation}]", 16, THEME.muted)):
                p = frame.add_paragraph()
                p.alignment = PP_ALIGN.CENTER
                run = p.add_run()
                run.text = text
                run.font.size = Pt(pt)
                run.font.color.rgb = _rgb(colour)
        self._finish(slide)

    def _generic(self, section: Section) -> None:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                self._bullet_slides(section.title, [Item(block.text)], block.text)
            elif isinstance(block, Bullets):
                notes = "\n".join(self._item_text(i) for i in block.items)
                self._bullet_slides(section.title, list(block.items), notes)
            elif isinstance(block, Chart):
                self._chart_slide(block, "")
            elif isinstance(block, Table):
                notes = "\n".join(" — ".join(r) for r in block.rows)
                self._table_slides(section.title, block, notes)
            elif isinstance(block, KeyNumbers):
                self._key_numbers(section.title, block)
            elif isinstance(block, SourceList):
                items = [Item(f"[{e.number}] {e.text}" + (f" {e.url}" if e.url else "")) for e in block.entries]
                self._bullet_slides(section.title, items, "\n".join(i.text for i in items))


def chart_draw_size(width: int, height: int) -> tuple[float, float]:
    """The size in inches a chart picture is drawn at for an area of the slide (in EMU)."""
    return CHART_DRAW_WIDTH_IN, CHART_DRAW_WIDTH_IN * height / width


def chart_requests(brief: Brief, template: Path | None, chart_style: str) -> list[Request]:
    """Every chart picture the deck will need (none that are native), so they can be drawn ahead."""
    layouts, _ = resolve_layouts(open_deck(template), str(template or DEFAULT_TEMPLATE))
    area = chart_area(layouts["chart"])
    size = chart_draw_size(area.width, area.height)
    return [Request(block.spec, *size)
            for s in brief.sections_for("pptx") for block in s.blocks
            if isinstance(block, Chart) and (chart_style == "image" or block.spec.kind not in NATIVE_KINDS)]


def _place(shape, left, top, width, height) -> None:
    """Set all four of a shape's coordinates at once.

    A placeholder inherits its position from the layout; setting one coordinate
    writes an xfrm whose other coordinates are zero, so all four are written together.
    """
    left, top, width, height = int(left), int(top), int(width), int(height)
    shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)


def _topic_notes(section: Section) -> str:
    """The fuller text of a topic, with its sources, for the speaker."""
    lines = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, StatusTag):
            lines.append(f"Status: {block.label}")
        elif isinstance(block, Bullets):
            lines.append(f"{block.title}:" if block.title else "")
            for item in block.items:
                sources = "; ".join(item.source_titles)
                lines.append(f"- {item.text}" + (f" (Source: {sources})" if sources else ""))
        elif isinstance(block, Table):
            lines.append(f"{block.caption}:")
            lines += [" — ".join(row) for row in block.rows]
        elif isinstance(block, Chart):
            lines.append(block.spec.alt_text)
    return "\n".join(line for line in lines if line)
