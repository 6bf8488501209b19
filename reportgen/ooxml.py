"""The few places reportgen writes raw Office Open XML for slides and charts that python-pptx has no API
for (Word's are in wordml.py)."""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn as pqn

P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


# --- PowerPoint ---------------------------------------------------------------


def set_pptx_alt_text(shape, description: str) -> None:
    """Alt text of a picture or graphic frame on a slide."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", description)


DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # Office's "Mark as decorative"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_decorative(c_nv_pr) -> None:
    """Mark a drawing decorative (p:cNvPr of a slide shape, wp:docPr of a Word drawing): screen readers
    pass over it, and an exported PDF may make it an artifact. Its alt text, which would be read, goes."""
    c_nv_pr.attrib.pop("descr", None)
    ext_lst = c_nv_pr.find(pqn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, pqn("a:extLst"))  # last child, as the schema orders it
    if any(ext.get("uri") == DECORATIVE_EXT for ext in ext_lst):
        return
    ext = etree.SubElement(ext_lst, pqn("a:ext"))
    ext.set("uri", DECORATIVE_EXT)
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS}).set("val", "1")


def is_decorative(c_nv_pr) -> bool:
    """Whether a drawing is marked decorative (mark_decorative)."""
    flags = c_nv_pr.findall(f"{pqn('a:extLst')}/{pqn('a:ext')}[@uri='{DECORATIVE_EXT}']/{{{DECORATIVE_NS}}}decorative")
    return any(flag.get("val") in ("1", "true") for flag in flags)


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


def chart_text_unwrapped(element) -> None:
    """Text bodies of chart labels under element kept on one line (a:bodyPr wrap="none"): LibreOffice
    otherwise wraps a data label to the bar's height, even inside a number ("US$1,20 / 1")."""
    for body in element.iter(pqn("a:bodyPr")):
        body.set("wrap", "none")


def set_plot_area_layout(chart, x: float, y: float, width: float, height: float) -> None:
    """Place a chart's plot area (its inner rectangle) at fractions of the chart's size
    (c:plotArea/c:layout/c:manualLayout): python-pptx sets a legend's layout, not the plot area's."""
    plot_area = chart._chartSpace.find(f"{pqn('c:chart')}/{pqn('c:plotArea')}")
    layout = plot_area.find(pqn("c:layout"))
    if layout is None:
        layout = etree.Element(pqn("c:layout"))
        plot_area.insert(0, layout)
    for old in list(layout):
        layout.remove(old)
    manual = etree.SubElement(layout, pqn("c:manualLayout"))
    for name, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                        ("x", x), ("y", y), ("w", width), ("h", height)):
        etree.SubElement(manual, pqn(f"c:{name}")).set("val", f"{value:.4f}" if isinstance(value, float) else value)


def axis_at_far_end(axis) -> None:
    """Place an axis where the axis it crosses ends (c:crosses "max"): a value scale under bars whose
    categories run top to bottom (python-pptx sets this only on the other axis)."""
    crosses = axis._element.find(pqn("c:crosses"))
    if crosses is not None:
        crosses.set("val", "max")


def plain_chart_area(chart) -> None:
    """A chart area with square corners, no fill and no border (c:roundedCorners 0, c:spPr): Office
    rounds the corners of a chart that does not say otherwise, and LibreOffice draws a frame."""
    space = chart._chartSpace
    for old in space.findall(pqn("c:roundedCorners")) + space.findall(pqn("c:spPr")):
        space.remove(old)
    corners = etree.Element(pqn("c:roundedCorners"))
    corners.set("val", "0")
    before = [pqn(f"c:{name}") for name in ("date1904", "lang")]
    leading = [child for child in space if child.tag in before]
    space.insert(space.index(leading[-1]) + 1 if leading else 0, corners)
    area = etree.Element(pqn("c:spPr"))
    etree.SubElement(area, pqn("a:noFill"))
    etree.SubElement(etree.SubElement(area, pqn("a:ln")), pqn("a:noFill"))
    space.find(pqn("c:chart")).addnext(area)


def positive_axis_ids(chart) -> None:
    """Renumber a chart's axis ids 1, 2, ...: python-pptx writes negative ones, which the schema
    (c:axId is an unsignedInt) refuses."""
    space = chart._chartSpace
    ids: dict[str, str] = {}
    for element in space.xpath(".//c:axId | .//c:crossAx"):
        value = element.get("val")
        element.set("val", ids.setdefault(value, str(len(ids) + 1)))
