"""The jinja2 environment for wording (sandboxed, strict) and number formatting."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=None)
def _wording() -> Any:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["sentence"] = sentence
    return env.get_template("wording.j2").module


def sentence(text: str) -> str:
    """Text ending in a full stop unless it already ends in one (or ? or !)."""
    text = str(text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def say(macro: str, *args: Any) -> str:
    """Render one wording macro of templates/wording.j2, whitespace folded."""
    text = str(getattr(_wording(), macro)(*args))
    # Only ASCII white space is folded: a non-breaking space keeps a number with its unit.
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")
