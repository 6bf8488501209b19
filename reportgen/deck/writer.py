"""Slide records -> .pptx: places what slides.py decided on the template's layouts; decides nothing."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Callable

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import Font
from pptx.util import Emu, Inches, Pt

from .. import docprops, ooxml
from ..fastpaths import pptx as fast
from ..charts import Request, render_png
from ..plan import Brief
from ..theme import THEME, text_on
from . import pptx_parts as package
from .layouts import AREA_TYPES, TITLE_TYPES, bodies, chart_area, open_deck, placeholder, resolve_layouts, \
    theme_fonts
from .native_chart import CHART_TYPES as NATIVE_KINDS
from .native_chart import add_native_chart
from .slides import (BULLET_INDENT, CELL_MARGIN_X, CELL_MARGIN_Y, INSET, ChartBlock, Geometry,
                     KeyNumberBlock, Rect, Slide, StatusBlock, TableBlock, TextBlock, build_slides,
                     space_after)
from .slides import fit

Warn = Callable[[str], None]
EMU_PER_INCH = 914400
CHART_DRAW_WIDTH_IN = 8.5  # chart pictures are drawn at this width and scaled to their box
MARKING_HEIGHT = 0.28
MARKING_WIDTH_SHARE = 0.45  # the classification marking's box, centred, as a share of the slide's width


def render_pptx(brief: Brief, template: Path, warn: Warn = lambda _: None, chart_style: str = "native") -> bytes:
    """The slide deck as .pptx bytes on `template` (the builder hands it: the one it owns, or the user's);
    charts native (editable) or as pictures."""
    prs = open_deck(template)
    layouts, substitutes = resolve_layouts(prs, str(template))
    if substitutes:
        warn(f"{template}: template lacks layouts {', '.join(substitutes)}")
    slides = build_slides(brief, geometry(prs, layouts))
    _Writer(prs, layouts, brief, chart_style).write(slides)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _in(emu: int) -> float:
    return emu / EMU_PER_INCH


def _rect(shape) -> Rect:
    return Rect(_in(shape.left), _in(shape.top), _in(shape.width), _in(shape.height))


def geometry(prs, layouts: dict) -> Geometry:
    """The template's boxes the slide model lays text into, in inches."""
    heading_font, body_font = theme_fonts(prs)
    content = layouts["content"]
    body = bodies(content)[0] if bodies(content) else None
    title = placeholder(content, TITLE_TYPES)
    cover = layouts["title"]
    cover_body = bodies(cover)
    width, height = _in(prs.slide_width), _in(prs.slide_height)
    title_rect = _rect(title)
    body_rect = _rect(body) if body is not None else Rect(title_rect.x, title_rect.bottom + 0.2, title_rect.w,
                                                            height - title_rect.bottom - 1.0)
    # Keep clear of the markings at the top and foot of the slide.
    floor = height - MARKING_HEIGHT - 0.1
    if body_rect.bottom > floor:
        body_rect = Rect(body_rect.x, body_rect.y, body_rect.w, floor - body_rect.y)
    return Geometry(
        width=width, height=height, title=title_rect, body=body_rect,
        cover_title=_rect(placeholder(cover, TITLE_TYPES)),
        cover_body=_rect(cover_body[0]) if cover_body else body_rect,
        chart=_chart_rect(layouts["chart"], body_rect), heading_font=heading_font, body_font=body_font,
        foot=floor,
    )


def _chart_rect(layout, body: Rect) -> Rect:
    """Where a chart goes: the layout's chart (or body) area, else the content body."""
    areas = bodies(layout, AREA_TYPES)
    return _rect(chart_area(layout)) if areas else body


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def _place(shape, rect: Rect) -> None:
    """All four coordinates at once: a placeholder given one coordinate gets zeros for the others."""
    shape.left, shape.top = Emu(int(Inches(rect.x))), Emu(int(Inches(rect.y)))
    shape.width, shape.height = Emu(int(Inches(rect.w))), Emu(int(Inches(rect.h)))


class _Writer:
    """Places slide records in one presentation."""

    def __init__(self, prs, layouts: dict, brief: Brief, chart_style: str):
        self.prs, self.layouts, self.brief, self.chart_style = prs, layouts, brief, chart_style
        self._furniture: list = []  # the first slide's furniture, copied onto the others

    def runs(self, paragraph, text: str, size: float, bold: bool, colour: str, link: str | None = None) -> list:
        """text as runs in the paragraph, each tagged with its language and set in size, weight and colour
        (never inherited: what the slide model measured, and what the contrast check reads)."""
        runs = package.add_text(paragraph, text, self.brief.language)
        for run in runs:
            if link or not fast.set_run_font(run._r, size, bold, colour):
                run.font.size, run.font.bold = Pt(size), bold
                run.font.color.rgb = _rgb(colour)
                package.no_caps(run)
            if link:
                run.hyperlink.address = link
        return runs

    def write(self, slides: list[Slide]) -> None:
        docprops.set_core(self.prs.core_properties, self.brief)
        sections: list[tuple[str, list[int]]] = []
        for record in slides:
            slide = self.slide(record)
            if not sections or sections[-1][0] != record.section:
                sections.append((record.section, []))
            sections[-1][1].append(slide.slide_id)
        ooxml.set_sections(self.prs, sections)
        package.finish(self.prs, [s.title for s in slides], self.brief.language)

    # --- one slide --------------------------------------------------------------

    def slide(self, record: Slide):
        layout = self.layouts[record.role]
        slide = self.prs.slides.add_slide(layout)
        title = placeholder(slide, TITLE_TYPES)
        body_placeholders = bodies(slide) if record.role != "chart" else []
        self.title(title, record)
        used = set()
        order = [title._element]  # reading order: the title, then the blocks as the model lists them
        for block in record.blocks:
            count = len(slide.shapes._spTree)
            if isinstance(block, TextBlock):
                target = None
                if block.placeholder:
                    free = [b for b in body_placeholders if b.shape_id not in used]
                    target = free[0] if free else None
                if target is not None:
                    used.add(target.shape_id)
                    _place(target, block.rect)
                    target.name = self.brief.words.say("shape_name", block.kind)
                    self.text(target.text_frame, block)
                    order.append(target._element)
                else:
                    box = slide.shapes.add_textbox(*_emu(block.rect))
                    box.name = self.brief.words.say("shape_name", block.kind)
                    if block.fill:
                        box.fill.solid()
                        box.fill.fore_color.rgb = _rgb(block.fill)
                    self.text(box.text_frame, block)
            elif isinstance(block, StatusBlock):
                self.status(slide, block)
            elif isinstance(block, KeyNumberBlock):
                self.key_number(slide, block)
            elif isinstance(block, TableBlock):
                self.table(slide, block)
            elif isinstance(block, ChartBlock):
                self.chart(slide, block)
            order += list(slide.shapes._spTree)[count:]
        tree = slide.shapes._spTree
        for element in dict.fromkeys(order):
            tree.append(element)
        for ph in list(slide.placeholders):  # no "Click to add text" left on a slide
            if ph.shape_id != title.shape_id and ph.shape_id not in used:
                ph._element.getparent().remove(ph._element)
        self.furniture(slide)
        notes = slide.notes_slide.notes_text_frame
        for i, line in enumerate(record.notes.split("\n")):
            p = notes.paragraphs[0] if i == 0 else notes.add_paragraph()
            for run in package.add_text(p, line, self.brief.language):
                package.no_caps(run)
        return slide

    def title(self, ph, record: Slide) -> None:
        _place(ph, record.title_rect)
        frame = ph.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Inches(INSET)
        frame.margin_top = frame.margin_bottom = Inches(INSET / 2)
        frame.text = ""
        p = frame.paragraphs[0]
        p.line_spacing = fit.TITLE_LINE_SPACING
        self.runs(p, record.title, record.title_pt, True, THEME.accent)

    def text(self, frame, block: TextBlock) -> None:
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Inches(INSET)
        frame.margin_top = frame.margin_bottom = Inches(INSET / 2)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        for i, para in enumerate(block.paras):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            # Spacing and indents are set, not inherited, so they are what the text was measured with.
            if not fast.set_paragraph(p._p, Pt(space_after(block.size)), para.bullet, not para.continues,
                                      int(Inches(BULLET_INDENT)), package.BULLET_CHAR):
                p.space_before, p.space_after = Pt(0), Pt(space_after(block.size))
                p.line_spacing = 1.0
                if para.bullet:
                    package.bullet(p, Inches(BULLET_INDENT), mark=not para.continues)
                else:
                    ooxml.no_bullet(p)
                p.alignment = PP_ALIGN.LEFT
            self.runs(p, para.text, para.size or block.size, para.bold, para.colour, para.link)

    def status(self, slide, block: StatusBlock) -> None:
        tag = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *_emu(block.rect))
        tag.name = self.brief.words.say("shape_name", "status")
        fill = THEME.status_colours[block.status.status]
        tag.fill.solid()
        tag.fill.fore_color.rgb = _rgb(fill)
        tag.line.fill.background()
        tag.shadow.inherit = False
        frame = tag.text_frame
        frame.margin_top = frame.margin_bottom = 0
        frame.margin_left = frame.margin_right = Inches(INSET)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.word_wrap = False
        p = frame.paragraphs[0]
        p.alignment = PP_ALIGN.CENTER
        self.runs(p, block.text, block.size, True, text_on(fill))

    def key_number(self, slide, block: KeyNumberBlock) -> None:
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(block.rect))
        tile.name = self.brief.words.say("shape_name", "key-number")
        tile.fill.solid()
        tile.fill.fore_color.rgb = _rgb(THEME.accent_light)
        tile.line.fill.background()
        tile.shadow.inherit = False
        frame = tile.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.margin_left = frame.margin_right = Inches(INSET)
        frame.margin_top = frame.margin_bottom = Inches(INSET / 2)
        key = block.key
        for i, (text, size, bold, colour) in enumerate(((key.value, block.value_pt, True, THEME.accent),
                                                          (key.label + key.citation, block.label_pt, False,
                                                           THEME.text))):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.alignment = PP_ALIGN.CENTER
            p.space_before, p.space_after, p.line_spacing = Pt(0), Pt(0), 1.0
            self.runs(p, text, size, bold, colour)

    def table(self, slide, block: TableBlock) -> None:
        rows = [block.header, *block.rows]
        shape = slide.shapes.add_table(len(rows), len(block.header), *_emu(block.rect))
        shape.name = self.brief.words.say("shape_name", "table")
        table = shape.table
        for c, width in enumerate(block.widths):
            table.columns[c].width = Inches(width)
        for r, row in enumerate(rows):
            table.rows[r].height = Inches(block.heights[r])
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                # Every cell's fill is set, not left to the template's table style (whose header may be
                # white on a light accent): the header in the accent, rows banded in white and the light
                # accent, status cells in their status colour; text in whichever of white or the text
                # colour reads better on the fill.
                if r == 0:
                    fill = THEME.accent
                elif c == block.status_column:
                    fill = THEME.status_colours[block.statuses[r - 1]]
                else:
                    fill = THEME.accent_light if r % 2 == 0 else "FFFFFF"
                if not fast.set_cell(cell._tc, Inches(CELL_MARGIN_X), Inches(CELL_MARGIN_Y), fill):
                    cell.margin_left = cell.margin_right = Inches(CELL_MARGIN_X)
                    cell.margin_top = cell.margin_bottom = Inches(CELL_MARGIN_Y)
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = _rgb(fill)
                bold = r == 0 or c == block.status_column or c in block.bold_columns
                p = cell.text_frame.paragraphs[0]
                if c in block.numeric_columns and r > 0:
                    p.alignment = PP_ALIGN.RIGHT
                self.runs(p, text, block.size, bold, text_on(fill))

    def chart(self, slide, block: ChartBlock) -> None:
        spec = block.chart.spec
        rect = _emu(block.rect)
        if self.chart_style == "native" and spec.kind in NATIVE_KINDS:
            shape = add_native_chart(slide.shapes, spec, *rect)
        else:
            png = render_png(spec, *chart_draw_size(block.rect))
            shape = slide.shapes.add_picture(io.BytesIO(png), *rect)
        shape.name = self.brief.words.say("shape_name", "figure", block.chart.number)
        ooxml.set_pptx_alt_text(shape, spec.alt_text)

    def furniture(self, slide) -> None:
        """Classification at top and foot, slide number at the foot: last in reading order. The same three
        shapes on every slide: made on the first, then copied, each copy numbered as a new shape is."""
        tree = slide.shapes._spTree
        if self._furniture:
            next_id = 1 + max((int(v) for v in tree.xpath("//@id") if v.isdigit()), default=0)
            for n, shape in enumerate(self._furniture):
                element = copy.deepcopy(shape)
                element.nvSpPr.cNvPr.set("id", str(next_id + n))
                tree.insert_element_before(element, "p:extLst")
            return
        count = len(tree)
        self._make_furniture(slide)
        self._furniture = [copy.deepcopy(element) for element in tree[count:]]

    def _make_furniture(self, slide) -> None:
        width, height = self.prs.slide_width, self.prs.slide_height
        box_w = int(width * MARKING_WIDTH_SHARE)
        for n, top in enumerate((Inches(0.02), height - Inches(MARKING_HEIGHT + 0.04))):
            box = slide.shapes.add_textbox(int((width - box_w) / 2), top, box_w, Inches(MARKING_HEIGHT))
            box.name = self.brief.words.say("shape_name", "classification")
            p = box.text_frame.paragraphs[0]
            p.alignment = PP_ALIGN.CENTER
            self.runs(p, self.brief.classification, THEME.marking_pt, True, THEME.marking)
            if n:  # the foot's marking repeats the top's: decorative, so a screen reader says it once
                ooxml.mark_decorative(box._element.nvSpPr.cNvPr)
        number = slide.shapes.add_textbox(width - Inches(1.3), height - Inches(MARKING_HEIGHT + 0.04), Inches(0.9),
                                          Inches(MARKING_HEIGHT))
        number.name = self.brief.words.say("shape_name", "slide-number")
        p = number.text_frame.paragraphs[0]
        p.alignment = PP_ALIGN.RIGHT
        ooxml.add_slide_number_field(p)
        for field in p._p.iter(qn("a:fld")):
            font = Font(field.find(qn("a:rPr")))
            font.size, font.color.rgb = Pt(THEME.marking_pt), _rgb(THEME.muted)
            package.tag_language(field.find(qn("a:rPr")), self.brief.language)


def _emu(rect: Rect) -> tuple[int, int, int, int]:
    return int(Inches(rect.x)), int(Inches(rect.y)), int(Inches(rect.w)), int(Inches(rect.h))


def chart_draw_size(rect: Rect) -> tuple[float, float]:
    """The size in inches a chart picture is drawn at for a box on the slide."""
    return CHART_DRAW_WIDTH_IN, round(CHART_DRAW_WIDTH_IN * rect.h / rect.w, 3)


def chart_requests(brief: Brief, template: Path, chart_style: str) -> list[Request]:
    """Every chart picture the deck will need (none that are native), so they can be drawn ahead."""
    prs = open_deck(template)
    layouts, _ = resolve_layouts(prs, str(template))
    slides = build_slides(brief, geometry(prs, layouts))
    return [Request(block.chart.spec, *chart_draw_size(block.rect))
            for slide in slides for block in slide.blocks
            if isinstance(block, ChartBlock) and (chart_style == "image" or block.chart.spec.kind not in NATIVE_KINDS)]
