"""The deck's raw XML, in named functions: bullets, no capitals, language tags, true app.xml, slide size,
no thumbnail."""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn

from .. import docprops
from ..fastpaths import pptx as fast
from ..scripts import segments
from ..theme import THEME

BULLET_CHAR = "•"


def bullet(paragraph, indent_emu: int, mark: bool = True) -> None:
    """A bulleted paragraph with a hanging indent of this width, whatever the layout's own list style;
    mark=False: the rest of a bulleted paragraph on a new slide, indented as one, without the bullet."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(int(indent_emu)))
    p_pr.set("indent", str(-int(indent_emu) if mark else 0))
    for old in p_pr.findall(qn("a:buNone")) + p_pr.findall(qn("a:buChar")) + p_pr.findall(qn("a:buAutoNum")):
        p_pr.remove(old)
    if mark:
        etree.SubElement(p_pr, qn("a:buChar")).set("char", BULLET_CHAR)
    else:
        etree.SubElement(p_pr, qn("a:buNone"))


def no_caps(run) -> None:
    """Text as written: a layout's title style may set all capitals (cap="all"); the run says none."""
    run._r.get_or_add_rPr().set("cap", "none")


_FONT_SLOTS = {"complex": "a:cs", "east-asian": "a:ea"}


def add_text(paragraph, text: str, language: str) -> list:
    """text appended to the paragraph as runs tagged with their language: the document's, or for a stretch
    in another script (reportgen.scripts) that script's language, with the house font for complex scripts."""
    runs = []
    for segment in segments(text):
        if not segment.text:
            continue
        slot = _FONT_SLOTS.get(segment.kind)
        face = (qn(slot), _face(segment.kind)) if slot else None
        run = fast.new_run(paragraph, segment.text, segment.language or language, face)
        if run is not None:
            runs.append(run)
            continue
        run = paragraph.add_run()
        run.text = segment.text
        tag_language(run._r.get_or_add_rPr(), segment.language or language, segment.kind)
        runs.append(run)
    return runs


def _face(kind: str) -> str:
    return THEME.complex_script_font if kind == "complex" else THEME.font


def tag_language(r_pr, language: str, kind: str = "latin") -> None:
    """lang on a run's properties; text in a complex or east-Asian script also names its font slot's face."""
    r_pr.set("lang", language)
    slot = _FONT_SLOTS.get(kind)
    if slot and r_pr.find(qn(slot)) is None:
        font = r_pr.makeelement(qn(slot), {"typeface": _face(kind)})
        later = ("a:cs",) if slot == "a:ea" else ()
        r_pr.insert_element_before(font, *later, "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def finish(prs, titles: list[str], language: str) -> None:
    """A true app.xml, a slide size not marked with a type it does not have, no template thumbnail, and the
    document's language as the default of the presentation's, the master's and the notes' text styles."""
    _slide_size(prs)
    _default_language(prs, language)
    _drop_thumbnail(prs)
    _app_xml(prs, titles)


def _default_language(prs, language: str) -> None:
    """lang on every default run property of the presentation, its masters and the notes master."""
    elements = [prs.part._element, *(m._element for m in prs.slide_masters)]
    if prs.part.package is not None:
        elements += [part._element for part in prs.part.package.iter_parts()
                     if str(part.partname).startswith("/ppt/notesMasters/") and hasattr(part, "_element")]
    for element in elements:
        for default in element.iter(qn("a:defRPr")):
            default.set("lang", language)


def _slide_size(prs) -> None:
    size = prs.part._element.find(qn("p:sldSz"))
    width, height = int(size.get("cx")), int(size.get("cy"))
    kind = size.get("type")
    # The types PowerPoint knows by name; a 13.333 x 7.5 in slide (16:9 widescreen) has none.
    named = {"screen4x3": (9144000, 6858000), "screen16x9": (9144000, 5143500), "screen16x10": (9144000, 5715000)}
    if kind and named.get(kind) != (width, height):
        del size.attrib["type"]


def _drop_thumbnail(prs) -> None:
    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype == docprops.THUMBNAIL_REL:
            package._rels.pop(rel.rId)


def _presentation_format(prs) -> str:
    ratio = prs.slide_width / prs.slide_height
    if abs(ratio - 4 / 3) < 0.01:
        return "On-screen Show (4:3)"
    if abs(ratio - 16 / 9) < 0.01:
        return "Widescreen"
    if abs(ratio - 16 / 10) < 0.01:
        return "On-screen Show (16:10)"
    return "Custom"


def _app_xml(prs, titles: list[str]) -> None:
    notes = sum(1 for s in prs.slides if s.has_notes_slide)
    xml = docprops.app_xml((_presentation_format(prs), notes, titles))
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = xml
            return
