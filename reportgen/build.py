"""The build loop: facts files -> outputs, through one builder per format."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import __version__
from .errors import FactsError
from .load import load_facts
from .output import normalise_zip, write_atomic
from .plan import Brief, plan
from .text import TEMPLATES_DIR

FACTS_SUFFIXES = (".yaml", ".yml", ".json")
MANIFEST = "manifest.json"
Warn = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What a build writes, where, and with which templates."""

    out_dir: Path = Path("out")
    formats: tuple[str, ...] = ("docx", "pptx")
    docx_template: Path | None = None
    pptx_template: Path | None = None
    force: bool = False
    check: bool = False
    chart_style: str = "native"  # deck charts: native (editable) or image


class Builder(Protocol):
    """Turns a brief into the bytes of one output format."""

    format: str

    def check_template(self, options: BuildOptions, warn: Warn) -> None: ...

    def render(self, brief: Brief, options: BuildOptions, warn: Warn) -> bytes: ...

    def template(self, options: BuildOptions) -> Path: ...


class DocxBuilder:
    """The briefing note."""

    format = "docx"

    def template(self, options: BuildOptions) -> Path:
        from .docx_writer import DEFAULT_TEMPLATE

        return options.docx_template or DEFAULT_TEMPLATE

    def check_template(self, options: BuildOptions, warn: Warn) -> None:
        from .docx_writer import missing_styles, open_template

        missing = missing_styles(open_template(options.docx_template))
        if missing:
            warn(f"{self.template(options)}: template lacks styles {', '.join(missing)}; using defaults")

    def render(self, brief: Brief, options: BuildOptions, warn: Warn) -> bytes:
        from .docx_writer import render_docx

        return render_docx(brief, options.docx_template)


class PptxBuilder:
    """The slide deck."""

    format = "pptx"

    def template(self, options: BuildOptions) -> Path:
        from .deck.layouts import DEFAULT_TEMPLATE

        return options.pptx_template or DEFAULT_TEMPLATE

    def check_template(self, options: BuildOptions, warn: Warn) -> None:
        from .deck.layouts import open_deck, resolve_layouts

        _, substitutes = resolve_layouts(open_deck(options.pptx_template), str(self.template(options)))
        if substitutes:
            warn(f"{self.template(options)}: template lacks layouts {', '.join(substitutes)}")

    def render(self, brief: Brief, options: BuildOptions, warn: Warn) -> bytes:
        from .deck import render_pptx

        return render_pptx(brief, options.pptx_template, chart_style=options.chart_style)


BUILDERS: dict[str, Builder] = {"docx": DocxBuilder(), "pptx": PptxBuilder()}


@dataclass
class FileResult:
    """What happened to one facts file."""

    facts: Path
    status: str  # built | unchanged | stale | failed
    outputs: list[Path] = field(default_factory=list)
    error: FactsError | None = None
    seconds: float = 0.0


def find_facts(inputs: list[Path]) -> list[Path]:
    """Facts files named, or found (sorted) in folders named."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += sorted(p for p in item.iterdir() if p.suffix in FACTS_SUFFIXES and p.is_file())
        else:
            found.append(item)
    return found


def check_templates(options: BuildOptions, warn: Warn) -> None:
    """Look up everything the writers need in the templates, before anything is rendered."""
    for fmt in options.formats:
        BUILDERS[fmt].check_template(options, warn)


def build_file(facts_path: Path, options: BuildOptions, warn: Warn) -> FileResult:
    """Build (or check) the outputs of one facts file; earlier outputs survive any failure."""
    start = time.perf_counter()
    outputs = [options.out_dir / f"{facts_path.stem}.{fmt}" for fmt in options.formats]
    try:
        key = _inputs_key(facts_path, options)
    except OSError as e:
        return FileResult(facts_path, "failed", outputs, FactsError.single(str(facts_path), e.strerror or str(e)))
    manifest = _read_manifest(options.out_dir)
    fresh = _is_fresh(manifest.get(facts_path.stem), key, outputs)
    if options.check:
        return FileResult(facts_path, "unchanged" if fresh else "stale", outputs)
    if fresh and not options.force:
        return FileResult(facts_path, "unchanged", outputs, seconds=time.perf_counter() - start)
    try:
        brief = plan(load_facts(facts_path))
        when = f"{brief.properties.created}T00:00:00Z"
        rendered = {out: normalise_zip(BUILDERS[fmt].render(brief, options, warn), when)
                    for fmt, out in zip(options.formats, outputs)}
    except FactsError as e:
        return FileResult(facts_path, "failed", outputs, e, time.perf_counter() - start)
    for out, data in rendered.items():
        write_atomic(out, data)
    manifest[facts_path.stem] = {
        "facts": str(facts_path),
        "inputs": key,
        "outputs": {out.name: hashlib.sha256(data).hexdigest() for out, data in rendered.items()},
    }
    write_atomic(options.out_dir / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return FileResult(facts_path, "built", outputs, seconds=time.perf_counter() - start)


def _inputs_key(facts_path: Path, options: BuildOptions) -> str:
    """A hash of everything an output depends on: facts, templates, formats, version."""
    digest = hashlib.sha256()
    digest.update(f"reportgen {__version__}\n{','.join(options.formats)}\n{options.chart_style}\n".encode())
    templates = [BUILDERS[f].template(options) for f in options.formats]
    templates += sorted(TEMPLATES_DIR.glob("*.j2"))
    for path in [facts_path, *templates]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_fresh(entry: dict | None, key: str, outputs: list[Path]) -> bool:
    if not isinstance(entry, dict) or entry.get("inputs") != key:
        return False
    hashes = entry.get("outputs", {})
    for out in outputs:
        if not out.exists() or hashes.get(out.name) != hashlib.sha256(out.read_bytes()).hexdigest():
            return False
    return True
