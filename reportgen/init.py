"""`reportgen init`: a commented facts file of one kind that validates and builds as it is, and the JSON Schema
beside it for editors.

The file's first line, `# yaml-language-server: $schema=reportgen.schema.json`, points at a schema file written
beside it (relative, so the folder can move or be committed as it is): an editor checks and completes the file
without a network and with the schema of the reportgen that wrote it. The schema comes from the facts model
(facts.json_schema) when it is written, never from a copy kept in the package. The template is package data
(templates/init.yaml.j2): one file with a block per kind.
"""

from __future__ import annotations

import json
from pathlib import Path

from .facts import KINDS

SCHEMA_NAME = "reportgen.schema.json"
DEFAULT_PATH = Path("data") / "summit.yaml"


def facts_template(kind: str, path: str = str(DEFAULT_PATH), schema: str = SCHEMA_NAME) -> str:
    """The text of a new facts file of `kind` (information, decision or meeting)."""
    import jinja2

    from . import TEMPLATES_DIR

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    return env.get_template("init.yaml.j2").render(kind=kind, path=path, schema=schema)


def schema_text() -> str:
    from .facts import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (FileExistsError if it does: never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def init(path: Path, kind: str) -> list[tuple[Path, str]]:
    """Write the facts file at `path` (FileExistsError if it exists) and, when missing, the schema beside it.
    What was done: (path, 'written' | 'kept' | 'differs')."""
    done = []
    write_new(path, facts_template(kind, path.as_posix()))
    done.append((path, "written"))
    schema = path.parent / SCHEMA_NAME
    try:
        write_new(schema, schema_text())
        done.append((schema, "written"))
    except FileExistsError:
        same = schema.read_text(encoding="utf-8", errors="replace") == schema_text()
        done.append((schema, "kept" if same else "differs"))
    return done


__all__ = ["KINDS", "DEFAULT_PATH", "SCHEMA_NAME", "facts_template", "init", "schema_text"]
