"""The few places reportgen writes raw Office Open XML that python-docx/pptx have no API for."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from pptx.oxml.ns import qn as pqn

P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


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


def add_hyperlink(paragraph, url: str, text: str, colour: str) -> None:
    """A clickable external link."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
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


# --- PowerPoint ---------------------------------------------------------------


def set_pptx_alt_text(shape, description: str) -> None:
    """Alt text of a picture or graphic frame on a slide."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", description)


def add_slide_number_field(paragraph) -> None:
    """A slide-number field (renders as the slide's number)."""
    fld = etree.SubElement(paragraph._p, pqn("a:fld"))
    fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    fld.set("type", "slidenum")
    etree.SubElement(fld, pqn("a:rPr")).set("lang", "en-GB")
    etree.SubElement(fld, pqn("a:t")).text = "‹#›"


def set_sections(presentation, sections: list[tuple[str, list[int]]]) -> None:
    """PowerPoint sections (p14:sectionLst): (name, slide ids) in order."""
    prs = presentation.part._element
    ext_lst = prs.find(pqn("p:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(prs, pqn("p:extLst"))
    for old in ext_lst.findall(pqn("p:ext")):
        if old.get("uri") == SECTIONS_EXT_URI:
            ext_lst.remove(old)
    ext = etree.SubElement(ext_lst, pqn("p:ext"))
    ext.set("uri", SECTIONS_EXT_URI)
    section_list = etree.SubElement(ext, f"{{{P14_NS}}}sectionLst", nsmap={"p14": P14_NS})
    for index, (name, slide_ids) in enumerate(sections):
        section = etree.SubElement(section_list, f"{{{P14_NS}}}section")
        section.set("name", name)
        section.set("id", "{%08X-0000-4000-8000-%012X}" % (index + 1, index + 1))
        id_list = etree.SubElement(section, f"{{{P14_NS}}}sldIdLst")
        for slide_id in slide_ids:
            etree.SubElement(id_list, f"{{{P14_NS}}}sldId").set("id", str(slide_id))


def no_bullet(paragraph) -> None:
    """A paragraph in a bulleted body that shows no bullet (a column heading)."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", "0")
    p_pr.set("indent", "0")
    etree.SubElement(p_pr, pqn("a:buNone"))


def positive_axis_ids(chart) -> None:
    """Renumber a chart's axis ids 1, 2, ...: python-pptx writes negative ones, which the schema
    (c:axId is an unsignedInt) refuses."""
    space = chart._chartSpace
    ids: dict[str, str] = {}
    for element in space.xpath(".//c:axId | .//c:crossAx"):
        value = element.get("val")
        element.set("val", ids.setdefault(value, str(len(ids) + 1)))
