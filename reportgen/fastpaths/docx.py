"""python-docx's fast paths (see the package's docstring): on only for the versions in VERIFIED."""

from __future__ import annotations

import re

from . import compile_xpath_once, enabled, find_successors_in_one_pass, storing

DISTRIBUTION = "python-docx"
VERIFIED = ("1.2.0",)  # each path here was checked byte-identical against these releases


def on() -> bool:
    return enabled(DISTRIBUTION, VERIFIED)


def apply() -> None:
    """The patches below, once per process, if this version of python-docx was verified."""
    if on():
        _find_default_styles_in_xpath()
        _look_up_style_ids_once()
        compile_xpath_once("docx")
        find_successors_in_one_pass("docx")
        _store_entries_when_asked()


SPECIAL = re.compile(r"[\t\r\n]")  # characters python-docx writes as elements of their own


def new_run(paragraph, text: str):
    """paragraph.add_run(text): a text without tabs or line breaks goes into one w:t at once, as python-docx
    puts it there after reading the text a character at a time."""
    if not on() or not text or SPECIAL.search(text):
        return paragraph.add_run(text)
    from docx.text.run import Run

    r = paragraph._p.add_r()
    r.add_t(text)
    return Run(r, paragraph)


def _find_default_styles_in_xpath() -> None:
    """python-docx looks for the default style of a type (on every `paragraph.style = ...`) by reading the
    type and default attributes of every style in Python; a note sets thousands of styles. One XPath query
    (in lxml's C code) gives the same answer: the last style of that type marked default."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.styles import CT_Styles

    if getattr(CT_Styles.default_for, "in_xpath", False):
        return

    def default_for(self, style_type):
        kind = WD_STYLE_TYPE.to_xml(style_type)
        of_type = f'@w:type="{kind}"' + (" or not(@w:type)" if style_type == WD_STYLE_TYPE.PARAGRAPH else "")
        found = self.xpath(f'w:style[({of_type}) and (@w:default="1" or @w:default="true" or @w:default="on")]')
        return found[-1] if found else None

    default_for.in_xpath = True
    CT_Styles.default_for = default_for


def _look_up_style_ids_once() -> None:
    """A style set by name is looked up once per document: the note sets a few styles thousands of times."""
    from docx.parts.document import DocumentPart

    look_up = DocumentPart.get_style_id
    if getattr(look_up, "remembered", False):
        return

    def get_style_id(self, style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return look_up(self, style_or_name, style_type)
        known = self.__dict__.setdefault("_reportgen_style_ids", {})
        styles = self.__dict__.get("_reportgen_styles")
        if styles is None:  # the styles part's element, found once (python-docx finds it on each call)
            styles = self.__dict__["_reportgen_styles"] = self.styles.element
        key = (style_or_name, style_type, len(styles))  # a style added since: looked up again
        if key not in known:
            known[key] = look_up(self, style_or_name, style_type)
        return known[key]

    get_style_id.remembered = True
    DocumentPart.get_style_id = get_style_id


def _store_entries_when_asked() -> None:
    """Within fastpaths.entries_stored(), the package's zip stores its entries (normalising deflates them)."""
    from zipfile import ZIP_STORED, ZipFile

    from docx.opc.phys_pkg import _ZipPkgWriter

    deflating = _ZipPkgWriter.__init__
    if getattr(deflating, "stores_when_asked", False):
        return

    def __init__(self, pkg_file):
        if storing():
            self._zipf = ZipFile(pkg_file, "w", compression=ZIP_STORED)
        else:
            deflating(self, pkg_file)

    __init__.stores_when_asked = True
    _ZipPkgWriter.__init__ = __init__
