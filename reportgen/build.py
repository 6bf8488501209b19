"""The build loop: facts files -> outputs, through one builder per format."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Protocol

from . import __version__
from .errors import FactsError
from .diff import Changes, compare
from .load import parse_facts
from .charts import render_many
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
    chart_workers: int | None = None  # processes that draw charts; None: one per core
    since: Path | None = None  # the previous facts file, to show what changed


class Builder(Protocol):
    """Turns a brief into the bytes of one output format."""

    format: str

    def check_template(self, options: BuildOptions, warn: Warn) -> None: ...

    def render(self, brief: Brief, options: BuildOptions, warn: Warn) -> bytes: ...

    def template(self, options: BuildOptions) -> Path: ...

    def chart_requests(self, brief: Brief, options: BuildOptions) -> list: ...


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

    def chart_requests(self, brief: Brief, options: BuildOptions) -> list:
        from .docx_writer import chart_requests

        return chart_requests(brief, options.docx_template)

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

    def chart_requests(self, brief: Brief, options: BuildOptions) -> list:
        from .deck.writer import chart_requests

        return chart_requests(brief, options.pptx_template, options.chart_style)

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
    entry: dict | None = None  # its new manifest entry, when built
    warnings: list[str] = field(default_factory=list)
    changes: int = 0  # topics with changes since the previous version


@dataclass(frozen=True)
class _Job:
    """One facts file to build, with everything a worker process needs."""

    facts: Path
    options: BuildOptions
    key: str
    raw: bytes
    baseline: str | None  # the previous version's text, to show what changed


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


def build_all(files: list[Path], options: BuildOptions, workers: int | None = None) -> Iterator[FileResult]:
    """Build (or check) every facts file, in parallel processes when there are several; results as they
    finish. A failing file never stops the others. The manifest is written once, at the end."""
    manifest = _read_manifest(options.out_dir)
    jobs: list[_Job] = []
    for path in files:
        job_or_result = _plan_job(path, options, manifest)
        if isinstance(job_or_result, FileResult):
            yield job_or_result
        else:
            jobs.append(job_or_result)
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    built: list[Path] = []
    try:
        if workers > 1:
            from concurrent.futures import as_completed

            from .pool import process_pool

            single = replace(options, chart_workers=1)  # one level of parallelism: files, not their charts
            with process_pool(workers) as pool:
                futures = {pool.submit(_run_job, replace(job, options=single)): job for job in jobs}
                for future in as_completed(futures):
                    try:
                        result = future.result()
                    except Exception as e:  # the worker died (out of memory, killed): that file failed
                        job = futures[future]
                        error = FactsError.single(str(job.facts), f"the build process failed: {type(e).__name__}: {e}")
                        result = FileResult(job.facts, "failed", _outputs(job.facts, options), error)
                    _record(manifest, result, built)
                    yield result
        else:
            for job in jobs:
                result = _run_job(job)
                _record(manifest, result, built)
                yield result
    finally:
        if built:
            write_atomic(options.out_dir / MANIFEST,
                         (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode())


def build_file(facts_path: Path, options: BuildOptions) -> FileResult:
    """Build (or check) one facts file in this process."""
    (result,) = build_all([facts_path], options, workers=1)
    return result


def _plan_job(path: Path, options: BuildOptions, manifest: dict) -> _Job | FileResult:
    """A job for a file that needs building, or its result when it does not (or cannot) build."""
    outputs = _outputs(path, options)
    try:
        raw = path.read_bytes()
        since = options.since.read_bytes() if options.since else None
        baseline = _baseline(raw, since, manifest.get(path.stem))
        key = _inputs_key(raw, baseline, options)
    except OSError as e:
        problem = FactsError.single(str(getattr(e, "filename", path) or path), e.strerror or str(e))
        return FileResult(path, "failed", outputs, problem)
    fresh = _is_fresh(manifest.get(path.stem), key, outputs)
    if options.check:
        return FileResult(path, "unchanged" if fresh else "stale", outputs)
    if fresh and not options.force:
        return FileResult(path, "unchanged", outputs)
    return _Job(path, options, key, raw, baseline)


def _run_job(job: _Job) -> FileResult:
    """Load, plan, render and write one facts file; earlier outputs survive any failure."""
    start = time.perf_counter()
    options, outputs, warnings = job.options, _outputs(job.facts, job.options), []
    try:
        facts = parse_facts(job.raw, str(job.facts))
        changes = _changes_since(job, facts)
        brief = _dated(plan(facts, changes))
        requests = [r for fmt in options.formats for r in BUILDERS[fmt].chart_requests(brief, options)]
        render_many(requests, options.chart_workers)
        when = brief.properties.created if "T" in brief.properties.created else f"{brief.properties.created}T00:00:00"
        rendered = {out: normalise_zip(BUILDERS[fmt].render(brief, options, warnings.append), when + "Z")
                    for fmt, out in zip(options.formats, outputs)}
    except FactsError as e:
        return FileResult(job.facts, "failed", outputs, e, time.perf_counter() - start, warnings=warnings)
    except Exception as e:  # a bug must not stop the other files of a batch; say what happened
        error = FactsError.single(str(job.facts), f"internal error while building: {type(e).__name__}: {e}")
        return FileResult(job.facts, "failed", outputs, error, time.perf_counter() - start, warnings=warnings)
    for out, data in rendered.items():
        write_atomic(out, data)
    entry = {
        "facts": str(job.facts),
        "inputs": job.key,
        "outputs": {out.name: hashlib.sha256(data).hexdigest() for out, data in rendered.items()},
        "facts_text": job.raw.decode("utf-8-sig"),
        "baseline_text": job.baseline,
    }
    return FileResult(job.facts, "built", outputs, seconds=time.perf_counter() - start, entry=entry,
                      warnings=warnings, changes=len(changes.topics) if changes else 0)


def _changes_since(job: _Job, facts) -> Changes | None:
    """What changed since the baseline version; None without one. A baseline that no longer loads
    (an older, invalid version) is skipped, not fatal."""
    if job.baseline is None:
        return None
    try:
        previous = parse_facts(job.baseline.encode(), str(job.options.since or "previous version"))
    except FactsError:
        if job.options.since:
            raise
        return None
    return compare(previous, facts)


def _baseline(raw: bytes, since: bytes | None, entry: dict | None) -> str | None:
    """The version to compare with: --since, else the one the manifest says the outputs were last built
    from (or, when this text is the one last built, the version that build compared with)."""
    if since is not None:
        return since.decode("utf-8-sig", errors="replace")
    if not isinstance(entry, dict) or not isinstance(entry.get("facts_text"), str):
        return None
    if entry["facts_text"] == raw.decode("utf-8-sig", errors="replace"):
        return entry.get("baseline_text")
    return entry["facts_text"]


def _dated(brief: Brief) -> Brief:
    """With SOURCE_DATE_EPOCH set, the documents carry that moment instead of the summit date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return brief
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return replace(brief, properties=replace(brief.properties, created=moment.isoformat(timespec="seconds")))


def _record(manifest: dict, result: FileResult, built: list[Path]) -> None:
    if result.entry is not None:
        manifest[result.facts.stem] = result.entry
        built.append(result.facts)


def _outputs(facts_path: Path, options: BuildOptions) -> list[Path]:
    return [options.out_dir / f"{facts_path.stem}.{fmt}" for fmt in options.formats]


def _inputs_key(raw: bytes, baseline: str | None, options: BuildOptions) -> str:
    """A hash of everything an output depends on: facts, baseline, templates, options, version, date."""
    digest = hashlib.sha256()
    settings = [f"reportgen {__version__}", ",".join(options.formats), options.chart_style,
                os.environ.get("SOURCE_DATE_EPOCH", "").strip()]
    digest.update("\n".join(settings).encode() + b"\0" + raw + b"\0" + (baseline or "").encode() + b"\0")
    templates = [BUILDERS[f].template(options) for f in options.formats]
    templates += sorted(TEMPLATES_DIR.glob("*.j2"))
    for path in templates:
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
