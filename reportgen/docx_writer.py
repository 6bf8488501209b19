"""Brief -> briefing note (.docx), styled by a reference document: body first, detail in annexes.

This module only places what the plan decided: every word, number and date comes from the Brief
or from the wording templates.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Callable

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.shared import Emu, RGBColor
from docx.text.run import Run

from . import docprops, wordml
from .errors import FactsError
from .fastpaths import docx as fast
from .note_styles import PARAGRAPH_STYLES, TABLE_STYLE
from .package import open_clean
from .blocks import (Bullets, ChartBlock, Choices, Figures, Grouped, Heading, Item, Section, SourceList, StatusLine,
                     StatusTag, Table, TableBlock, Text)
from .plan import Brief, Chart
from .scripts import segments
from .theme import THEME, text_on

Warn = Callable[[str], None]
# Heading levels: the title is the document's one top heading; sections under it; topics in Annex A under those.
TITLE_LEVEL, SECTION_STYLE, TOPIC_STYLE = 0, "Heading 2", "Heading 3"
TABLE_COLUMN_LIMITS = (10, 60)  # characters: the least and most a column is weighted by


def open_template(path: Path) -> Document:
    """The reference document, emptied of body content; FactsError if it is not a .docx."""
    try:
        doc = Document(open_clean(path, "docx"))  # the guarded reader: limits, no macros or links
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise FactsError.single(str(path), f"not a Word .docx template ({type(e).__name__}: {e})") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != wordml.qn("w:sectPr"):
            body.remove(child)
    return doc


def missing_styles(doc: Document) -> list[str]:
    """Styles the note uses that the template lacks."""
    names = {s.name for s in doc.styles}
    return [n for n in (*PARAGRAPH_STYLES, TABLE_STYLE) if n not in names]


def render_docx(brief: Brief, template: Path, warn: Warn = lambda _: None, chart_style: str = "native") -> bytes:
    """The briefing note as .docx bytes on `template` (the builder hands it: the one it owns, or the
    user's); charts native (editable) or as pictures."""
    doc = open_template(template)
    missing = missing_styles(doc)
    if missing:
        warn(f"{template}: template lacks styles {', '.join(missing)}; using defaults")
        for name in missing:
            kind = WD_STYLE_TYPE.TABLE if name == TABLE_STYLE else WD_STYLE_TYPE.PARAGRAPH
            style = doc.styles.add_style(name, kind)
            if kind == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = doc.styles["Normal"]
    wordml.no_contextual_spacing(doc.styles)
    _NoteWriter(doc, brief, chart_style).write()
    wordml.honest_package(doc.part.package)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def text_width(doc: Document) -> Emu:
    """The width between the margins of the document's first section."""
    section = doc.sections[0]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def chart_size(chart: Chart, width: Emu) -> tuple[Emu, Emu]:
    """The size a chart is placed at: the full text width, and the height its kind and data need."""
    from .docx_chart import height_in

    return width, Emu(int(height_in(chart.spec, width.inches) * 914400))


# A hyphen inside a designation or a range ("S-500", "MiG-29", "2024-25"): a line never breaks at it.
_JOINING_HYPHEN = re.compile(r"(?<=\w)-(?=\d)|(?<=\d)-(?=\w)")


def _add_run(paragraph, text: str) -> Run:
    """A run of text in which a hyphen joining a number to what it belongs to is Word's no-break hyphen
    (w:noBreakHyphen: drawn as the font's hyphen, read as "-"), so "S-500" never splits as "S-" / "500"."""
    pieces = [text] if fast.SPECIAL.search(text) else _JOINING_HYPHEN.split(text)
    run = fast.new_run(paragraph, pieces[0])
    for piece in pieces[1:]:
        run._r.append(OxmlElement("w:noBreakHyphen"))
        if piece:
            run._r.add_t(piece)
    return run


def _shown(runs) -> None:
    """Runs that say they are shown (w:vanish, w:specVanish and w:webHidden off), whatever their style says."""
    for run in runs:
        r_pr = run._r.get_or_add_rPr()
        for name in ("w:vanish", "w:specVanish", "w:webHidden"):
            for old in r_pr.findall(wordml.qn(name)):
                r_pr.remove(old)
            element = OxmlElement(name)
            element.set(wordml.qn("w:val"), "0")
            r_pr.append(element)
        wordml._order_rpr(r_pr)


class _NoteWriter:
    """Places the parts of one brief into one document, in SPEC order."""

    def __init__(self, doc: Document, brief: Brief, chart_style: str):
        self.doc = doc
        self.brief = brief
        self.chart_style = chart_style
        self.text_width = text_width(doc)

    def write(self) -> None:
        """The header block, then the sections the plan gives, in its order, the annexes after the body.

        Annex A follows the body on its page, under its "Annex A: ..." heading, rather than after a page
        break: a break leaves the rest of the body's last page empty, and a readout of 8 topics then runs
        to 5 pages where SPEC allows 4."""
        self._properties()
        self._language()
        self._marking()
        self._title_block()
        for section in (*self.brief.body, *self.brief.annexes):
            self._section(section)

    def _section(self, section: Section) -> None:
        self._heading(section.heading)
        for block, after in zip(section.blocks, (*section.blocks[1:], None)):
            render = getattr(self, f"_block_{type(block).__name__}", None)
            if render is None:  # a block the plan gives that this writer cannot show: said, never dropped silently
                raise NotImplementedError(f"the note cannot render a {type(block).__name__} block "
                                          f"(section {section.key!r})")
            last = render(block)
            if isinstance(block, ChartBlock) and isinstance(after, TableBlock):
                # a chart over its table (the status bar over the glance): its source line stays with the
                # table's first rows, so the pair starts on one page
                wordml.keep_with_next(last)

    # --- document-wide ------------------------------------------------------------

    def _properties(self) -> None:
        docprops.set_core(self.doc.core_properties, self.brief)

    def _language(self) -> None:
        """The brief's language in the document defaults and every style; Devanagari text is Hindi, not the
        template's default complex-script language."""
        wordml.set_default_language(self.doc.styles, self.brief.language, "hi-IN", "zh-CN")

    def _marking(self) -> None:
        """The marking at the top and bottom of every page, and 'Page N of M' — on the first page and on
        even pages too, whatever the template's header settings. Every header and footer is made new:
        nothing of the template's (a content control, a table, a drawing, a DDE field) stays above or
        below the marking. Their runs say they are shown, whatever the styles say (package.py refuses a
        Marking or Footer Text style that hides text, sets it too small or in too faint a colour)."""
        for section in self.doc.sections:
            parts = [section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer]
            for part in parts:
                if not part.is_linked_to_previous:
                    part.is_linked_to_previous = True  # the template's part goes, with its relationship
                part.is_linked_to_previous = False     # and a new one comes, emptied below
                for child in list(part._element):
                    part._element.remove(child)
                _shown(part.add_paragraph(self.brief.classification, style="Marking").runs)
            for footer in (section.footer, section.first_page_footer, section.even_page_footer):
                page = footer.add_paragraph(style="Footer Text")
                before, between, after = self.brief.words.say("page_of").split("#")
                page.add_run(before)
                wordml.add_field(page, "PAGE", "1")
                page.add_run(between)
                wordml.add_field(page, "NUMPAGES", "1")
                if after:
                    page.add_run(after)
                _shown(page.runs)

    # --- text ---------------------------------------------------------------

    def _text(self, paragraph, text: str, bold: bool = False):
        """Text added as runs, each stretch in another script tagged with its language."""
        for segment in segments(text):
            run = _add_run(paragraph, segment.text)
            if bold:
                run.bold = True
            if segment.language:
                if segment.right_to_left:
                    wordml.set_right_to_left(run._r)
                if segment.kind == "complex":
                    wordml.set_language(run._r, complex_script=segment.language)
                elif segment.kind == "east-asian":
                    wordml.set_language(run._r, east_asian=segment.language)
                else:
                    wordml.set_language(run._r, latin=segment.language)
        return paragraph

    def _heading(self, text: str, style: str = SECTION_STYLE):
        heading = self._text(self.doc.add_paragraph(style=style), text)
        wordml.keep_with_next(heading)  # with its text, whatever the template's style says
        return heading

    def _item(self, item: Item, lead: str | None = None, style: str = "List Bullet"):
        p = self.doc.add_paragraph(style=style)
        lead = lead or item.lead
        if lead:
            self._text(p, self.brief.words.lead_in(lead), bold=True)
        self._text(p, item.text)
        if item.citation:
            p.add_run(item.citation).font.color.rgb = RGBColor.from_string(THEME.muted)
        return p

    # --- body -----------------------------------------------------------------

    def _title_block(self) -> None:
        brief = self.brief
        title = self._text(self.doc.add_paragraph(style="Title"), brief.title)
        wordml.set_outline_level(title, TITLE_LEVEL)
        self._text(self.doc.add_paragraph(style="Subtitle"), brief.date_place)
        p = self.doc.add_paragraph(style="Title Block")
        for i, (label, value) in enumerate(brief.header):
            if i:
                p.add_run("\u00a0\u00a0·   ")  # the dot ends a line, never starts one
            p.add_run(self.brief.words.lead_in(label)).bold = True
            self._text(p, value)

    # --- blocks ---------------------------------------------------------------

    def _block_Text(self, block: Text) -> None:
        p = self.doc.add_paragraph()
        if block.lead:
            self._text(p, self.brief.words.lead_in(block.lead), bold=True)
        self._text(p, block.text)

    def _block_Bullets(self, block: Bullets) -> None:
        style = "List Number" if block.numbered else "List Bullet"
        for item in block.items:
            self._item(item, style=style)

    def _block_Grouped(self, block: Grouped) -> None:
        # One way for the whole block: every group under its name when any has several items, so a later
        # "Topic: item" never reads as one more item of the group above it.
        headed = any(len(items) > 1 for _, items in block.groups)
        for name, items in block.groups:
            if not headed:  # "Topic: the one item"
                self._item(items[0], lead=name)
                continue
            lead = self._text(self.doc.add_paragraph(), name, bold=True)  # the name once, its items under it
            lead.paragraph_format.keep_with_next = True
            for item in items:
                self._item(item)

    def _block_Choices(self, block: Choices) -> None:
        """Each numbered item, then a line of tick boxes (Word check-box content controls) under it."""
        for item in block.items:
            p = self._item(item, style="List Number")
            p.paragraph_format.keep_with_next = True
            boxes = self.doc.add_paragraph(style="Choices")
            for n, choice in enumerate(block.choices):
                if n:
                    boxes.add_run("\t")
                wordml.add_checkbox(boxes, choice)
                boxes.add_run(f"\u00a0{choice}")

    def _block_TableBlock(self, block: TableBlock) -> None:
        if block.table.number:
            self._captioned_table(block.table)
            return
        table = block.table
        self._table(table.header, list(table.rows), shares=tuple(table.column_shares(*TABLE_COLUMN_LIMITS)),
                    numeric=table.numeric_columns, statuses=table.statuses, status_column=table.status_column,
                    bold_columns=table.bold_columns)

    def _block_ChartBlock(self, block: ChartBlock):
        return self._chart(block.chart)

    def _block_Heading(self, block: Heading) -> None:
        self._heading(block.text, TOPIC_STYLE)

    def _block_StatusLine(self, block: StatusLine) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(f"\u00a0{block.status.label}\u00a0")
        run.bold = True
        fill = THEME.status_colours[block.status.status]
        run.font.color.rgb = RGBColor.from_string(text_on(fill))
        wordml.shade_run(run, fill)
        wordml.keep_with_next(p)  # the status tag stays with the topic's text
        if block.text:
            p.add_run("  ")
            self._text(p, block.text)

    def _block_Figures(self, block: Figures) -> None:
        for figure in block.lines:
            p = self.doc.add_paragraph(style="List Bullet")
            self._text(p, self.brief.words.lead_in(figure.label))
            p.add_run(figure.value).bold = True
            if figure.citation:
                p.add_run(figure.citation).font.color.rgb = RGBColor.from_string(THEME.muted)

    def _block_SourceList(self, block: SourceList) -> None:
        for entry in block.entries:
            p = self.doc.add_paragraph(style="Source Entry")
            p.add_run(f"[{entry.number}]\t")
            if entry.url:
                wordml.add_hyperlink(p, entry.url, entry.title, THEME.accent)
            else:
                self._text(p, entry.title)
            if entry.details:
                self._text(p, f" ({entry.details})")

    # --- tables and charts ---------------------------------------------------------

    def _captioned_table(self, block: Table) -> None:
        self._caption("table", block.number, block.caption, above=True)
        self._table(block.header, list(block.rows), numeric=block.numeric_columns,
                    shares=tuple(block.column_shares(*TABLE_COLUMN_LIMITS)))

    def _table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], shares: tuple[float, ...],
               numeric: tuple[int, ...] = (), statuses: tuple[StatusTag, ...] = (), status_column: int | None = None,
               bold_columns: tuple[int, ...] = ()):
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Emu(int(share * self.text_width)) for share in shares]
        all_cells = [table.rows[0].cells]  # python-docx works a row's cells out afresh on each call
        for cell, text in zip(all_cells[0], header):
            cell.paragraphs[0].style = "Table Text"  # by name: looked up once per note (builders/docx.py)
            cell.paragraphs[0].add_run(text).bold = True
            wordml.shade_cell(cell, THEME.accent)
            cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(text_on(THEME.accent))
        wordml.repeat_table_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            all_cells.append(cells)
            for i, (cell, text) in enumerate(zip(cells, row)):
                paragraph = cell.paragraphs[0]
                paragraph.style = "Table Text"
                self._text(paragraph, text, bold=i in bold_columns)
                if i in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row, cells in zip(table.rows, all_cells):
            wordml.cant_split_row(row)
            for cell, width in zip(cells, widths):
                cell.width = width
        for i, width in enumerate(widths):
            table.columns[i].width = width
        if status_column is not None:
            for cells, status in zip(all_cells[1:], statuses):  # the status cell in its status's colour
                cell = cells[status_column]
                fill = THEME.status_colours[status.status]
                wordml.shade_cell(cell, fill)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string(text_on(fill))
        wordml.keep_table_together(table, len(rows))
        wordml.small_gap(self.doc.add_paragraph(style="Table Text"))  # a gap after the table
        return table

    def _chart(self, chart: Chart):
        width, height = chart_size(chart, self.text_width)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        wordml.keep_table_with(p)  # a chart right under a table (the status chart, the glance) on its page
        if self.chart_style == "native":
            from .docx_chart import add_chart

            add_chart(p, chart.spec, int(width), int(height))
        else:
            from .charts import render_png

            png = render_png(chart.spec, width.inches, height.inches)
            shape = p.add_run().add_picture(io.BytesIO(png), width=width)
            wordml.set_docx_alt_text(shape, chart.spec.alt_text, chart.caption)
        caption = self._caption("figure", chart.number, chart.caption, above=False)
        caption.paragraph_format.keep_with_next = True  # the chart, its caption and its source stay together
        source = self.doc.add_paragraph(style="Source Entry")
        self._text(source, chart.spec.source)
        return source

    def _caption(self, label: str, number: int, text: str, above: bool):
        p = self.doc.add_paragraph(style="Caption")
        p.add_run(self.brief.words.say("caption_label", label) + " ")
        wordml.add_field(p, f"SEQ {self.brief.words.say('caption_label', label)} \\* ARABIC", str(number))
        p.add_run(self.brief.words.lead_in(""))  # the language's colon after the number
        self._text(p, text)
        p.paragraph_format.keep_with_next = above  # a table's caption stands above it and stays with it
        return p
