"""The jinja2 environment for wording (sandboxed, strict) and number formatting.

The wording template is compiled to Python code once and kept, as Python keeps its own bytecode, in
templates/__pycache__: `python -m reportgen.text` writes it (`make build` runs that). A build uses it when
it was compiled from this template text, by this jinja2 and Python and with these environment options;
otherwise the build compiles the template itself, as it would without it."""

from __future__ import annotations

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
_OPTIONS = {"autoescape": False, "trim_blocks": True, "lstrip_blocks": True}


def _environment(keep_compiled: bool = False) -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), undefined=jinja2.StrictUndefined,
                               bytecode_cache=_CompiledWording(keep_compiled), **_OPTIONS)
    env.filters.update(_filters())
    return env


@lru_cache(maxsize=None)
def _wording() -> Any:
    return _environment().get_template(WORDING).module


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
    macro of templates/wording.j2, rendered in that language."""

    def __init__(self, language: str):
        self.language = language

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Wording) and other.language == self.language

    def __hash__(self) -> int:
        return hash(self.language)

    def __repr__(self) -> str:
        return f"Wording({self.language!r})"

    def say(self, macro: str, *args: Any) -> str:
        """Render one wording macro, whitespace folded."""
        text = str(getattr(_wording(), macro)(*args))
        # Only ASCII white space is folded: a non-breaking space keeps a number with its unit.
        return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


@lru_cache(maxsize=None)
def wording(language: str) -> Wording:
    """The wording of a language (a BCP 47 tag)."""
    return Wording(language)


if __name__ == "__main__":  # `python -m reportgen.text`, as `make build` runs it after byte-compiling
    print(f"compiled {WORDING}: {compile_wording().relative_to(TEMPLATES_DIR.parent.parent)}")
