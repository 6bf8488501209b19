"""The few places reportgen writes raw Office Open XML for Word that python-docx has no API for.

Apart from ooxml.py (PowerPoint and charts), so that the deck's process never imports python-docx."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from . import docprops

# --- Word -------------------------------------------------------------------


def add_field(paragraph, instruction: str, result: str, run_properties=None) -> None:
    """A complex field (PAGE, NUMPAGES, SEQ ...) with its result already filled in."""

    def run(*children):
        r = OxmlElement("w:r")
        if run_properties is not None:
            r.append(_copy(run_properties))
        for child in children:
            r.append(child)
        paragraph._p.append(r)

    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    text = OxmlElement("w:t")
    text.text = result
    run(char("begin"))
    run(instr)
    run(char("separate"))
    run(text)
    run(char("end"))


def _copy(element):
    return etree.fromstring(etree.tostring(element))


HYPERLINK_STYLE = "Hyperlink"


def add_hyperlink(paragraph, url: str, text: str, colour: str) -> None:
    """A clickable external link, its run in the Hyperlink character style: LibreOffice writes a PDF link
    annotation only for runs in that style."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    style_id = hyperlink_style(paragraph.part, colour)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    run_style = OxmlElement("w:rStyle")
    run_style.set(qn("w:val"), style_id)
    props.append(run_style)
    colour_el = OxmlElement("w:color")
    colour_el.set(qn("w:val"), colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour_el)
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def hyperlink_style(document_part, colour: str) -> str:
    """The style id of the document's Hyperlink character style, added (coloured, underlined) when the
    template lacks it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    styles = document_part.styles
    for style in styles:
        if style.name == HYPERLINK_STYLE and style.type == WD_STYLE_TYPE.CHARACTER:
            return style.style_id
    style = styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor.from_string(colour)
    style.font.underline = True
    style.unhide_when_used = True
    return style.style_id


def no_contextual_spacing(styles) -> None:
    """Every paragraph style spaces its paragraphs as its spacing says (w:contextualSpacing off, as
    python-docx's default template sets it on the list styles). With contextual spacing on the bullets,
    LibreOffice 7.4 leaves a topic's heading at the foot of a page, apart from its text, though the
    heading is kept with the next paragraph (found by bisecting a 54-page note's render); the price is
    the bullets' 2 pt of space after between list items."""
    for style in styles.element.iterchildren(qn("w:style")):
        p_pr = style.find(qn("w:pPr"))
        if p_pr is None:
            continue
        for found in p_pr.findall(qn("w:contextualSpacing")):
            p_pr.remove(found)


def keep_with_next(paragraph) -> None:
    """Keep a paragraph on the page of the one after it (a heading, a status tag, a chart)."""
    paragraph.paragraph_format.keep_with_next = True


# A table of up to this many rows, its header included, is kept on one page (a who's who, a short
# timeline, three options). A longer one (the glance of eight topics) may run on to the next page, where
# its header is repeated: kept whole, it would move there as a block and leave the foot of the page
# before it empty.
KEEP_WHOLE_ROWS = 8


def keep_table_together(table, rows: int) -> None:
    """A table never leaves one row alone before or after a page break. Word and LibreOffice keep a row
    with the next when its paragraphs are kept with the next: a short table is kept whole; a long one keeps
    its header with its first two rows and its last two rows together."""
    all_rows = table._tbl.tr_lst
    kept = all_rows[:-1] if rows + 1 <= KEEP_WHOLE_ROWS else all_rows[:2] + all_rows[-2:-1]
    for tr in kept:
        for tc in tr.tc_lst:
            for p in tc.iterchildren(qn("w:p")):
                _keep_next(p)


def keep_table_with(paragraph) -> None:
    """When the paragraph comes right after a table and the gap paragraph that follows it, keep that table
    (if short enough to keep whole) and the gap with it."""
    gap = paragraph._p.getprevious()
    table = gap.getprevious() if gap is not None and gap.tag == qn("w:p") else None
    if table is None or table.tag != qn("w:tbl") or len(table.tr_lst) > KEEP_WHOLE_ROWS:
        return
    for tr in table.tr_lst:
        for tc in tr.tc_lst:
            for p in tc.iterchildren(qn("w:p")):
                _keep_next(p)
    _keep_next(gap)


def small_gap(paragraph, line_pt: float = 2, after_pt: float = 6) -> None:
    """An empty paragraph that only spaces (after a table, which Word and LibreOffice end with one): a line
    too low to push a page over on its own, the gap in its space after, which a page's foot swallows."""
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(line_pt)  # an exact height
    fmt.space_before, fmt.space_after = Pt(0), Pt(after_pt)
    p_pr = paragraph._p.get_or_add_pPr()
    mark = p_pr.find(qn("w:rPr"))  # the paragraph mark's run properties
    if mark is None:
        mark = OxmlElement("w:rPr")
        p_pr.append(mark)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")  # half-points: the 9 pt floor (SPEC 4), the exact line height keeps it low
    mark.append(size)
    _order_ppr(p_pr)


def _keep_next(p) -> None:
    p_pr = p.get_or_add_pPr()
    if p_pr.find(qn("w:keepNext")) is None:
        p_pr.append(OxmlElement("w:keepNext"))
        _order_ppr(p_pr)


def shade_run(run, fill: str) -> None:
    """A background fill behind one run (a status tag)."""
    props = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def set_docx_alt_text(inline_shape, description: str, title: str) -> None:
    """Alt text (description and title) of a picture in the note."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", description)
    doc_pr.set("title", title)


def inline_chart_drawing(rel_id: str, width: int, height: int, shape_id: int, name: str, description: str,
                         title: str):
    """A w:drawing that places a chart part (c:chart r:id) inline in a run, with its alt text.

    python-docx has no chart API (its issue #179); this is the wp:inline a picture gets, with a
    chart's graphicData in place of a picture's."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    drawing = parse_xml(
        f"<w:drawing {nsdecls('w', 'wp', 'a', 'c', 'r')}>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{int(width)}" cy="{int(height)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        "<c:chart/></a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
    doc_pr = drawing.find(f"{qn('wp:inline')}/{qn('wp:docPr')}")
    doc_pr.set("id", str(shape_id))
    doc_pr.set("name", name)  # attributes set, not formatted into the XML: text from facts stays text
    doc_pr.set("descr", description)
    doc_pr.set("title", title)
    drawing.find(f".//{qn('c:chart')}").set(qn("r:id"), rel_id)
    return drawing


def repeat_table_header(row) -> None:
    """Mark a table row as the header repeated on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def cant_split_row(row) -> None:
    """Keep a table row on one page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def set_complex_script_font(style, font: str) -> None:
    """The font for complex scripts (e.g. Devanagari) of a style."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:cs"), font)


# --- Word: the note's accessibility and honesty ---------------------------------

def honest_package(package) -> None:
    """docProps/app.xml as docprops.app_xml says (the program that wrote the file, no counts it cannot
    know); a template's thumbnail (a picture of some other document) is dropped."""
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == docprops.THUMBNAIL_REL:
            package.rels.pop(rel_id)
        elif rel.reltype == docprops.EXTENDED_PROPERTIES_REL and not rel.is_external:
            rel.target_part._blob = docprops.app_xml()


def set_outline_level(paragraph, level: int) -> None:
    """A paragraph's outline level (0 = top): what the navigation pane and a tagged PDF call its heading level."""
    p_pr = paragraph._p.get_or_add_pPr()
    for old in p_pr.findall(qn("w:outlineLvl")):
        p_pr.remove(old)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    p_pr.append(element)
    _order_ppr(p_pr)


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


def _order_ppr(p_pr) -> None:
    """Children of w:pPr in the order the schema requires."""
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_PPR_ORDER)}
    children = sorted(p_pr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        p_pr.append(child)


def set_language(rpr_parent, latin: str | None = None, complex_script: str | None = None,
                 east_asian: str | None = None) -> None:
    """The language of text: w:lang on a run's or a style's run properties (val: Latin and Cyrillic
    scripts, bidi: complex scripts such as Devanagari, eastAsia: CJK)."""
    rpr = rpr_parent.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute, value in (("w:val", latin), ("w:bidi", complex_script), ("w:eastAsia", east_asian)):
        if value:
            lang.set(qn(attribute), value)
    _order_rpr(rpr)


def set_right_to_left(r) -> None:
    """A run of right-to-left text (Arabic, Hebrew): w:rtl, and w:cs so its complex-script font is used."""
    rpr = r.get_or_add_rPr()
    for name in ("w:rtl", "w:cs"):
        if rpr.find(qn(name)) is None:
            rpr.append(OxmlElement(name))
    _order_rpr(rpr)


_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def _order_rpr(rpr) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_RPR_ORDER)}
    for child in sorted(rpr, key=lambda el: rank.get(el.tag, len(rank))):
        rpr.append(child)


def set_default_language(styles, latin: str, complex_script: str, east_asian: str) -> None:
    """The document's default language (w:docDefaults), which every style inherits."""
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)

    class _Holder:  # the rPrDefault's rPr, through the same code as a run's
        def get_or_add_rPr(self):
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            return rpr

    set_language(_Holder(), latin, complex_script, east_asian)
    for lang in styles.element.xpath("./w:style/w:rPr/w:lang"):  # styles that name another language
        lang.set(qn("w:val"), latin)


def shade_cell(cell, fill: str) -> None:
    """A table cell's background fill."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)
    rank = {qn(f"w:{n}"): i for i, n in enumerate(("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge",
                                                      "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
                                                      "tcFitText", "vAlign", "hideMark"))}
    for child in sorted(tc_pr, key=lambda el: rank.get(el.tag, len(rank))):
        tc_pr.append(child)


CHECKBOX_FONT = "Segoe UI Symbol"  # a font with the ballot boxes; LibreOffice falls back to one that has them
UNCHECKED, CHECKED = "\u2610", "\u2612"  # ☐ ☒


def add_checkbox(paragraph, title: str) -> None:
    """A Word check-box content control (w14:checkbox) that a reader ticks in Word; other readers (LibreOffice,
    the PDF) show its current box, ☐."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")} xmlns:w14="{w14}"><w:sdtPr><w:alias w:val="{_attr(title)}"/>'
        f'<w:tag w:val="{_attr(title)}"/><w14:checkbox><w14:checked w14:val="0"/>'
        f'<w14:checkedState w14:val="{ord(CHECKED):04X}" w14:font="{CHECKBOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="{ord(UNCHECKED):04X}" w14:font="{CHECKBOX_FONT}"/></w14:checkbox></w:sdtPr>'
        f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="{CHECKBOX_FONT}" w:hAnsi="{CHECKBOX_FONT}" '
        f'w:eastAsia="{CHECKBOX_FONT}" w:hint="eastAsia"/></w:rPr><w:t>{UNCHECKED}</w:t></w:r></w:sdtContent></w:sdt>')
    paragraph._p.append(sdt)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def checkboxes(document_element) -> list:
    """The check-box content controls of a document part's element: (sdt, w14:checked) pairs."""
    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    found = []
    for sdt in document_element.iter(qn("w:sdt")):
        checked = sdt.find(f".//{w14}checked")
        if checked is not None:
            found.append((sdt, checked))
    return found
