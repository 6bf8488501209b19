"""Output formats: one builder module per format, found in this package; the build loop knows none of them.

A builder module (after Sphinx's `sphinx/builders/text.py`) defines a `Builder` subclass and a module-level
`BUILDER` instance saying: its name (`--format NAME`), the suffixes of the files it writes (`<stem><suffix>`),
the command-line options it adds, the template files its output depends on, a quick check of those
templates before any facts file is built, and how its bytes are made from a Brief. Nothing else in
reportgen changes for a new format. Builder modules import their writers lazily: listing the builders (as
the command line does for an up-to-date check) must not import python-docx, python-pptx or matplotlib.
"""

from __future__ import annotations

import importlib
import pkgutil
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..errors import FactsError, TemplateError
from ..output import MiB, read_bounded

if TYPE_CHECKING:
    from ..plan import Brief

Warn = Callable[[str], None]
TEMPLATE_LIMIT = 64 * MiB  # a template file larger than this is refused before it is opened


@dataclass(frozen=True)
class Option:
    """A command-line option a builder adds: `--docx-template FILE`, `--chart-style native|image`.

    `name` is its key in the build's settings; `choices` makes it a choice, `is_file` a path to an
    existing file whose bytes the outputs depend on (so it is hashed for freshness)."""

    name: str
    flag: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    is_file: bool = False


class RenderContext:
    """What a builder gets for one facts file: the brief, the build's settings, a way to warn, and the
    bytes of other formats (rendered once per file, so a PDF builder reuses the note a docx build made)."""

    def __init__(self, brief: Brief, settings: dict[str, Any], warn: Warn):
        self.brief = brief
        self.settings = settings
        self.warn = warn
        self._rendered: dict[str, list[bytes]] = {}

    def output_of(self, name: str) -> list[bytes]:
        """The files of format `name` for this brief, one per suffix, rendered on first use."""
        if name not in self._rendered:
            self._rendered[name] = builder(name).render(self)
        return self._rendered[name]


class Builder:
    """One output format. Subclasses set the class attributes and implement `render`."""

    name: str = ""
    suffixes: tuple[str, ...] = ()  # each output is <facts stem><suffix>
    default: bool = False  # built when --format is not given
    options: tuple[Option, ...] = ()
    after: tuple[str, ...] = ()  # builders whose settings and templates this one's output depends on

    def templates(self, settings: dict[str, Any]) -> list[Path]:
        """The template files this format's output depends on (their bytes decide freshness)."""
        return [p for b in self.after for p in builder(b).templates(settings)]

    def check(self, settings: dict[str, Any]) -> None:
        """Before any facts file is built: raise TemplateError (or FactsError) if this format cannot be
        made at all. Quick and without the writers' libraries: the writers check the rest."""
        for name in self.after:
            builder(name).check(settings)

    def render(self, context: RenderContext) -> list[bytes]:
        """The bytes of each output, in the order of `suffixes`."""
        raise NotImplementedError


def check_zip_template(path: Path, main_part: str, kind: str) -> None:
    """A template is a readable regular file of bounded size, a zip holding `main_part`; else a
    TemplateError saying what it is not. (The writers open it fully, through their own guarded reader.)"""
    try:
        data = read_bounded(path, TEMPLATE_LIMIT, f"{kind} template")
    except OSError as e:
        raise TemplateError.single(str(path), e.strerror or str(e)) from None
    try:
        import io

        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise TemplateError.single(str(path), f"not a {kind} template (not a zip package: {e})") from None
    if main_part not in names:
        raise TemplateError.single(str(path), f"not a {kind} template (no {main_part} inside)")


def as_template_error(error: FactsError, template: Path | None) -> FactsError:
    """A writer's error about the template file, as a TemplateError (so it is reported as one)."""
    if template is not None and not isinstance(error, TemplateError) and \
            any(p.file == str(template) for p in error.problems):
        return TemplateError(error.problems)
    return error


def zip_moment(brief: Brief) -> str:
    """The moment a zip format's embedded files are dated with: the brief's own date, never the clock."""
    created = brief.properties.created
    return (created if "T" in created else f"{created}T00:00:00") + "Z"


def faster_oxml(library: str) -> None:
    """Speed-ups for python-docx or python-pptx (`library` "docx" or "pptx") that change no output byte.

    Both libraries compile an XPath expression on every property access of their XML element classes and
    build each qualified tag name ("p:txBody" -> "{...}txBody") anew; a deck makes tens of thousands of
    such calls. Here expressions are compiled once and tag names remembered. Applied once per process."""
    import importlib
    import sys

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


@lru_cache(maxsize=None)
def all_builders() -> dict[str, Builder]:
    """Every builder in this package, by name, in module order (docx, pdf, pptx, ...)."""
    found: dict[str, Builder] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        instance = getattr(importlib.import_module(f"{__name__}.{module.name}"), "BUILDER", None)
        if isinstance(instance, Builder):
            found[instance.name] = instance
    return found


def builder(name: str) -> Builder:
    return all_builders()[name]


def default_formats() -> tuple[str, ...]:
    return tuple(name for name, b in all_builders().items() if b.default)


def all_options() -> list[Option]:
    """Every builder's options, once each (two builders may share one, e.g. --chart-style)."""
    seen: dict[str, Option] = {}
    for b in all_builders().values():
        for option in b.options:
            seen.setdefault(option.name, option)
    return list(seen.values())


def default_settings() -> dict[str, Any]:
    return {o.name: o.default for o in all_options()}
