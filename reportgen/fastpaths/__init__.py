"""Fast paths: every place reportgen patches or re-implements a library's own code, one module per library.

A fast path is a speed-up that gives exactly the bytes the library's public path gives (tested). It relies
on the library's private code, which a release may change without notice; so each module names the
versions it was verified against, and on any other version (or with REPORTGEN_PURE=1) it stays off and
reportgen takes the library's public path: a build is then slower, never different. One debug-level
message says so, once per library and process.

    docx.py     python-docx: style look-ups, a note's runs, compiled XPath, successors in one pass, entries
                stored when asked
    pptx.py     python-pptx: part names, relationships, placeholders, slide ids, runs/paragraphs/cells,
                chart points, compiled XPath, successors in one pass, relationships' XML kept, entries
                stored when asked
    zipfile.py  the standard library's zipfile: a normalised zip copied without recompressing, a template's
                parts deflated once
    cpython.py  the interpreter's exit: the program ends without tearing every object down

Nothing outside this package touches a library's private classes to go faster.
"""

from __future__ import annotations

import contextvars
import logging
import os
import sys
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

log = logging.getLogger("reportgen.fastpaths")

PURE_VARIABLE = "REPORTGEN_PURE"
_decided: dict[str, bool] = {}


def pure() -> bool:
    """REPORTGEN_PURE is set (to anything but empty or 0): every fast path is off."""
    return os.environ.get(PURE_VARIABLE, "") not in ("", "0")


def installed(distribution: str) -> str:
    """The installed version of `distribution` ("python" for the interpreter: major.minor)."""
    if distribution == "python":
        return "%d.%d" % sys.version_info[:2]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def enabled(distribution: str, verified: tuple[str, ...]) -> bool:
    """Whether the fast paths for `distribution` are on in this process: not REPORTGEN_PURE, and the
    installed version is one of `verified`. Decided once per process (a patch applied stays applied)."""
    if distribution not in _decided:
        if pure():
            on = False
        else:
            found = installed(distribution)
            on = found in verified
            if not on:
                log.debug("%s %s: its fast paths are off (verified on %s only); using the library's public code",
                          distribution, found or "(not found)", ", ".join(verified))
        _decided[distribution] = on
    return _decided[distribution]


def compile_xpath_once(library: str) -> None:
    """For python-docx or python-pptx (`library` "docx" or "pptx", whose gate the caller has checked):
    XPath expressions compiled once and qualified tag names remembered.

    Both libraries compile an XPath expression on every property access of their XML element classes and
    build each qualified tag name ("p:txBody" -> "{...}txBody") anew; a deck makes tens of thousands of
    such calls. Applied once per process."""
    import importlib

    from lxml import etree

    xmlchemy = importlib.import_module(f"{library}.oxml.xmlchemy")
    ns = importlib.import_module(f"{library}.oxml.ns")
    element = xmlchemy.BaseOxmlElement
    if getattr(element.xpath, "compiled_once", False):
        return
    namespaces = next(m for m in (getattr(ns, "_nsmap", None), getattr(ns, "nsmap", None)) if isinstance(m, dict))
    compiled: dict[str, etree.XPath] = {}

    def xpath(self, xpath_str: str):
        found = compiled.get(xpath_str)
        if found is None:
            if len(compiled) > 4096:  # expressions that embed values (a style's name): kept bounded
                compiled.clear()
            found = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=namespaces)
        return found(self)

    xpath.compiled_once = True
    element.xpath = xpath
    original = ns.qn
    remembered = lru_cache(maxsize=4096)(original)
    for module in list(sys.modules.values()):  # modules that imported qn by name
        if getattr(module, "__name__", "").startswith(f"{library}.") and getattr(module, "qn", None) is original:
            module.qn = remembered


def find_successors_in_one_pass(library: str) -> None:
    """For python-docx or python-pptx (gate checked by the caller): `first_child_found_in(*tagnames)`, which
    both libraries call on every insertion of a child in schema order (`insert_element_before`), reads the
    children once instead of once per tag name. A run's properties list some forty successors; the note and
    the deck insert tens of thousands of children.

    The same element: the first child, in document order, of the earliest tag name in `tagnames` that
    any child has. Applied once per process."""
    import importlib

    xmlchemy = importlib.import_module(f"{library}.oxml.xmlchemy")
    qn = importlib.import_module(f"{library}.oxml.ns").qn
    element = xmlchemy.BaseOxmlElement
    original = element.first_child_found_in
    if getattr(original, "one_pass", False):
        return
    ranks: dict[tuple[str, ...], dict[str, int]] = {}

    def first_child_found_in(self, *tagnames: str):
        if len(tagnames) < 3:  # one or two look-ups are as quick in lxml
            return original(self, *tagnames)
        rank = ranks.get(tagnames)
        if rank is None:
            rank = ranks[tagnames] = {}
            for i, tagname in enumerate(tagnames):
                rank.setdefault(qn(tagname), i)
        found, best = None, len(tagnames)
        for child in self.iterchildren():
            i = rank.get(child.tag)
            if i is not None and i < best:
                found, best = child, i
                if not i:
                    break
        return found

    first_child_found_in.one_pass = True
    element.first_child_found_in = first_child_found_in


_storing: contextvars.ContextVar[bool] = contextvars.ContextVar("reportgen_storing", default=False)


@contextmanager
def entries_stored() -> Iterator[None]:
    """Within it, python-docx and python-pptx (where their fast paths are on) save a package with its
    entries stored, not deflated: for a caller that normalises the package next (output.normalise_zip),
    which deflates each entry once, a template's unchanged parts once per process. Elsewhere, and
    outside it, they save as they always do."""
    token = _storing.set(True)
    try:
        yield
    finally:
        _storing.reset(token)


def storing() -> bool:
    return _storing.get()
