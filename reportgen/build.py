"""The build loop: facts files -> outputs, through the builders of the formats asked for.

This module knows no format: builders (reportgen/builders/) say what each writes. It finds the facts
files, claims one set of output names per file, decides freshness from hashes of the inputs and templates
(without importing the writers, the facts model or matplotlib), builds the rest in parallel, replaces
each brief's files together, and merges each result into the output folder's manifest under a lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import time
import traceback
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from . import __version__
from .builders import TEMPLATE_LIMIT, RenderContext, all_builders, builder, default_formats, default_settings
from .fastpaths.cpython import resume_collection
from .errors import FactsError, OutputError
from .output import (FACTS_LIMIT, MiB, NotARegularFile, folder_lock, read_bounded, recover, sha256_of, write_atomic,
                     write_together)

FACTS_SUFFIXES = (".yaml", ".yml", ".json")
MANIFEST = "manifest.json"
# A manifest larger than this is set aside unread (a warning; every brief is rebuilt and the record starts
# afresh): it holds each brief's facts text, so 32 MiB is several briefs at the 5 MB limit.
MANIFEST_LIMIT = 32 * MiB
NAME_LIMIT = 255  # bytes in one file name (ext4, APFS, NTFS)
# Characters an output name may not hold: those Windows, CI artifact stores and zip tools refuse (: ? * " < >
# | and the backslash), control characters, and invisible or bidirectional ones (U+202E makes
# "x\u202excod.pdf" read as "xfdp.docx").
_BAD_NAME_CHARS = re.compile('[:?*"<>|\\\\\x00-\x1f\x7f-\x9f\u2028\u2029]')
Warn = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What a build writes, where, and with which settings (the builders' options by name)."""

    out_dir: Path = Path("out")
    formats: tuple[str, ...] = field(default_factory=default_formats)
    settings: dict[str, Any] = field(default_factory=dict)  # e.g. docx_template, chart_style
    force: bool = False
    check: bool = False
    since: Path | None = None  # the previous facts file, to show what changed

    def setting(self, name: str) -> Any:
        return self.settings.get(name, default_settings().get(name))

    def all_settings(self) -> dict[str, Any]:
        return {**default_settings(), **{k: v for k, v in self.settings.items() if v is not None}}


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
    bug: str | None = None  # the traceback of an internal error (a bug), to be kept in a file


@dataclass(frozen=True)
class _Job:
    """One facts file to build, with everything a worker process needs."""

    facts: Path
    options: BuildOptions
    key: str
    raw: bytes
    baseline: str | None  # the previous version's text, to show what changed


def find_facts(inputs: list[Path]) -> list[Path]:
    """Facts files named, or found (sorted) in folders named; each file once."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        # (a JSON Schema beside the facts files, as `reportgen init` writes for editors, is not one)
        paths = sorted(p for p in item.iterdir() if p.suffix.lower() in FACTS_SUFFIXES and p.is_file()
                       and not p.name.lower().endswith(".schema.json")) if item.is_dir() else [item]
        for path in paths:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(path)
    return found


def output_paths(facts_path: Path, options: BuildOptions) -> list[Path]:
    """The files a facts file's brief is written to: <stem><suffix> of each format's builder."""
    return [options.out_dir / f"{facts_path.stem}{suffix}"
            for fmt in options.formats for suffix in builder(fmt).suffixes]


def check_templates(options: BuildOptions) -> None:
    """The builders' quick checks of their templates (and tools), before anything is rendered."""
    settings = options.all_settings()
    for fmt in options.formats:
        builder(fmt).check(settings)


def build_all(files: list[Path], options: BuildOptions, workers: int | None = None,
              warn: Warn = lambda _: None) -> Iterator[FileResult]:
    """Build (or check) every facts file, in parallel processes when there are several; results as they
    finish. A failing file never stops the others; each built file's manifest entry is merged in as it
    finishes. A bad template (or a missing tool) stops the build before any file: FactsError."""
    options = replace(options, settings=options.all_settings())
    out_dir = options.out_dir
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError.single(str(out_dir), "is not a folder: -o names the folder the documents go to")
    if not options.check and out_dir.is_dir():
        try:
            with folder_lock(out_dir):
                recover(out_dir, warn)  # finish or undo what killed builds left
        except NotARegularFile as e:
            raise OutputError.single(str(e.filename), e.strerror) from None
        except OSError:
            pass  # a read-only folder: the writes below say so
    manifest, damage = _read_manifest(out_dir)
    if damage:
        warn(f"{out_dir / MANIFEST}: {damage}; ignored, so every brief is rebuilt and the record starts afresh")
    claimed, done = _claim_names(files, options)
    digests: dict[Path, str] = {}
    jobs: list[_Job] = []
    for path in claimed:
        job_or_result = _plan_job(path, options, manifest, digests, warn)
        if isinstance(job_or_result, FileResult):
            done.append(job_or_result)
        else:
            jobs.append(job_or_result)
    running: _Running = _Running(iter(()))
    template_error: FactsError | None = None
    looked_up = False
    if jobs:
        try:
            check_templates(options)
        except FactsError as e:  # said after the files that needed no build
            template_error = e
        else:
            if "pptx" in options.formats:  # fontconfig answers on another core while the writers load
                from .deck.fit import look_up_fonts
                from .theme import THEME

                look_up_fonts([THEME.font])
                looked_up = True
            cores = workers or os.cpu_count() or 1
            # The workers start here, before anything is yielded (and so before a caller's progress bar
            # starts a thread): forked from this process, they begin with the writers loaded.
            running = _run_jobs(jobs, min(cores, len(jobs)), processes=cores if len(jobs) == 1 else 1)
    try:
        with running:  # however the caller stops (a closed pipe, an interrupt), the workers are stopped
            yield from done
            if template_error:
                raise template_error
            for result in running:
                if result.entry is not None:
                    try:
                        _merge_into_manifest(out_dir, result.facts.stem, result.entry)
                    except OSError as e:
                        result.warnings.append(f"{out_dir / MANIFEST}: not updated ({e.strerror or e}); "
                                               "the next build rebuilds this brief")
                yield result
    finally:
        if looked_up:  # answers no deck read (every brief failed first): read, their processes reaped
            from .deck.fit import settle_font_lookups

            settle_font_lookups()


def build_file(facts_path: Path, options: BuildOptions) -> FileResult:
    """Build (or check) one facts file in this process."""
    (result,) = build_all([facts_path], options, workers=1)
    return result


class _Running:
    """The results of jobs as they finish, and, when they run in worker processes, their pool: leaving
    the `with` block shuts the pool down (jobs not yet started are cancelled), even when the results were
    never asked for."""

    def __init__(self, results: Iterator[FileResult], pool=None):
        self.results, self.pool = results, pool

    def __iter__(self) -> Iterator[FileResult]:
        return self.results

    def __enter__(self) -> "_Running":
        return self

    def __exit__(self, *_exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _run_jobs(jobs: list[_Job], workers: int, processes: int = 1) -> _Running:
    """The jobs' results as they finish; with several workers, their processes are started (and every job
    handed over) before this returns. processes: for a single file, how many processes may render its
    formats at the same time."""
    if workers <= 1:
        resume_collection()
        return _Running(_run_job(job, processes) for job in jobs)
    from concurrent.futures.process import BrokenProcessPool

    from .pool import process_pool

    pool = process_pool(workers)
    try:
        futures = {pool.submit(_run_job, job): job for job in jobs}
    except (BrokenProcessPool, OSError):  # no worker could start (no fork server, no /dev/shm)
        pool.shutdown(cancel_futures=True)
        return _Running(_run_job(job) for job in jobs)  # build here, one after another, rather than not at all
    return _Running(_finished(futures), pool)


def _finished(futures: dict) -> Iterator[FileResult]:
    from concurrent.futures import as_completed

    for future in as_completed(futures):
        try:
            yield future.result()
        except Exception as e:  # the worker died (out of memory, killed): that file failed
            job = futures[future]
            error = FactsError.single(str(job.facts), f"the build process failed: {type(e).__name__}: {e}")
            yield FileResult(job.facts, "failed", output_paths(job.facts, job.options), error)


def _claim_names(files: list[Path], options: BuildOptions) -> tuple[list[Path], list[FileResult]]:
    """Files whose outputs are theirs alone, and a failure for each file whose outputs another file would
    also write (x.yaml and x.json; a/x.yaml and b/x.yaml; names that differ only in case; x.yaml's deck
    PDF and x-deck.yaml's note PDF, both x-deck.pdf) or whose output names a file system or an artifact
    store cannot hold. Decided on the full set of output names, before any work."""
    writers: dict[str, list[Path]] = {}
    for path in files:
        for out in output_paths(path, options):
            writers.setdefault(_name_key(out.name), []).append(path)
    claimed, refused = [], []
    for path in files:
        outputs = output_paths(path, options)
        shared = next(((out, [p for p in writers[_name_key(out.name)] if p != path]) for out in outputs
                       if len(writers[_name_key(out.name)]) > 1), None)
        too_long = [o.name for o in outputs if len(o.name.encode("utf-8", "surrogateescape")) > NAME_LIMIT]
        unsafe = next((o.name for o in outputs if _unsafe_char(o.name)), None)
        if shared:
            out, rivals = shared
            names = " and ".join(str(p) for p in [path, *rivals])
            error = OutputError.single(str(path), f"{names} would both write {out}: facts files in one "
                                       "build need different names (outputs are named after them)")
        elif too_long:
            error = OutputError.single(str(path), f"the output name {too_long[0]!r} is longer than the "
                                       f"{NAME_LIMIT} bytes a file name may have; shorten the facts file's name")
        elif unsafe:
            char = _unsafe_char(unsafe)
            error = OutputError.single(str(path), f"the output name {unsafe!r} holds {char!r} (U+{ord(char):04X}), "
                                       "which file systems, zip tools or CI artifact stores refuse or show "
                                       "misleadingly; rename the facts file with letters, digits, '-', '_' and '.'")
        else:
            claimed.append(path)
            continue
        refused.append(FileResult(path, "failed", outputs, error))
    return claimed, refused


def _name_key(name: str) -> str:
    """Output names that are one file on some file system (case-insensitive, normalising) compare equal."""
    return unicodedata.normalize("NFC", name).casefold()


def _unsafe_char(name: str) -> str | None:
    """The first character of a name that an output name may not hold, if any."""
    bad = _BAD_NAME_CHARS.search(name)
    if bad:
        return bad.group()
    return next((c for c in name if unicodedata.category(c) == "Cf"), None)


def _plan_job(path: Path, options: BuildOptions, manifest: dict, digests: dict[Path, str],
              warn: Warn = lambda _: None) -> _Job | FileResult:
    """A job for a file that needs building, or its result when it does not (or cannot) build."""
    outputs = output_paths(path, options)
    try:
        raw = read_bounded(path, FACTS_LIMIT, "facts file")
        since = read_bounded(options.since, FACTS_LIMIT, "facts file") if options.since else None
        baseline = _baseline(raw, since, manifest.get(path.stem),
                             lambda what: warn(f"{options.out_dir / MANIFEST}: the entry of {path.stem!r}: {what}"))
        key = _inputs_key(raw, baseline, options, digests)
    except OSError as e:
        problem = FactsError.single(str(getattr(e, "filename", None) or path), e.strerror or str(e))
        return FileResult(path, "failed", outputs, problem)
    fresh = _is_fresh(manifest.get(path.stem), key, outputs)
    if options.check:
        return FileResult(path, "unchanged" if fresh else "stale", outputs)
    if fresh and not options.force:  # (with the warnings its build gave, for --strict and --json)
        recorded = manifest[path.stem].get("warnings")
        return FileResult(path, "unchanged", outputs,
                          warnings=[w for w in recorded if isinstance(w, str)] if isinstance(recorded, list) else [])
    return _Job(path, options, key, raw, baseline)


def _run_job(job: _Job, processes: int = 1) -> FileResult:
    """Load, plan, render and write one facts file; earlier outputs survive any failure. processes > 1:
    its formats may be rendered at the same time (a note and a deck on two cores)."""
    start = time.perf_counter()
    options, outputs, warnings = job.options, output_paths(job.facts, job.options), []

    def failed(error: FactsError, bug: str | None = None) -> FileResult:
        return FileResult(job.facts, "failed", outputs, error, time.perf_counter() - start,
                          warnings=_once(warnings), bug=bug)

    try:
        from .load import parse_facts
        from .plan import plan

        facts = parse_facts(job.raw, str(job.facts))
        changes = _changes_since(job, facts)
        brief = _dated(plan(facts, changes))
        context = RenderContext(brief, options.settings, warnings.append)
        files = dict(zip(outputs, context.render_all(list(options.formats), processes)))
    except FactsError as e:
        return failed(e)
    except Exception as e:  # a bug: this file fails, the others still build, and the traceback is kept
        return failed(FactsError.single(str(job.facts), f"internal error: {type(e).__name__}: {e}"),
                      bug=traceback.format_exc())
    try:
        write_together(files)
    except OSError as e:
        where = getattr(e, "filename", None) or options.out_dir
        return failed(OutputError.single(str(where), f"cannot write the documents: {e.strerror or e}"))
    entry = {
        "facts": str(job.facts),
        "inputs": job.key,
        "outputs": {out.name: hashlib.sha256(data).hexdigest() for out, data in files.items()},
        "facts_text": job.raw.decode("utf-8-sig", errors="replace"),
        "baseline_text": job.baseline,
        # Each recorded text with its hash: a text that no longer matches is not trusted as a baseline.
        "facts_sha256": text_hash(job.raw.decode("utf-8-sig", errors="replace")),
        "baseline_sha256": None if job.baseline is None else text_hash(job.baseline),
        "warnings": _once(warnings),
    }
    return FileResult(job.facts, "built", outputs, seconds=time.perf_counter() - start, entry=entry,
                      warnings=_once(warnings), changes=len(changes.topics) if changes else 0)


def _once(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _changes_since(job: _Job, facts):
    """What changed since the baseline version; None without one. A baseline that no longer loads
    (an older, invalid version) is skipped, not fatal."""
    if job.baseline is None:
        return None
    from .diff import compare
    from .load import parse_facts

    try:
        previous = parse_facts(job.baseline.encode(), str(job.options.since or "previous version"))
    except FactsError:
        if job.options.since:
            raise
        return None
    return compare(previous, facts)


def _baseline(raw: bytes, since: bytes | None, entry: dict | None, warn: Warn = lambda _: None) -> str | None:
    """The version to compare with: --since, else the one the manifest says the outputs were last built
    from (or, when this text is the one last built, the version that build compared with). A recorded
    text is used only when it matches the hash recorded with it; otherwise there is no baseline (no
    "Changes since" section), and the warning says why."""
    if since is not None:
        return since.decode("utf-8-sig", errors="replace")
    if not isinstance(entry, dict) or not isinstance(entry.get("facts_text"), str):
        return None
    if entry["facts_text"] == raw.decode("utf-8-sig", errors="replace"):
        name, text = "baseline", entry.get("baseline_text")
    else:
        name, text = "facts", entry["facts_text"]
    if not isinstance(text, str):
        return None
    recorded = entry.get(f"{name}_sha256")
    if recorded is None:  # recorded by an earlier reportgen, without a hash: not trusted, nothing to say
        return None
    if recorded != text_hash(text):
        warn(f"the recorded previous version does not match its recorded hash, so it is not trusted; no "
             "'Changes since' section (build with --since OLD_FACTS to show one)")
        return None
    return text


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _dated(brief):
    """With SOURCE_DATE_EPOCH set, the documents carry that moment instead of the summit date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit() or len(epoch) > 11:
        return brief
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return replace(brief, properties=replace(brief.properties, created=moment.isoformat(timespec="seconds")))


def _inputs_key(raw: bytes, baseline: str | None, options: BuildOptions, digests: dict[Path, str]) -> str:
    """A hash of everything an output depends on: facts, baseline, templates, the formats' settings,
    reportgen's version and SOURCE_DATE_EPOCH. Reads files only (hashes of templates kept per build)."""
    from . import TEMPLATES_DIR

    involved = _involved(options.formats)
    file_options = {o.name for b in involved for o in all_builders()[b].options if o.is_file}
    settings = sorted((o.name, str(options.settings.get(o.name))) for b in involved
                      for o in all_builders()[b].options if o.name not in file_options)
    digest = hashlib.sha256()
    header = [f"reportgen {__version__}", ",".join(f"{f}:{'|'.join(builder(f).suffixes)}" for f in options.formats),
              json.dumps(settings), os.environ.get("SOURCE_DATE_EPOCH", "").strip()]
    digest.update("\n".join(header).encode() + b"\0" + raw + b"\0" + (baseline or "").encode() + b"\0")
    templates = [p for f in involved for p in all_builders()[f].templates(options.settings)]
    templates += sorted(TEMPLATES_DIR.glob("*.j2"))
    for path in dict.fromkeys(templates):
        if path not in digests:
            digests[path] = hashlib.sha256(read_bounded(path, TEMPLATE_LIMIT, "template")).hexdigest()
        digest.update(path.name.encode() + b"\0" + digests[path].encode() + b"\0")
    return digest.hexdigest()


def _involved(formats: tuple[str, ...]) -> list[str]:
    """The formats asked for and those they are made from (pdf: docx and pptx), each once."""
    found: list[str] = []
    todo = list(formats)
    while todo:
        name = todo.pop(0)
        if name not in found:
            found.append(name)
            todo += builder(name).after
    return found


def _read_manifest(out_dir: Path) -> tuple[dict, str | None]:
    """The manifest's entries, and what is wrong with it when it cannot be used."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(read_bounded(path, MANIFEST_LIMIT, "manifest"))
    except FileNotFoundError:
        return {}, None
    except OSError as e:
        return {}, e.strerror or str(e)
    except ValueError as e:
        return {}, f"damaged (not JSON: {str(e)[:100]})"
    except RecursionError:
        return {}, "damaged (nested too deeply to be a manifest)"
    if not isinstance(data, dict):
        return {}, "damaged (not a JSON object)"
    return data, None


def _merge_into_manifest(out_dir: Path, stem: str, entry: dict) -> None:
    """Record one built brief: under the folder's lock, the manifest as it is now on disk (another build
    may have written it meanwhile) gets this entry, and is replaced atomically."""
    with folder_lock(out_dir):
        manifest, _ = _read_manifest(out_dir)
        manifest[stem] = entry
        write_atomic(out_dir / MANIFEST,
                     (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())


def _is_fresh(entry: Any, key: str, outputs: list[Path]) -> bool:
    if not isinstance(entry, dict) or entry.get("inputs") != key or not isinstance(entry.get("outputs"), dict):
        return False
    for out in outputs:
        recorded, actual = entry["outputs"].get(out.name), sha256_of(out)
        if actual is None or recorded != actual:
            return False
    return True


def prune(out_dir: Path, keep: list[Path]) -> list[tuple[str, list[Path]]]:
    """Remove from out_dir, and from its manifest, the outputs of briefs whose facts file is gone (deleted or
    renamed): entries whose recorded facts path no longer exists and whose name no file of `keep` (this
    build's facts files) has. Only the file names the manifest recorded are removed. What was pruned:
    (facts path, outputs)."""
    pruned: list[tuple[str, list[Path]]] = []
    stems = {path.stem for path in keep}
    if not out_dir.is_dir():
        return pruned
    with folder_lock(out_dir):
        manifest, damage = _read_manifest(out_dir)
        if damage:
            return pruned
        for stem, entry in list(manifest.items()):
            facts = entry.get("facts") if isinstance(entry, dict) else None
            if stem in stems or not isinstance(facts, str) or Path(facts).exists():
                continue
            names = entry.get("outputs") if isinstance(entry.get("outputs"), dict) else {}
            removed = []
            for name in names:
                if Path(name).name != name:  # a manifest names files of this folder only
                    continue
                try:
                    (out_dir / name).unlink()
                    removed.append(out_dir / name)
                except FileNotFoundError:
                    pass
            del manifest[stem]
            pruned.append((facts, removed))
        if pruned:
            write_atomic(out_dir / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return pruned
