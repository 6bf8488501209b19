"""Brief -> briefing note (.docx), styled by a reference document."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Callable

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Emu, Inches, Pt, RGBColor

from . import ooxml
from .charts import ChartSpec, Request, render_png
from .errors import FactsError
from .plan import Brief, Bullets, Chart, KeyNumbers, Paragraph, Section, SourceList, StatusTag, Table
from .text import TEMPLATES_DIR
from .theme import THEME, text_on

DEFAULT_TEMPLATE = TEMPLATES_DIR / "briefing.docx"
PARAGRAPH_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Caption",
                    "Headline", "Marking", "Title Block", "Source Entry", "Footer Text")
TABLE_STYLE = "Light List Accent 1"
Warn = Callable[[str], None]


def open_template(path: Path | None) -> Document:
    """The reference document, emptied of body content; FactsError if it is not a .docx."""
    path = path or DEFAULT_TEMPLATE
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise FactsError.single(str(path), f"not a Word .docx template ({type(e).__name__}: {e})") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != ooxml.qn("w:sectPr"):
            body.remove(child)
    return doc


def missing_styles(doc: Document) -> list[str]:
    """Styles the note uses that the template lacks."""
    names = {s.name for s in doc.styles}
    return [n for n in (*PARAGRAPH_STYLES, TABLE_STYLE) if n not in names]


def render_docx(brief: Brief, template: Path | None = None, warn: Warn = lambda _: None) -> bytes:
    """The briefing note as .docx bytes."""
    doc = open_template(template)
    missing = missing_styles(doc)
    if missing:
        warn(f"{template or DEFAULT_TEMPLATE}: template lacks styles {', '.join(missing)}; using defaults")
        for name in missing:
            kind = WD_STYLE_TYPE.TABLE if name == TABLE_STYLE else WD_STYLE_TYPE.PARAGRAPH
            style = doc.styles.add_style(name, kind)
            if kind == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = doc.styles["Normal"]
    _NoteWriter(doc, brief).write()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def text_width(doc: Document) -> Emu:
    """The width between the margins of the document's first section."""
    section = doc.sections[0]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def chart_size(spec: ChartSpec, width: Emu) -> tuple[ChartSpec, float, float]:
    """A chart and the size in inches it is drawn at: the full text width."""
    return spec, width.inches, 2.6 if spec.kind == "barh" else 3.0


def chart_requests(brief: Brief, template: Path | None) -> list[Request]:
    """Every chart picture the note will need, so they can be drawn ahead, together."""
    width = text_width(open_template(template))
    return [Request(*chart_size(block.spec, width))
            for s in brief.sections_for("docx") for block in s.blocks if isinstance(block, Chart)]


class _NoteWriter:
    """Writes the sections of one brief into one document."""

    def __init__(self, doc: Document, brief: Brief):
        self.doc = doc
        self.brief = brief
        self.text_width = text_width(doc)

    def write(self) -> None:
        self._properties()
        self._marking()
        self._title_block()
        for section in self.brief.sections_for("docx"):
            self._section(section)

    def _properties(self) -> None:
        props = self.brief.properties
        core = self.doc.core_properties
        core.title = props.title
        core.subject = props.subject
        core.author = props.author
        core.keywords = props.keywords
        core.category = self.brief.classification
        core.comments = ""
        core.last_modified_by = props.author
        core.revision = 1
        created = dt.datetime.fromisoformat(props.created)
        core.created = core.modified = created
        core.last_printed = created

    def _marking(self) -> None:
        for section in self.doc.sections:
            for part in (section.header, section.footer):
                part.is_linked_to_previous = False
                for p in list(part.paragraphs):
                    p._p.getparent().remove(p._p)
                part.add_paragraph(self.brief.classification, style="Marking")
            page = section.footer.add_paragraph(style="Footer Text")
            page.add_run("Page ")
            ooxml.add_field(page, "PAGE", "1")
            page.add_run(" of ")
            ooxml.add_field(page, "NUMPAGES", "1")

    def _title_block(self) -> None:
        doc, brief = self.doc, self.brief
        doc.add_paragraph(brief.title, style="Title")
        doc.add_paragraph(brief.date_place, style="Subtitle")
        rows = [("Reference", brief.reference), ("Author", brief.author),
                ("Leaders", "; ".join(brief.leaders)), ("Also present", "; ".join(brief.participants))]
        for label, value in rows:
            if value:
                p = doc.add_paragraph(style="Title Block")
                p.add_run(f"{label}: ").bold = True
                p.add_run(value)

    def _section(self, section: Section) -> None:
        self.doc.add_paragraph(section.title, style="Heading 1")
        for block in section.blocks:
            getattr(self, f"_{type(block).__name__.lower()}")(block)

    def _paragraph(self, block: Paragraph) -> None:
        self.doc.add_paragraph(block.text, style="Headline" if block.role == "headline" else None)

    def _statustag(self, block: StatusTag) -> None:
        p = self.doc.add_paragraph()
        p.add_run("Status: ").bold = True
        run = p.add_run(f"\u00a0{block.label}\u00a0")
        run.bold = True
        fill = THEME.status_colours[block.status]
        run.font.color.rgb = RGBColor.from_string(text_on(fill))
        ooxml.shade_run(run, fill)

    def _bullets(self, block: Bullets) -> None:
        if block.title:
            self.doc.add_paragraph(block.title, style="Heading 2")
        for item in block.items:
            p = self.doc.add_paragraph(item.text, style="List Bullet")
            for number in item.citations:
                p.add_run(f" [{number}]").font.color.rgb = RGBColor.from_string(THEME.muted)

    def _table(self, block: Table) -> None:
        self._caption("Table", block.number, block.caption)
        table = self.doc.add_table(rows=1, cols=len(block.header))
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Emu(int(share * self.text_width)) for share in block.column_shares(least=14, most=60)]
        for cell, text in zip(table.rows[0].cells, block.header):
            cell.text = text
        ooxml.repeat_table_header(table.rows[0])
        for row in block.rows:
            cells = table.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, row)):
                cell.text = text
                if i in block.numeric_columns:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in table.rows:
            ooxml.cant_split_row(row)
            for cell, width in zip(row.cells, widths):
                cell.width = width
                for p in cell.paragraphs:
                    p.paragraph_format.space_after = Pt(0)
        for i, width in enumerate(widths):
            table.columns[i].width = width
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _chart(self, block: Chart) -> None:
        png = render_png(*chart_size(block.spec, self.text_width))
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        shape = p.add_run().add_picture(io.BytesIO(png), width=self.text_width)
        ooxml.set_docx_alt_text(shape, block.spec.alt_text, block.caption)
        caption = self._caption("Figure", block.number, block.caption)
        if block.takeaway:  # the figure, its caption and its takeaway stay on one page
            caption.paragraph_format.keep_with_next = True
            self.doc.add_paragraph(block.takeaway)

    def _caption(self, label: str, number: int, text: str):
        p = self.doc.add_paragraph(style="Caption")
        p.add_run(f"{label} ")
        ooxml.add_field(p, f"SEQ {label} \\* ARABIC", str(number))
        p.add_run(f": {text}")
        # A table's caption stands above it and must stay with it.
        p.paragraph_format.keep_with_next = label == "Table"
        return p

    def _keynumbers(self, block: KeyNumbers) -> None:
        for item in block.items:
            p = self.doc.add_paragraph(style="List Bullet")
            p.add_run(f"{item.value} {item.unit}").bold = True
            p.add_run(f" {item.label} [{item.citation}]")

    def _sourcelist(self, block: SourceList) -> None:
        for entry in block.entries:
            p = self.doc.add_paragraph(style="Source Entry")
            p.add_run(f"[{entry.number}]\t")
            p.add_run(entry.text)
            if entry.url:
                p.add_run(" ")
                ooxml.add_hyperlink(p, entry.url, entry.url, THEME.accent)
