"""The jinja2 environment for wording (sandboxed, strict), translated by gettext catalogs.

Every fixed word is a macro of templates/wording.j2, written in English (the source language) and marked
for gettext as function calls (`_()`, `ngettext()`, `pgettext()`). The catalogs in locale/<language>/LC_MESSAGES
are made by Babel from the template (`make catalogs`: extract, update, compile); a brief's language
installs its catalog, a regional variant falling back to its language (fr-CA and fr-BE use fr).

The wording template is compiled to Python code once and kept, as Python keeps its own bytecode, in
templates/__pycache__: `python -m reportgen.text` writes it (`make build` runs that). A build uses it when
it was compiled from this template text, by this jinja2 and Python and with these environment options;
otherwise the build compiles the template itself, as it would without it."""

from __future__ import annotations

import gettext
import hashlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.sandbox import SandboxedEnvironment

from . import TEMPLATES_DIR

WORDING = "wording.j2"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "reportgen"  # the catalogs' file name: locale/<language>/LC_MESSAGES/reportgen.mo
SOURCE_LANGUAGE = "en"  # the language the template is written in; its catalog holds no translation
_OPTIONS = {"autoescape": False, "trim_blocks": True, "lstrip_blocks": True}


def _environment(keep_compiled: bool = False) -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), undefined=jinja2.StrictUndefined,
                               bytecode_cache=_CompiledWording(keep_compiled), **_OPTIONS)
    # The template calls _(), ngettext() and pgettext() as functions (never {% trans %} blocks), so the
    # build needs no i18n extension (jinja2.ext costs a build ~18 ms of imports); Babel's extractor reads
    # the same calls with it (babel.cfg). The compiled code calls whatever functions the module is made
    # with, so one compile serves every language.
    env.filters.update(_filters())
    return env


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    """The wording template, compiled once (or its kept code loaded) for every language."""
    return _environment().get_template(WORDING)


@lru_cache(maxsize=None)
def _wording(language: str) -> Any:
    return module(_template(), language)


def module(template: jinja2.Template, language: str) -> Any:
    """The template's macros with the language's catalog installed (making the module runs no compiler)."""
    return template.make_module(vars={**_gettext_callables(translations(language)), "list_of": _list_of(language)})


def _list_of(language: str) -> Any:
    """Items as one phrase, as the language writes a list (CLDR): 'A, B and C', 'A, B et C'."""
    from babel.lists import format_list

    locale = language.replace("-", "_")
    return lambda items: format_list(list(items), locale=locale)


def _gettext_callables(catalog: gettext.NullTranslations) -> dict[str, Any]:
    """gettext functions as jinja2's new-style i18n defines them: the catalog's text is always a format
    string, filled with the named values (and ngettext's count as `num`), so a translation may put them
    in its own order."""

    def gettext_(message: str, **values: Any) -> str:
        return catalog.gettext(message) % values

    def ngettext_(singular: str, plural: str, num: int, **values: Any) -> str:
        values.setdefault("num", num)
        return catalog.ngettext(singular, plural, num) % values

    def pgettext_(context: str, message: str, **values: Any) -> str:
        values.setdefault("context", context)
        return catalog.pgettext(context, message) % values

    def npgettext_(context: str, singular: str, plural: str, num: int, **values: Any) -> str:
        values.setdefault("context", context)
        values.setdefault("num", num)
        return catalog.npgettext(context, singular, plural, num) % values

    return {"gettext": gettext_, "_": gettext_, "ngettext": ngettext_, "pgettext": pgettext_,
            "npgettext": npgettext_}


def _catalog_names(language: str) -> list[str]:
    """The catalogs a language tag may use, most specific first: fr-CA -> fr_CA, fr."""
    from babel import Locale

    locale = Locale.parse(language.replace("-", "_"))
    names = [str(locale)]
    if locale.territory:
        names.append(locale.language if not locale.script else f"{locale.language}_{locale.script}")
    return list(dict.fromkeys([*names, locale.language]))


def languages() -> tuple[str, ...]:
    """The languages with a compiled catalog (en, fr): a brief may be written in these or their variants."""
    found = (p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return tuple(sorted(name for name in found if "_" not in name))


def has_catalog(language: str) -> bool:
    """Whether a language tag has wording: its own catalog or its language's."""
    try:
        names = _catalog_names(language)
    except (ValueError, TypeError, LookupError):
        return False
    return names[-1] in languages()


@lru_cache(maxsize=None)
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalog, a regional one (en_US) falling back to its language's (en); the
    source language's words where neither has a translation."""
    if not has_catalog(language):
        raise LookupError(f"no wording in {language!r}: the languages available are {', '.join(languages())}")
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=_catalog_names(language))


def _filters() -> dict[str, Any]:
    return {"sentence": sentence}


def compiled_path() -> Path:
    """Where the wording's compiled code is kept: named by the jinja2 and Python versions and the
    environment (its class, options and filters' names), each of which changes the code (jinja2 checks
    the template text itself)."""
    environment = [SandboxedEnvironment.__qualname__, sorted(_OPTIONS.items()), sorted(_filters())]
    options = hashlib.sha256(repr(environment).encode()).hexdigest()[:8]
    version = f"jinja2-{jinja2.__version__}.py{sys.version_info[0]}{sys.version_info[1]}.{options}"
    return TEMPLATES_DIR / "__pycache__" / f"{WORDING}.{version}.cache"


class _CompiledWording(BytecodeCache):
    """jinja2's bytecode cache for the one wording template: read from compiled_path(), where jinja2 checks
    its own version mark and the template text's checksum and compiles afresh on any difference; written
    only by compile_wording()."""

    def __init__(self, keep: bool):
        self.keep = keep

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(compiled_path(), "rb") as f:
                bucket.load_bytecode(f)
        except OSError:
            pass  # not compiled here: jinja2 compiles the template

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.keep:
            path = compiled_path()
            path.parent.mkdir(exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(bucket.bytecode_to_string())
            os.replace(temporary, path)


def compile_wording() -> Path:
    """Compile the wording template afresh and keep its code (dropping what other versions kept); where."""
    for kept in compiled_path().parent.glob(f"{WORDING}.*.cache"):
        kept.unlink(missing_ok=True)
    _environment(keep_compiled=True).get_template(WORDING)
    return compiled_path()


def sentence(text: str) -> str:
    """Text ending in a full stop unless it already ends in one (or ? or !)."""
    text = str(text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


class Wording:
    """The fixed words of one brief's language, handed down with the brief (never a global): each is a
    macro of templates/wording.j2, rendered with that language's catalog."""

    def __init__(self, language: str):
        self.language = language
        self._said: dict[tuple, str] = {}  # what a macro said, by its arguments when they are plain values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Wording) and other.language == self.language

    def __hash__(self) -> int:
        return hash(self.language)

    def __repr__(self) -> str:
        return f"Wording({self.language!r})"

    def say(self, macro: str, *args: Any) -> str:
        """Render one wording macro, whitespace folded.

        A macro is a function of its arguments in one language: what it said for arguments that are plain
        values (text, numbers, booleans, None, tuples of them) is kept and said again (headings, labels and
        status tags recur in a brief, and across a batch's briefs), up to _KEPT_SAID sayings a language."""
        key = _plain((macro, *args))
        if key is not None:
            said = self._said.get(key)
            if said is not None:
                return said
        text = str(getattr(_wording(self.language), macro)(*args))
        # Only ASCII white space is folded: a non-breaking space keeps a number with its unit.
        said = re.sub(r"[ \t\r\n]+", " ", text).strip(" ")
        if key is not None:
            if len(self._said) >= _KEPT_SAID:
                self._said.clear()
            self._said[key] = said
        return said

    def lead_in(self, text: str) -> str:
        """Text that leads into what follows it on the line, with the language's colon and a space:
        'Status: ' (English), 'Statut\u202f: ' (French)."""
        return self.say("lead_in", text) + " "


_KEPT_SAID = 4096
_SCALARS = (str, int, bool, type(None))


def _plain(value: Any) -> Any:
    """A key that tells plain values apart by type and value (1, 1.0 and True; 0.0 and -0.0), or None for
    anything else (a list, an object: said afresh each time)."""
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if kind is float:
        return (float, value.hex()) if value == value else None
    if kind is tuple:
        inner = tuple(_plain(v) for v in value)
        return None if None in inner else (tuple, inner)
    return None


@lru_cache(maxsize=None)
def wording(language: str) -> Wording:
    """The wording of a language (a BCP 47 tag)."""
    return Wording(language)


if __name__ == "__main__":  # `python -m reportgen.text`, as `make build` runs it after byte-compiling
    print(f"compiled {WORDING}: {compile_wording().relative_to(TEMPLATES_DIR.parent.parent)}")
