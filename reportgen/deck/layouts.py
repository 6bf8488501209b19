"""The deck template: opening it, and finding the layouts the deck needs by name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError

from ..errors import FactsError, TemplateError
from ..package import open_clean

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
AREA_TYPES = (*BODY_TYPES, PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.PICTURE, PP_PLACEHOLDER.TABLE)
# The least box a title or a body can hold a line of text in (inches): a smaller one is a damaged layout.
MIN_BOX = (0.5, 0.2)


@dataclass(frozen=True)
class Need:
    """A layout the deck uses: its name, how many body placeholders it must have, and which role's
    layout stands in when a template lacks it (else the closest layout by placeholders)."""

    name: str
    bodies: int
    instead: str | None = None


NEEDS = {  # base roles first: the others fall back to them
    "title": Need("Title Slide", 1),
    "content": Need("Title and Content", 1),
    "two": Need("Two Content", 2, instead="content"),
    "title-only": Need("Title Only", 0),
    "chart": Need("Content and Chart", 1, instead="title-only"),
}


def open_deck(path: Path):
    """The template presentation with its slides removed; FactsError if it is not a .pptx."""
    try:
        prs = Presentation(open_clean(path, "pptx"))  # the guarded reader: limits, no macros or links
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise FactsError.single(str(path), f"not a PowerPoint .pptx template ({type(e).__name__}: {e})") from None
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def _has(layout, types=AREA_TYPES) -> int:
    return sum(1 for ph in layout.placeholders if ph.placeholder_format.type in types)


def resolve_layouts(prs, source: str) -> tuple[dict, list[str]]:
    """Layouts by role, and what had to stand in; TemplateError if no layout can hold a title, or a layout
    the deck uses has no title, or a title or body too small to hold a line."""
    resolved, substitutes = _resolve(prs, source)
    for role, layout in resolved.items():
        if placeholder(layout, TITLE_TYPES) is None:
            raise TemplateError.single(source, f"the layout '{layout.name}' has no title placeholder, and the deck "
                                               f"puts its {role} slides' titles there; add one in PowerPoint's "
                                               "View > Slide Master")
        for shape in [placeholder(layout, TITLE_TYPES), *bodies(layout, AREA_TYPES)]:
            width, height = (shape.width or 0) / 914400, (shape.height or 0) / 914400
            if width < MIN_BOX[0] or height < MIN_BOX[1]:
                raise TemplateError.single(source, f"the layout '{layout.name}' has a placeholder '{shape.name}' "
                                                   f"of {width:.2g} x {height:.2g} inches, too small for a line of "
                                                   f"text (at least {MIN_BOX[0]} x {MIN_BOX[1]} inches)")
    return resolved, substitutes


def _resolve(prs, source: str) -> tuple[dict, list[str]]:
    layouts = list(prs.slide_layouts)
    by_name = {layout.name: layout for layout in layouts}
    resolved, substitutes = {}, []
    for role, need in NEEDS.items():
        if need.name in by_name:
            resolved[role] = by_name[need.name]
            continue
        if need.instead:
            resolved[role] = resolved[need.instead]
            substitutes.append(f"'{need.name}' (using '{resolved[role].name}')")
            continue
        candidates = [l for l in layouts if _has(l, TITLE_TYPES) and _has(l) >= need.bodies]
        candidates.sort(key=lambda l: (_has(l) - need.bodies, layouts.index(l)))
        if not candidates:
            raise TemplateError.single(source, f"the template has no layout with a title and {need.bodies} "
                                            f"text placeholder(s) to stand in for '{need.name}'")
        resolved[role] = candidates[0]
        substitutes.append(f"'{need.name}' (using '{candidates[0].name}')")
    return resolved, substitutes


def placeholder(layout_or_slide, types):
    """The first placeholder of one of these types, or None."""
    for ph in layout_or_slide.placeholders:
        if ph.placeholder_format.type in types:
            return ph
    return None


def bodies(layout_or_slide, types=BODY_TYPES) -> list:
    """Body placeholders (or others of these types), left to right, then top to bottom."""
    found = [ph for ph in layout_or_slide.placeholders if ph.placeholder_format.type in types]
    return sorted(found, key=lambda ph: (ph.left, ph.top))


def chart_area(layout_or_slide):
    """Where a chart goes: a chart placeholder, else the first body."""
    return placeholder(layout_or_slide, (PP_PLACEHOLDER.CHART,)) or bodies(layout_or_slide, AREA_TYPES)[0]


def theme_fonts(prs) -> tuple[str, str]:
    """The latin (heading, body) font families of the deck's theme; Arial where none is named."""
    from lxml import etree

    master = prs.slide_master
    theme = next(r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme"))
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    found = [root.xpath(f"//a:{kind}/a:latin/@typeface", namespaces=ns) for kind in ("majorFont", "minorFont")]
    major, minor = ((names[0] if names and names[0] else "Arial") for names in found)
    return major, minor
