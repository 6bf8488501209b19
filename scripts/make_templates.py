"""Write reportgen/templates/briefing.docx: the reference styles of the briefing note.

Run `python scripts/make_templates.py` after changing the house style; the
result is committed so a build does not depend on this script.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reportgen.wordml import set_complex_script_font  # noqa: E402
from reportgen.output import normalise_zip  # noqa: E402
from reportgen.theme import THEME  # noqa: E402
from reportgen.ooxml import mark_decorative  # noqa: E402
from reportgen.package import GUARDED, WHITE_BACKGROUND, sanitise  # noqa: E402

TEMPLATE_DATE = dt.datetime(2025, 1, 1)  # the templates' own properties are fixed, so their bytes are too

ROOT = Path(__file__).resolve().parent.parent


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def make_briefing(path: Path) -> None:
    doc = Document()
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.1)
    styles = doc.styles

    normal = styles["Normal"]
    normal.font.name = THEME.font
    normal.font.size = Pt(12)  # body text at least 12 pt (SPEC 4)
    normal.font.color.rgb = rgb(THEME.text)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.08
    set_complex_script_font(normal, THEME.complex_script_font)

    def heading(name, size, colour, before, after, bold=True):
        style = styles[name]
        style.font.name = THEME.font
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = rgb(colour)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = True
        set_complex_script_font(style, THEME.complex_script_font)
        return style

    heading("Title", 20, THEME.accent, 0, 2)
    styles["Title"].paragraph_format.keep_with_next = True
    for border in styles["Title"].element.xpath("./w:pPr/w:pBdr"):
        border.getparent().remove(border)
    heading("Subtitle", 12, THEME.muted, 0, 2, bold=False)
    # The note's title is its one top heading (outline level 1); sections are Heading 2, topics Heading 3.
    heading("Heading 1", 16, THEME.accent, 12, 4)
    heading("Heading 2", 14, THEME.accent, 10, 3)
    heading("Heading 3", 12.5, THEME.text, 8, 2)

    caption = styles["Caption"]
    caption.font.name = THEME.font
    caption.font.size = Pt(10)
    caption.font.bold = True  # not italic: italics are harder to read (SPEC 4)
    caption.font.italic = False
    caption.font.color.rgb = rgb(THEME.text)
    caption.paragraph_format.space_before = Pt(2)
    caption.paragraph_format.space_after = Pt(2)

    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(2)

    def custom(name, base="Normal"):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style

    headline = custom("Headline")
    headline.font.bold = True
    headline.font.size = Pt(12)
    headline.paragraph_format.space_after = Pt(4)
    headline.paragraph_format.keep_with_next = True

    marking = custom("Marking")
    marking.font.bold = True
    marking.font.size = Pt(10)
    marking.font.color.rgb = rgb(THEME.marking)
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.paragraph_format.space_after = Pt(0)

    meta = custom("Title Block")
    meta.font.size = Pt(10)
    meta.font.color.rgb = rgb(THEME.muted)
    meta.paragraph_format.space_after = Pt(8)

    table_text = custom("Table Text")
    table_text.font.size = Pt(10)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0

    source = custom("Source Entry")
    source.font.size = Pt(10)
    source.font.color.rgb = rgb(THEME.muted)
    source.paragraph_format.space_after = Pt(6)
    source.paragraph_format.left_indent = Cm(0.8)
    source.paragraph_format.first_line_indent = Cm(-0.8)

    choices = custom("Choices")  # the tick boxes under a recommendation: indented as the list's text
    choices.paragraph_format.left_indent = Cm(0.63)
    choices.paragraph_format.space_after = Pt(6)
    choices.paragraph_format.tab_stops.add_tab_stop(Cm(3.6))
    choices.paragraph_format.tab_stops.add_tab_stop(Cm(6.6))

    numbered = styles["List Number"]
    numbered.paragraph_format.space_after = Pt(2)

    footer = custom("Footer Text")
    footer.font.size = Pt(9)
    footer.font.color.rgb = rgb(THEME.muted)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.space_after = Pt(0)

    # Fonts named in a style win over the theme's only when the style names no theme font:
    # drop the theme references, so headings are in the house font, not the theme's Calibri.
    for fonts in styles.element.xpath("//w:style//w:rFonts"):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for spacing in styles["Subtitle"].element.xpath("./w:rPr/w:spacing"):  # python-docx's letter spacing
        spacing.getparent().remove(spacing)

    accessible_styles(styles)
    save(doc, path, "reportgen briefing note template", trim=trim_styles)


def accessible_styles(styles) -> None:
    """Every style a user may pick stays readable (SPEC 4): text at least 4.5:1 against white, nothing under
    9 pt, no italics or capitals for emphasis, even in the built-in styles the note itself does not use."""
    from reportgen.theme import contrast

    for colour in styles.element.xpath("//w:style/w:rPr/w:color"):
        value = colour.get(qn("w:val"))
        if value and value != "auto" and contrast(value, "FFFFFF") < 4.5:
            colour.set(qn("w:val"), THEME.accent)
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attribute), None)
    for size in styles.element.xpath("//w:style/w:rPr/w:sz | //w:style/w:rPr/w:szCs"):
        if int(size.get(qn("w:val"))) < 18:  # half-points
            size.set(qn("w:val"), "18")
    for emphasis in styles.element.xpath("//w:style/w:rPr/w:i | //w:style/w:rPr/w:iCs | //w:style/w:rPr/w:caps"):
        emphasis.getparent().remove(emphasis)


# Built-in styles kept besides those the note names (note_styles.PARAGRAPH_STYLES, TABLE_STYLE) and any
# custom or default style: python-docx's default template defines ~270 styles (780 KB of XML in styles.xml
# and stylesWithEffects.xml), parsed and written for every note; Word adds back any built-in one used later.
KEPT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid", "Title", "Subtitle",
               "Caption", "Header", "Footer", "Hyperlink", "List Bullet", "List Number", "List Paragraph",
               *(f"Heading {n}" for n in range(1, 10))}


def trim_styles(docx: bytes) -> bytes:
    """The .docx with only the styles kept: named above or by the note, custom, default, or reached from
    those (based on, next, linked), in styles.xml and stylesWithEffects.xml alike."""
    import io
    import re
    import zipfile

    from lxml import etree

    from reportgen.note_styles import PARAGRAPH_STYLES, TABLE_STYLE

    names = {n.casefold() for n in KEPT_STYLES | set(PARAGRAPH_STYLES) | {TABLE_STYLE}}  # "caption" in XML
    source = zipfile.ZipFile(io.BytesIO(docx))
    # Styles the template's own parts use (numbering, headers): kept too.
    used = set()
    for name in source.namelist():
        if name.endswith(".xml") and "styles" not in name:
            used |= {m.decode() for m in re.findall(rb'w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) '
                                                     rb'w:val="([^"]+)"', source.read(name))}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in ("word/styles.xml", "word/stylesWithEffects.xml"):
                root = etree.fromstring(data)
                by_id = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
                keep = {i for i, s in by_id.items()
                        if i in used or s.get(qn("w:customStyle")) == "1" or s.get(qn("w:default")) == "1"
                        or s.find(qn("w:name")) is not None and s.find(qn("w:name")).get(qn("w:val")).casefold() in names}
                todo = list(keep)
                while todo:
                    for ref in by_id[todo.pop()].xpath("w:basedOn|w:next|w:link", namespaces=root.nsmap):
                        target_id = ref.get(qn("w:val"))
                        if target_id in by_id and target_id not in keep:
                            keep.add(target_id)
                            todo.append(target_id)
                for style_id, style in by_id.items():
                    if style_id not in keep:
                        root.remove(style)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


def save(document, path: Path, title: str, trim=None) -> None:
    """A template with fixed properties and reproducible bytes (python-docx and python-pptx alike)."""
    import io

    core = document.core_properties
    core.title, core.author, core.last_modified_by, core.comments = title, "reportgen", "reportgen", ""
    core.created = core.modified = TEMPLATE_DATE
    core.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    data = trim(buf.getvalue()) if trim else buf.getvalue()
    guarded = guard(normalise_zip(data), path.suffix[1:])
    path.write_bytes(guarded)
    record_guarded(path, guarded)


def guard(data: bytes, kind: str) -> bytes:
    """The template as the template guard gives it (the guard gives those bytes back unchanged), so that
    a build may use it as it is (reportgen.package.guarded_digests)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / f"template.{kind}"
        raw.write_bytes(data)
        guarded, warnings = sanitise(raw, kind)
    if warnings:
        raise SystemExit(f"the template guard dropped parts of the house {kind} template: {warnings}")
    return guarded


def record_guarded(path: Path, data: bytes) -> None:
    """templates/guarded.sha256: one line per house template, "<sha256>  <kind>", in file-name order."""
    import hashlib

    lines = {}
    if GUARDED.exists():
        for line in GUARDED.read_text(encoding="ascii").splitlines():
            digest, _, kind = line.partition("  ")
            lines[kind] = line
    kind = path.suffix[1:]
    lines[kind] = f"{hashlib.sha256(data).hexdigest()}  {kind}"
    GUARDED.write_text("".join(lines[k] + "\n" for k in sorted(lines)), encoding="ascii")


# --- the deck -----------------------------------------------------------------

DECK_LAYOUTS = {  # default layout index -> (name, {placeholder idx: (left, top, width, height) in inches})
    0: ("Title Slide", {0: (0.8, 1.6, 11.7, 1.9), 1: (0.8, 3.65, 11.7, 2.2)}),
    9: ("Agenda", {0: (0.6, 0.3, 12.1, 1.05), 1: (0.6, 1.55, 12.1, 4.95)}),
    2: ("Section Header", {0: (0.8, 2.3, 11.7, 1.5), 1: (0.8, 3.9, 11.7, 1.2)}),
    1: ("Title and Content", {0: (0.6, 0.3, 12.1, 1.05), 1: (0.6, 1.55, 12.1, 4.95)}),
    7: ("Content and Chart", {0: (0.6, 0.3, 12.1, 1.05), 1: (0.6, 1.55, 12.1, 4.3), 2: (0.6, 5.95, 12.1, 0.6)}),
    8: ("Key Numbers", {0: (0.6, 0.3, 12.1, 1.05)}),
    3: ("Two Content", {0: (0.6, 0.3, 12.1, 1.05), 1: (0.6, 1.55, 5.9, 4.95), 2: (6.8, 1.55, 5.9, 4.95)}),
    5: ("Title Only", {0: (0.6, 0.3, 12.1, 1.05)}),
    10: ("Closing", {0: (0.8, 2.3, 11.7, 1.5), 1: (0.8, 3.9, 11.7, 1.6)}),
}
LAYOUT_TYPES = {"Agenda": "obj", "Key Numbers": "titleOnly", "Closing": "secHead"}  # for PowerPoint's re-mapping
BANDED = ("Title Slide", "Section Header", "Closing")  # an accent bar down the left edge, no title rule
TITLE_AT_FOOT = ("Title Slide", "Section Header", "Closing")


def make_deck(path: Path) -> None:

    from lxml import etree
    from pptx import Presentation
    from pptx.dml.color import RGBColor as PRGB
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR
    from pptx.oxml.ns import qn as pqn
    from pptx.util import Emu, Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    master = prs.slide_master
    scale = 13.333 / 10
    for ph in master.placeholders:
        ph.left, ph.width = Emu(int(ph.left * scale)), Emu(int(ph.width * scale))
    id_list = master._element.find(pqn("p:sldLayoutIdLst"))
    for index, layout in reversed(list(enumerate(master.slide_layouts))):
        if index not in DECK_LAYOUTS:
            master.part.drop_rel(id_list[index].get(pqn("r:id")))
            id_list.remove(id_list[index])
            continue
        name, boxes = DECK_LAYOUTS[index]
        layout.name = name
        if name in LAYOUT_TYPES:
            layout._element.set("type", LAYOUT_TYPES[name])
        for ph in list(layout.placeholders):
            idx = ph.placeholder_format.idx
            if idx in boxes:
                left, top, width, height = boxes[idx]
                ph.left, ph.top, ph.width, ph.height = Inches(left), Inches(top), Inches(width), Inches(height)
            elif idx < 10:  # a placeholder this layout does not use
                ph._element.getparent().remove(ph._element)
                continue
            else:
                ph.left, ph.width = Emu(int(ph.left * scale)), Emu(int(ph.width * scale))
            for vertical in (ph._element.find(".//" + pqn("a:bodyPr")), ph._element.find(".//" + pqn("p:ph"))):
                for attribute in ("vert", "orient"):  # layouts made from the vertical-text ones
                    vertical.attrib.pop(attribute, None)
            ph.name = ph.name.replace("Vertical ", "")
            if idx == 0:
                ph.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM if name in TITLE_AT_FOOT else MSO_ANCHOR.MIDDLE
                ph.text_frame.margin_top = ph.text_frame.margin_bottom = Inches(0.05)
            if name == "Content and Chart" and idx == 1:
                ph._element.find(".//" + pqn("p:ph")).set("type", "chart")
                ph.name = "Chart Placeholder 2"
    # Layouts in the order a deck uses them.
    order = sorted(DECK_LAYOUTS, key=list(DECK_LAYOUTS).index)
    entries = {index: entry for index, entry in zip(sorted(DECK_LAYOUTS), list(id_list))}
    for entry in list(id_list):
        id_list.remove(entry)
    for index in order:
        id_list.append(entries[index])

    # Theme fonts and title colour.
    theme_part = next(r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme"))
    theme = etree.fromstring(theme_part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for latin in theme.xpath("//a:majorFont/a:latin | //a:minorFont/a:latin", namespaces=ns):
        latin.set("typeface", THEME.font)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    tx = master._element.find(pqn("p:txStyles"))
    title_rpr = tx.find(pqn("p:titleStyle")).find(pqn("a:lvl1pPr")).find(pqn("a:defRPr"))
    title_rpr.set("b", "1")
    title_rpr.set("sz", "2600")
    for fill in title_rpr.findall(pqn("a:solidFill")):
        title_rpr.remove(fill)
    fill = etree.SubElement(title_rpr, pqn("a:solidFill"))
    etree.SubElement(fill, pqn("a:srgbClr")).set("val", THEME.accent)
    title_rpr.insert(0, fill)
    title_ppr = tx.find(pqn("p:titleStyle")).find(pqn("a:lvl1pPr"))
    title_ppr.set("algn", "l")
    line_spacing = etree.Element(pqn("a:lnSpc"))  # titles set tight, as in Office's own themes
    etree.SubElement(line_spacing, pqn("a:spcPct")).set("val", "90000")
    title_ppr.insert(0, line_spacing)
    body = tx.find(pqn("p:bodyStyle"))
    for level, size in (("a:lvl1pPr", 2000), ("a:lvl2pPr", 1800), ("a:lvl3pPr", 1600)):
        rpr = body.find(pqn(level)).find(pqn("a:defRPr"))
        rpr.set("sz", str(size))
        for old in rpr.findall(pqn("a:solidFill")):
            rpr.remove(old)
        f = etree.Element(pqn("a:solidFill"))
        etree.SubElement(f, pqn("a:srgbClr")).set("val", THEME.text)
        rpr.insert(0, f)

    # Masters and layouts have no add_shape: draw on a scratch slide, then move the XML.
    scratch = prs.slides.add_slide(master.slide_layouts[-1])

    def rectangle(target_shapes, name, left, top, width, height):
        shape = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
        shape.fill.solid()
        shape.fill.fore_color.rgb = PRGB.from_string(THEME.accent)
        shape.line.fill.background()
        shape.shadow.inherit = False
        shape.name = name
        mark_decorative(shape._element.nvSpPr.cNvPr)  # a rule or a band says nothing: screen readers skip it
        target_shapes._spTree.append(shape._element)

    # A plain white background, as the writers' text colours assume (the template guard makes any other so).
    c_sld = master._element.find(pqn("p:cSld"))
    for old in c_sld.findall(pqn("p:bg")):
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(WHITE_BACKGROUND))
    # A thin accent rule under the title area, on every slide through the master.
    rectangle(master.shapes, "Title Rule", Inches(0.6), Inches(1.38), Inches(12.1), Inches(0.03))
    # Title and section slides: no rule; an accent bar down the left edge, clear of the markings.
    for layout in master.slide_layouts:
        if layout.name in BANDED:
            layout._element.set("showMasterSp", "0")
            rectangle(layout.shapes, "Accent Band", 0, 0, Inches(0.3), prs.slide_height)
    slide_ids = prs.slides._sldIdLst
    prs.part.drop_rel(slide_ids[0].rId)
    slide_ids.remove(slide_ids[0])

    # Text as written: no layout or master style sets capitals (the stock Section Header does).
    for element in [master._element, *(layout._element for layout in master.slide_layouts)]:
        for props in element.iter(pqn("a:defRPr"), pqn("a:rPr"), pqn("a:endParaRPr")):
            if props.get("cap") == "all":
                del props.attrib["cap"]
    # The theme's first accent is the house accent: the default table style's header (white text on
    # accent 1) then reads at 8.9:1, not the stock light blue's 3.9:1.
    theme = etree.fromstring(theme_part.blob)
    for accent in theme.xpath("//a:clrScheme/a:accent1/*", namespaces=ns):
        for attribute in list(accent.attrib):
            del accent.attrib[attribute]
        accent.tag = pqn("a:srgbClr")
        accent.set("val", THEME.accent)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    # No stock thumbnail, no "screen4x3" on a 16:9 size, an honest app.xml, en-GB text styles.
    from reportgen.deck import pptx_parts

    pptx_parts.finish(prs, [], "en-GB")

    save(prs, path, "reportgen deck template")


if __name__ == "__main__":
    make_briefing(ROOT / "reportgen" / "templates" / "briefing.docx")
    print("wrote reportgen/templates/briefing.docx")
    make_deck(ROOT / "reportgen" / "templates" / "deck.pptx")
    print("wrote reportgen/templates/deck.pptx")
