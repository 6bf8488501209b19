"""python-pptx's fast paths (see the package's docstring): on only for the versions in VERIFIED.

The patches (`apply`) replace python-pptx's own methods; the writers' helpers (`set_run_font`,
`set_paragraph`, `set_cell`) write a new element's properties as python-pptx writes them, and return
False (nothing done) when off, so the writer takes python-pptx's properties; `point_formats` adds a
chart series' point formats as python-pptx does, or (off) asks python-pptx for them."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.simpletypes import ST_Coordinate32, ST_TextFontSize, ST_TextSpacingPercentOrPercentString, \
    ST_TextSpacingPoint
from pptx.util import Pt

from . import compile_xpath_once, enabled, find_successors_in_one_pass, storing

DISTRIBUTION = "python-pptx"
VERIFIED = ("1.0.2",)  # each path here was checked byte-identical against these releases


def on() -> bool:
    return enabled(DISTRIBUTION, VERIFIED)


def apply() -> None:
    """The patches below, once per process, if this version of python-pptx was verified."""
    if on():
        _name_parts_without_walking_the_package()
        _index_relationships()
        _write_relationships_once()
        _store_entries_when_asked()
        _find_placeholders_directly()
        _clone_placeholders_once()
        compile_xpath_once("pptx")
        find_successors_in_one_pass("pptx")


def _name_parts_without_walking_the_package() -> None:
    """python-pptx names each new part (notes slide, chart, workbook) by walking every relationship of the
    package to find the names in use: quadratic in slides (a 60-topic deck spent most of its time there).
    Instead, the names in use are collected once per package and per name pattern, then counted on."""
    from pptx.opc.package import OpcPackage
    from pptx.opc.packuri import PackURI

    if getattr(OpcPackage.next_partname, "counted", False):
        return
    import weakref

    used: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def next_partname(self, tmpl: str) -> PackURI:
        names = used.setdefault(self, {})
        if tmpl not in names:
            prefix = tmpl[: (tmpl % 42).find("42")]
            names[tmpl] = {str(p.partname) for p in self.iter_parts() if p.partname.startswith(prefix)}
        taken = names[tmpl]
        n = len(taken) + 1
        while tmpl % n in taken:  # a gap below is left alone: names stay unique and deterministic
            n += 1
        taken.add(tmpl % n)
        return PackURI(tmpl % n)

    next_partname.counted = True
    OpcPackage.next_partname = next_partname


def _clone_placeholders_once() -> None:
    """python-pptx clones a layout's placeholders onto each new slide (and the notes master's onto each new
    notes slide) one by one, working out every clone's id and name from what the slide already holds: a
    new slide holds nothing else, so the clones are the same XML each time. Here the clones a layout (or
    notes master) gave a new slide are kept, per part, and copies of them go onto the next new slide whose
    shape tree is the same as that one's was; any other slide is cloned onto by python-pptx."""
    import copy
    import weakref

    from lxml import etree
    from pptx.oxml.ns import qn
    from pptx.shapes.shapetree import SlideShapes
    from pptx.slide import NotesSlide

    if getattr(SlideShapes.clone_layout_placeholders, "copied", False):
        return
    clone_layout, clone_master = SlideShapes.clone_layout_placeholders, NotesSlide.clone_master_placeholders
    kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # source part -> (blank tree, clones)
    extension = qn("p:extLst")

    def cloned(tree, source_part, clone) -> None:
        blank = etree.tostring(tree)
        found = kept.get(source_part)
        if found is not None and found[0] == blank:
            for element in found[1]:
                tree.append(copy.deepcopy(element))
            return
        before = len(tree)
        clone()
        if tree.find(extension) is None:  # clones are appended only to a tree without extensions
            kept[source_part] = (blank, [copy.deepcopy(element) for element in tree[before:]])

    def clone_layout_placeholders(self, slide_layout) -> None:
        cloned(self._spTree, slide_layout.part, lambda: clone_layout(self, slide_layout))

    def clone_master_placeholders(self, notes_master) -> None:
        cloned(self.shapes._spTree, notes_master.part, lambda: clone_master(self, notes_master))

    clone_layout_placeholders.copied = True
    SlideShapes.clone_layout_placeholders = clone_layout_placeholders
    NotesSlide.clone_master_placeholders = clone_master_placeholders


def _index_relationships() -> None:
    """python-pptx finds a relationship (is this slide already related? which part is the notes master?)
    and a slide's id by scanning every relationship of the presentation part, which has one per slide:
    quadratic in slides. Here each collection keeps an index, updated as relationships are added and
    rebuilt after one is removed; a slide's id is looked up from the newest slide back."""
    from collections import defaultdict

    from pptx.opc.package import _Relationships
    from pptx.parts.presentation import PresentationPart

    if getattr(_Relationships._get_matching, "indexed", False):
        return
    add, pop, load = _Relationships._add_relationship, _Relationships.pop, _Relationships.load_from_xml

    def index(self) -> tuple[dict, dict]:
        found = self.__dict__.get("_reportgen_index")
        if found is None:
            by_type, by_target = defaultdict(list), {}
            for rel in self.values():
                by_type[rel.reltype].append(rel)
                by_target.setdefault(_target_key(rel), rel.rId)
            found = self.__dict__["_reportgen_index"] = (by_type, by_target)
        return found

    def _target_key(rel) -> tuple:
        return (rel.reltype, rel.is_external, rel.target_ref if rel.is_external else id(rel.target_part))

    def added(self, reltype, target, is_external=False):
        rId = add(self, reltype, target, is_external)
        if "_reportgen_index" in self.__dict__:
            by_type, by_target = self.__dict__["_reportgen_index"]
            rel = self._rels[rId]
            by_type[reltype].append(rel)
            by_target.setdefault(_target_key(rel), rId)
        return rId

    def popped(self, rId):
        self.__dict__.pop("_reportgen_index", None)
        return pop(self, rId)

    def loaded(self, *args, **kwargs):
        self.__dict__.pop("_reportgen_index", None)
        return load(self, *args, **kwargs)

    def get_matching(self, reltype, target, is_external=False):
        key = (reltype, is_external, target if is_external else id(target))
        return index(self)[1].get(key)

    def by_reltype(self):
        return index(self)[0]

    get_matching.indexed = True
    _Relationships._add_relationship = added
    _Relationships.pop = popped
    _Relationships.load_from_xml = loaded
    _Relationships._get_matching = get_matching
    _Relationships._rels_by_reltype = property(by_reltype)

    def slide_id(self, slide_part):
        known = self.__dict__.setdefault("_reportgen_slide_ids", {})
        if id(slide_part) in known:
            return known[id(slide_part)][1]
        for sld_id in reversed(self._element.sldIdLst):
            part = self.related_part(sld_id.rId)
            known[id(part)] = (part, sld_id.id)  # the part is kept, so its id() is never reused
            if part is slide_part:
                return sld_id.id
        raise ValueError("matching slide_part not found")

    PresentationPart.slide_id = slide_id

    # A new slide's id is one more than the largest in use, which python-pptx finds by reading every id.
    from pptx.oxml.presentation import CT_SlideIdList

    next_id = CT_SlideIdList._next_id.fget
    last = {"list": None, "count": -1, "largest": 0}  # the list element last numbered (held: its id() stays its)

    def counted_next_id(self) -> int:
        if last["list"] is self and last["count"] == len(self) - 1 and self[-1].get("id", "").isdigit():
            largest = max(last["largest"], int(self[-1].get("id")))  # one slide added since: only its id is new
        elif last["list"] is self and last["count"] == len(self):
            largest = last["largest"]
        else:
            largest = next_id(self) - 1  # another deck, or slides removed: read every id once
        last.update(list=self, count=len(self), largest=largest)
        return largest + 1 if largest < 2147483647 else next_id(self)

    CT_SlideIdList._next_id = property(counted_next_id)


def _write_relationships_once() -> None:
    """A part's relationships are written as XML (a .rels file) from scratch at every save, element by
    element; most are the same in every deck (a layout's master, a slide's layout and notes). The XML is a
    function of the relationships (id, type, target, external), in python-pptx's numerical order: it is
    kept by them, up to _KEPT_RELS sets, and written once."""
    from pptx.opc.package import _Relationships

    write = _Relationships.xml.fget
    if getattr(write, "kept", False):
        return
    kept: dict[tuple, bytes] = {}

    def kept_xml(self) -> bytes:
        key = tuple((rel.rId, rel.reltype, rel.target_ref, rel.is_external) for rel in self.values())
        found = kept.get(key)
        if found is None:
            if len(kept) >= _KEPT_RELS:
                kept.clear()
            found = kept[key] = write(self)
        return found

    kept_xml.kept = True
    _Relationships.xml = property(kept_xml)


_KEPT_RELS = 1024


def _find_placeholders_directly() -> None:
    """Whether a shape is a placeholder is asked of every shape each time a slide's shapes are listed:
    python-pptx evaluates the XPath "./*[1]/p:nvPr/p:ph" each time. The same element found by walking
    there: the first element child, its p:nvPr children in order, the first p:ph in one of them."""
    from pptx.oxml.ns import qn
    from pptx.oxml.shapes.shared import BaseShapeElement

    if getattr(BaseShapeElement.ph.fget, "direct", False):
        return
    properties, placeholder = qn("p:nvPr"), qn("p:ph")

    def ph(self):
        for first in self.iterchildren("*"):  # elements only, as XPath's *
            for nv_pr in first.iterchildren(properties):
                found = nv_pr.find(placeholder)
                if found is not None:
                    return found
            return None
        return None

    ph.direct = True
    BaseShapeElement.ph = property(ph)


def _store_entries_when_asked() -> None:
    """Within fastpaths.entries_stored(), the package's zip stores its entries (normalising deflates them)."""
    import zipfile

    from pptx.opc.serialized import _ZipPkgWriter
    from pptx.util import lazyproperty

    deflating = _ZipPkgWriter.__dict__["_zipf"]
    if getattr(deflating, "stores_when_asked", False):
        return

    def _zipf(self) -> zipfile.ZipFile:
        if not storing():
            return deflating._fget(self)
        return zipfile.ZipFile(self._pkg_file, "w", compression=zipfile.ZIP_STORED, strict_timestamps=False)

    kept = lazyproperty(_zipf)
    kept.stores_when_asked = True
    _ZipPkgWriter._zipf = kept


# --- the writer's new runs, paragraphs and cells ----------------------------------

def new_run(paragraph, text: str, language: str, face: tuple[str, str] | None = None):
    """A new run of `text` at the end of the paragraph (before its end properties), its properties saying
    its language (and, for a complex or east-Asian script, that slot's face: (tag, typeface)), written as
    python-pptx's add_run, run text and get_or_add_rPr write them and the deck's tag_language sets them;
    the run, or None (nothing done) when off."""
    if not on():
        return None
    from pptx.oxml.text import CT_RegularTextRun
    from pptx.text.text import _Run

    p = paragraph._p
    r = p.makeelement(_R, {})
    r_pr = r.makeelement(_RPR, {"lang": language})
    if face is not None:
        r_pr.append(r_pr.makeelement(face[0], {"typeface": face[1]}))
    r.append(r_pr)
    t = r.makeelement(_T, {})
    t.text = CT_RegularTextRun._escape_ctrl_chars(text)
    r.append(t)
    end = p.find(_END_PARA)
    if end is None:
        p.append(r)
    else:
        end.addprevious(r)
    return _Run(r, paragraph)


_R, _T, _END_PARA = qn("a:r"), qn("a:t"), qn("a:endParaRPr")


_LANGUAGE_FACES = frozenset((qn("a:ea"), qn("a:cs")))


def set_run_font(r, size: float, bold: bool, colour: str) -> bool:
    """A new run's size, weight, colour and no capitals, written as python-pptx writes them (sz, b, cap in
    that order after lang; a solid fill first among the properties' children, before a script's face),
    without its property machinery; False (nothing done) for a run it was not made for."""
    r_pr = r.find(_RPR) if on() else None
    if r_pr is None or not isinstance(bold, bool) or len(r_pr.attrib) != 1 or "lang" not in r_pr.attrib \
            or any(child.tag not in _LANGUAGE_FACES for child in r_pr):
        return False
    sz = Pt(size).centipoints
    ST_TextFontSize.validate(sz)
    r_pr.set("sz", str(sz))
    r_pr.set("b", "1" if bold else "0")
    fill = r_pr.makeelement(_SOLID_FILL, {})
    fill.append(fill.makeelement(_SRGB, {"val": str(RGBColor.from_string(colour))}))
    r_pr.insert(0, fill)
    r_pr.set("cap", "none")
    return True


_RPR, _SOLID_FILL, _SRGB = qn("a:rPr"), qn("a:solidFill"), qn("a:srgbClr")


def set_paragraph(p, after: int, bulleted: bool, mark: bool, indent: int, bullet_char: str) -> bool:
    """A new, empty paragraph's spacing (none before, `after` EMU after, single lines), bullet or none and
    left alignment (a bullet hangs by `indent` EMU), written as python-pptx and the deck's bullet / no_bullet
    write them (lnSpc, spcBef, spcAft, then the bullet; marL, indent, algn); False (nothing done) for a
    paragraph with content."""
    if not on() or len(p) or p.attrib:
        return False
    p_pr = p.makeelement(_PPR, {})
    if bulleted:
        p_pr.set("marL", str(indent))
        p_pr.set("indent", str(-indent if mark else 0))
    else:
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
    p_pr.set("algn", _LEFT)
    for tag, kind, value in ((_LN_SPC, _SPC_PCT, ST_TextSpacingPercentOrPercentString.to_xml(1.0)),
                             (_SPC_BEF, _SPC_PTS, ST_TextSpacingPoint.to_xml(Pt(0))),
                             (_SPC_AFT, _SPC_PTS, ST_TextSpacingPoint.to_xml(after))):
        spacing = p_pr.makeelement(tag, {})
        spacing.append(spacing.makeelement(kind, {"val": value}))
        p_pr.append(spacing)
    p_pr.append(p_pr.makeelement(_BU_CHAR, {"char": bullet_char}) if bulleted and mark
                else p_pr.makeelement(_BU_NONE, {}))
    p.append(p_pr)
    return True


def set_cell(tc, margin_x: int, margin_y: int, fill: str) -> bool:
    """A new table cell's margins and solid fill, written as python-pptx writes them (marL, marR, marT, marB
    on its empty a:tcPr, then the fill); False (nothing done) for a cell whose properties are not empty."""
    tc_pr = tc.find(_TC_PR) if on() else None
    if tc_pr is None or len(tc_pr) or tc_pr.attrib:
        return False
    for name, value in (("marL", margin_x), ("marR", margin_x), ("marT", margin_y), ("marB", margin_y)):
        tc_pr.set(name, ST_Coordinate32.to_xml(value))
    solid = tc_pr.makeelement(_SOLID_FILL, {})
    solid.append(solid.makeelement(_SRGB, {"val": str(RGBColor.from_string(fill))}))
    tc_pr.append(solid)
    return True


_PPR, _TC_PR, _BU_CHAR, _BU_NONE = qn("a:pPr"), qn("a:tcPr"), qn("a:buChar"), qn("a:buNone")
_LN_SPC, _SPC_BEF, _SPC_AFT = qn("a:lnSpc"), qn("a:spcBef"), qn("a:spcAft")
_SPC_PCT, _SPC_PTS = qn("a:spcPct"), qn("a:spcPts")
_LEFT = PP_ALIGN.to_xml(PP_ALIGN.LEFT)


# --- charts --------------------------------------------------------------------

def point_formats(series, count: int) -> list:
    """The formats of a new series' first `count` points, in one pass. `series.points[i].format` finds
    each point's c:dPt with an XPath query over the ones added before it (quadratic in points); on a
    series without any c:dPt yet this adds the same elements, in the same order, without the lookups."""
    ser = series._element
    if not on() or ser.dPt_lst:
        return [series.points[i].format for i in range(count)]
    from pptx.dml.chtfmt import ChartFormat

    formats = []
    for idx in range(count):
        dPt = ser._add_dPt()
        dPt.idx.val = idx
        formats.append(ChartFormat(dPt))
    return formats
