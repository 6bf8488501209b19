"""The command line: parse, call the library, print, exit.

Exit codes: 0 success, 1 invalid input, a bad template or a failed build, 2 usage, 3 an internal error (a
bug: its traceback is kept in a file whose path is printed, never poured onto the terminal). Every value
printed passes through `printable`, so a facts file cannot forge a log line. The command line imports
neither the writers nor the facts model until a file has to be read or built: an up-to-date check only
hashes files.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .builders import all_builders, all_options, default_formats
from .errors import FactsError, printable, save_traceback
from .progress import Progress


def _warn(message: str) -> None:
    click.echo(f"warning: {printable(message)}", err=True)


SHOWN_PROBLEMS = 50  # a file with thousands of problems gets the first ones and a count, not a flood


def _problem_lines(error: FactsError) -> str:
    """The problems of a file, one a line; past SHOWN_PROBLEMS, how many more there are."""
    lines = [f"{error.kind}: {p}" for p in error.problems[:SHOWN_PROBLEMS]]
    more = len(error.problems) - SHOWN_PROBLEMS
    if more > 0:
        lines.append(f"{error.kind}: ... and {more:,} more problem{'s' if more != 1 else ''} in "
                     f"{error.problems[0].file}; fix these first")
    return "".join(line + "\n" for line in lines)


def _report(error: FactsError) -> None:
    click.echo(_problem_lines(error), err=True, nl=False)


def _bug_line(summary: str, trace: str) -> str:
    """`summary` (already printable) and where the traceback was kept."""
    path = save_traceback(trace)
    return (f"{summary}\n"
            f"  This is a bug in reportgen, not in your files; the traceback is in {printable(path)} "
            "(please include it in a report).")


class _Main(click.Group):
    """The command group; an exception no command expected is a bug: exit 3, traceback in a file."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (`| head`): not a bug; nothing more can be said
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # as Python's docs advise
            sys.exit(1)
        except Exception as e:
            click.echo(_bug_line(f"internal error: {printable(f'{type(e).__name__}: {e}')}", traceback.format_exc()),
                       err=True)
            sys.exit(3)


def _formats(_ctx, _param, value: str | None) -> tuple[str, ...]:
    if value is None:
        return default_formats()
    formats = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in all_builders()]
    if unknown or not formats:
        raise click.BadParameter(f"expected a comma-separated list of {', '.join(all_builders())}; "
                                 f"got {printable(value)!r}")
    return formats


def _out_dir(_ctx, _param, value: Path) -> Path:
    if value.exists() and not value.is_dir():
        raise click.BadParameter(f"{printable(value)!r} is a file; -o names the folder the documents go to")
    return value


def _builder_options(command):
    """The options every builder registers (--docx-template, --pptx-template, --chart-style, ...)."""
    for option in reversed(sorted(all_options(), key=lambda o: not o.is_file)):  # templates first
        if option.choices:
            kind = click.Choice(option.choices)
        elif option.is_file:
            kind = click.Path(exists=True, dir_okay=False, path_type=Path)
        else:
            kind = str
        command = click.option(option.flag, option.name, type=kind, default=option.default,
                               show_default=option.default is not None, help=option.help)(command)
    return command


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """Turn summit facts files into a Word briefing note and a slide deck."""


def _with_config(ctx: click.Context, values: dict) -> dict:
    """The command's parameter values with the config file's settings for those not given on the command
    line (the command line overrides the file); exit 1 on a config file reportgen cannot use."""
    from click.core import ParameterSource

    from .config import ConfigError, as_parameters, load

    try:
        config = load(Path("."))
    except ConfigError as e:
        click.echo(f"error: {printable(e)}", err=True)
        sys.exit(1)
    ctx.meta["config"] = config
    params = {p.name: p for p in ctx.command.params}
    for name, value in as_parameters(config).items():
        if name not in params or ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None):
            continue
        param = params[name]
        try:
            converted = param.type_cast_value(ctx, value)
            values[name] = param.callback(ctx, param, converted) if param.callback else converted
        except click.BadParameter as e:
            click.echo(f"error: {printable(config.path)}: {name}: {printable(e.message)}", err=True)
            sys.exit(1)
    return values


CONFIG_HELP = ("Defaults for -o, --format, the templates, --chart-style and -j may be set in reportgen.toml, or "
               "in a [tool.reportgen] table of pyproject.toml, in the current folder (keys out, format, "
               "docx_template, pptx_template, chart_style, jobs; paths relative to the file). Options given "
               "here override them.")


def _target_options(command):
    """-o, --format and every builder's options: where the documents go, which are written and how; the
    same for `build` and `watch`."""
    command = _builder_options(command)
    for decorator in reversed([
        click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
                     callback=_out_dir, help="Folder the documents are written to."),
        click.option("--format", "formats", default=None, callback=_formats,
                     help=f"Which documents to write, comma-separated: {', '.join(all_builders())}.  "
                          f"[default: {','.join(default_formats())}]"),
    ]):
        command = decorator(command)
    return command


def _output_options(command):
    """-q, -v, --strict and --json: how much is said, whether warnings fail, and in which form."""
    for decorator in reversed([
        click.option("-q", "--quiet", is_flag=True, help="Print only errors."),
        click.option("-v", "--verbose", is_flag=True, help="Also print the config file used, each output's "
                                                           "size and the warnings of unchanged briefs."),
        click.option("--strict", is_flag=True, help="Warnings fail (exit 1), as errors do."),
        click.option("--json", "as_json", is_flag=True,
                     help="Print one JSON object per facts file (path, status, outputs, warnings, errors with "
                          "line and column, time in seconds) on standard output, and nothing else."),
    ]):
        command = decorator(command)
    return command


def _problem_json(problem) -> dict:
    return {"file": problem.file, "line": problem.line, "column": problem.column, "field": problem.path,
            "message": problem.message}


def _emit_json(record: dict) -> None:
    import json

    click.echo(json.dumps(record, ensure_ascii=False))


def _no_facts(inputs: tuple[Path, ...]) -> str:
    where = ", ".join(printable(p) for p in inputs) or "data/"
    return f"no facts files (.yaml, .yml or .json) in {where}; `reportgen init` writes one that builds"


def _default_inputs(inputs: tuple[Path, ...]) -> list[Path]:
    """The facts files or folders named, else data/; a missing data/ is said with what to do."""
    if inputs:
        return list(inputs)
    if not Path("data").is_dir():
        raise click.UsageError(f"no data/ folder in {printable(Path.cwd())}: name facts files or folders "
                               "(reportgen build FILE...), or start one with `reportgen init` (writes "
                               "data/summit.yaml, a commented facts file that builds)")
    return [Path("data")]


@main.command(epilog=CONFIG_HELP)
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_target_options
@click.option("--since", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The previous version of the facts file: the brief says what changed since "
                   "(default: the version the outputs were last built from).")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any output is missing or stale.")
@click.option("--prune", is_flag=True, help="Remove from the output folder, and its manifest, the documents of "
                                            "facts files that are gone (deleted or renamed).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files built at once (default: one per core).")
@_output_options
@click.pass_context
def build(ctx, inputs, out_dir, formats, since, force, check, prune, jobs, quiet, verbose, strict, as_json,
          **settings) -> None:
    """Build the documents of FACTS files (or of every facts file in DIRs; default: data/)."""
    from .build import BuildOptions, build_all, find_facts

    given = _with_config(ctx, {"out_dir": out_dir, "formats": formats, "jobs": jobs, **settings})
    out_dir, formats, jobs = given.pop("out_dir"), given.pop("formats"), given.pop("jobs")
    settings = given

    files = find_facts(_default_inputs(inputs))
    if not files:
        raise click.UsageError(_no_facts(inputs))
    if since and len(files) > 1:
        raise click.UsageError("--since names the previous version of one facts file; give just that file")
    config = ctx.meta.get("config")
    if verbose and not as_json:
        click.echo(f"config: {printable(config.path)}" if config and config.path else
                   "config: none (no reportgen.toml or [tool.reportgen] in pyproject.toml here)")
    options = BuildOptions(out_dir, formats, settings, force=force, check=check, since=since)
    results = []
    said = _Said(quiet=quiet, verbose=verbose, as_json=as_json, strict=strict)
    try:
        # closing(): whatever stops the loop (a closed pipe), the build's workers are stopped with it
        with Progress(0 if (as_json or quiet) else len(files), "Checking" if check else "Building") as progress, \
                contextlib.closing(build_all(files, options, jobs, warn=said.warning)) as built:
            for result in built:
                results.append(result)
                said.result(result, progress)
    except FactsError as e:  # a template or tool that no brief can be built with
        if as_json:
            _emit_json({"path": None, "status": "failed", "outputs": [], "warnings": [],
                        "errors": [_problem_json(p) for p in e.problems], "time": 0})
        else:
            _report(e)
            click.echo("failed    nothing built", err=True)
        sys.exit(1)
    if prune and not check:
        from .build import prune as prune_outputs

        for facts, removed in prune_outputs(out_dir, files):
            if as_json:
                _emit_json({"path": facts, "status": "pruned", "outputs": [str(p) for p in removed],
                            "warnings": [], "errors": [], "time": 0})
            elif not quiet:
                click.echo(f"pruned    {printable(facts)} is gone: removed "
                           f"{', '.join(printable(p) for p in removed) or 'its manifest entry'}")
    bad = [r for r in results if r.status in ("failed", "stale") or (strict and r.warnings)]
    if len(files) > 1 and not as_json and not quiet:
        counts = Counter(r.status for r in results)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        if bad:
            summary += f"; {'stale' if check else 'failed'}: {', '.join(printable(r.facts) for r in bad)}"
        click.echo(summary, err=bool(bad))
    if strict and any(r.warnings for r in results) and not as_json:
        click.echo("failed    --strict: warnings fail the build", err=True)
    sys.exit(3 if any(r.bug for r in results) else 1 if bad else 0)


class _Said:
    """How a build's results are said: lines (all, -q errors only, -v more), or JSON objects (--json)."""

    def __init__(self, quiet: bool, verbose: bool, as_json: bool, strict: bool):
        self.quiet, self.verbose, self.as_json, self.strict = quiet, verbose, as_json, strict

    def warning(self, message: str) -> None:
        """A warning of the whole build (not of one brief)."""
        if not self.as_json and not self.quiet:
            _warn(message)

    def result(self, result, progress: Progress) -> None:
        if self.as_json:
            errors = [_problem_json(p) for p in result.error.problems] if result.error else []
            record = {"path": str(result.facts), "status": result.status,
                      "outputs": [str(o) for o in result.outputs] if result.status != "failed" else [],
                      "warnings": result.warnings, "errors": errors, "time": round(result.seconds, 3),
                      "changed_topics": result.changes}
            if result.status == "failed":
                record["withheld"] = [str(o) for o in result.outputs]  # earlier versions, if any, are stale
            _emit_json(record)
            return
        failed = result.status in ("failed", "stale") or bool(self.strict and result.warnings)
        if self.quiet and not failed:
            return
        line = _describe(result)
        if self.quiet and result.status == "built":  # -q --strict: the warnings that fail it, no 'built' line
            line = "".join(f"warning: {printable(w)}\n" for w in result.warnings).rstrip("\n")
        if self.verbose or (self.strict and result.status == "unchanged"):
            if result.status == "unchanged":
                line = "".join(f"warning: {printable(w)}\n" for w in result.warnings) + line
        if self.verbose and result.status == "built":
            line += "".join(f"\n          {printable(o)} ({o.stat().st_size:,} bytes)" for o in result.outputs
                            if o.exists())
        progress.advance(line, error=failed)


def _describe(result) -> str:
    """One line on what happened to a facts file, with its problems above it when it failed."""
    facts = printable(result.facts)
    names = ", ".join(printable(o) for o in result.outputs)
    warnings = "".join(f"warning: {printable(w)}\n" for w in result.warnings)
    if result.status == "failed":
        if result.bug:
            problems = _bug_line(str(result.error.problems[0]), result.bug) + "\n"
        else:
            problems = _problem_lines(result.error)
        return f"{warnings}{problems}failed    {facts}: nothing written"
    if result.status == "stale":
        return f"stale     {facts}: {names} missing or out of date"
    if result.status == "unchanged":
        return f"unchanged {facts}: {names} up to date"
    changed = f"; {result.changes} topic(s) changed since the previous version" if result.changes else ""
    return f"{warnings}built     {facts} -> {names} ({result.seconds:.1f} s{changed})"


def _load(path: Path):
    """A facts file read through the one bounded reader, then loaded; FactsError on any problem."""
    from .output import FACTS_LIMIT
    from .load import parse_facts
    from .output import read_bounded

    try:
        raw = read_bounded(path, FACTS_LIMIT, "facts file")
    except OSError as e:
        raise FactsError.single(str(path), e.strerror or str(e)) from None
    return parse_facts(raw, str(path))


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(old, new) -> None:
    """Print what changed from OLD to NEW, two versions of a facts file (exit 0 either way)."""
    from .diff import compare

    try:
        before, after = _load(old), _load(new)
    except FactsError as e:
        _report(e)
        sys.exit(1)
    changes = compare(before, after)
    if not changes:
        click.echo(f"no changes in topics, points, figures or statuses from {printable(old)} to {printable(new)}")
        return
    click.echo(printable(changes.title) + f" ({printable(old)} -> {printable(new)})")
    for topic in changes.topics:
        click.echo(f"\n{printable(topic.title)}")
        for change in topic.changes:
            click.echo(f"  {MARKS[change.kind]} {printable(change.text)}")


MARKS = {"added": "+", "removed": "-", "changed": "~", "status": "~"}


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_output_options
def validate(files, quiet, verbose, strict, as_json) -> None:
    """Check FACTS files (or every facts file in DIRs; default: data/); report every problem; exit 1 if any."""
    import time

    from .build import find_facts
    from .load import facts_warnings

    bad = 0
    found = find_facts(_default_inputs(files))
    if not found:
        raise click.UsageError(_no_facts(files))
    for path in found:
        start = time.perf_counter()
        try:
            facts = _load(path)
        except FactsError as e:
            bad += 1
            if as_json:
                _emit_json({"path": str(path), "status": "failed", "warnings": [],
                            "errors": [_problem_json(p) for p in e.problems],
                            "time": round(time.perf_counter() - start, 3)})
            else:
                _report(e)
            continue
        warnings = facts_warnings(facts)
        bad += bool(strict and warnings)
        if as_json:
            _emit_json({"path": str(path), "status": "failed" if strict and warnings else "valid",
                        "warnings": warnings, "errors": [], "time": round(time.perf_counter() - start, 3)})
            continue
        if not quiet or strict:
            for message in warnings:
                _warn(f"{path}: {message}")
        if not quiet:
            click.echo(f"ok       {printable(path)}: {len(facts.topics)} topics, {len(facts.sources)} sources")
    if strict and bad and not as_json:
        click.echo("failed   --strict: warnings fail", err=True)
    sys.exit(1 if bad else 0)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file (e.g. reportgen.schema.json, for an editor) instead of "
                   "printing it.")
def schema(output) -> None:
    """Print the JSON Schema of the facts file (every field described, with an example)."""
    from .init import schema_text

    if output is None:
        click.echo(schema_text(), nl=False)
        return
    from .output import write_atomic

    write_atomic(output, schema_text().encode("utf-8"))
    click.echo(f"wrote    {printable(output)}")


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["information", "decision", "meeting"]), default="information",
              show_default=True, help="The kind of brief: a readout, a submission for decision, or a meeting "
                                      "brief.")
def init(path, kind) -> None:
    """Write a commented facts file that validates and builds (default: data/summit.yaml), and beside it
    reportgen.schema.json for editors. Never overwrites a file."""
    from .init import DEFAULT_PATH, init as write_init

    path = path or DEFAULT_PATH
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise click.UsageError(f"{printable(path)}: a facts file from init is YAML; name it .yaml")
    try:
        done = write_init(path, kind)
    except FileExistsError:
        click.echo(f"error: {printable(path)} exists; init never overwrites a file: name another "
                   f"(reportgen init data/NAME.yaml)", err=True)
        sys.exit(1)
    except OSError as e:
        click.echo(f"error: {printable(getattr(e, 'filename', None) or path)}: {printable(e.strerror or e)}",
                   err=True)
        sys.exit(1)
    for written, what in done:
        if what == "written":
            click.echo(f"wrote    {printable(written)}")
        elif what == "differs":
            click.echo(f"kept     {printable(written)} (another version's; `reportgen schema -o "
                       f"{printable(written)}` replaces it)")
    click.echo(f"next:    edit {printable(path)}, then `reportgen validate {printable(path)}` and "
               f"`reportgen build {printable(path)}`")


@main.group()
def templates() -> None:
    """The note and deck templates a house restyles (see the README: the styles and layouts a template needs)."""


@templates.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def templates_export(folder) -> None:
    """Write the default briefing.docx and deck.pptx into FOLDER, to restyle and pass back with
    --docx-template and --pptx-template (or in reportgen.toml). Never overwrites a file."""
    from . import TEMPLATES_DIR

    names = ("briefing.docx", "deck.pptx")
    existing = [folder / n for n in names if (folder / n).exists()]
    if existing:
        click.echo(f"error: {', '.join(printable(p) for p in existing)} exists; templates export never "
                   "overwrites a file: name another folder", err=True)
        sys.exit(1)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = folder / name
        with open(target, "xb") as handle:
            handle.write((TEMPLATES_DIR / name).read_bytes())
        click.echo(f"wrote    {printable(target)}")
    click.echo(f"next:    restyle them, then `reportgen build --docx-template {printable(folder / names[0])} "
               f"--pptx-template {printable(folder / names[1])}`")


@main.command(epilog=CONFIG_HELP)
@click.argument("target", required=False, type=click.Path(exists=True, path_type=Path))
@_target_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files built at once (default: one per core).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each change seen.")
@click.pass_context
def watch(ctx, target, out_dir, formats, jobs, quiet, verbose, **settings) -> None:
    """Build FACTS (or every facts file in DIR; default: data/), then rebuild a brief whenever its facts
    file, or a template, changes. An invalid edit is reported and the last good documents are kept.
    Ctrl-C stops."""
    from .watch import watch as run_watch

    given = _with_config(ctx, {"out_dir": out_dir, "formats": formats, "jobs": jobs, **settings})
    out_dir, formats, jobs = given.pop("out_dir"), given.pop("formats"), given.pop("jobs")
    settings = given

    inputs = _default_inputs((target,) if target else ())
    run_watch(inputs[0], out_dir, formats, settings, jobs, quiet=quiet, verbose=verbose,
              describe=_describe, warn=_warn)


def run() -> None:
    """The `reportgen` program: main(), then out without tearing the interpreter down where that is
    verified (fastpaths/cpython.py; CliRunner tests call main() and are unaffected)."""
    from .fastpaths.cpython import hold_collection

    hold_collection()  # until a build has loaded what it needs (build.py resumes it)
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
        if not isinstance(e.code, (int, type(None))):
            print(e.code, file=sys.stderr)
    from .fastpaths.cpython import exit_now

    exit_now(code)


if __name__ == "__main__":  # pragma: no cover
    run()
