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


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              callback=_out_dir, help="Folder the documents are written to.")
@click.option("--format", "formats", default=None, callback=_formats,
              help=f"Which documents to write, comma-separated: {', '.join(all_builders())}.  "
                   f"[default: {','.join(default_formats())}]")
@_builder_options
@click.option("--since", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The previous version of the facts file: the brief says what changed since "
                   "(default: the version the outputs were last built from).")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any output is missing or stale.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files built at once (default: one per core).")
def build(inputs, out_dir, formats, since, force, check, jobs, **settings) -> None:
    """Build the documents of FACTS files (or of every facts file in DIRs; default: data/)."""
    from .build import BuildOptions, build_all, find_facts

    files = find_facts(list(inputs) or [Path("data")])
    if not files:
        raise click.UsageError("no facts files found (.yaml, .yml or .json)")
    if since and len(files) > 1:
        raise click.UsageError("--since names the previous version of one facts file; give just that file")
    options = BuildOptions(out_dir, formats, settings, force=force, check=check, since=since)
    results = []
    try:
        # closing(): whatever stops the loop (a closed pipe), the build's workers are stopped with it
        with Progress(len(files), "Checking" if check else "Building") as progress, \
                contextlib.closing(build_all(files, options, jobs, warn=_warn)) as built:
            for result in built:
                results.append(result)
                progress.advance(_describe(result), error=result.status in ("failed", "stale"))
    except FactsError as e:  # a template or tool that no brief can be built with
        _report(e)
        click.echo("failed    nothing built", err=True)
        sys.exit(1)
    bad = [r for r in results if r.status in ("failed", "stale")]
    if len(files) > 1:
        counts = Counter(r.status for r in results)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        if bad:
            summary += f"; {'stale' if check else 'failed'}: {', '.join(printable(r.facts) for r in bad)}"
        click.echo(summary, err=bool(bad))
    sys.exit(3 if any(r.bug for r in results) else 1 if bad else 0)


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
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(files) -> None:
    """Check FACTS files; report every problem; exit 1 if any."""
    from .load import facts_warnings

    bad = 0
    for path in files:
        try:
            facts = _load(path)
        except FactsError as e:
            bad += 1
            _report(e)
            continue
        for message in facts_warnings(facts):
            _warn(f"{path}: {message}")
        click.echo(f"ok       {printable(path)}: {len(facts.topics)} topics, {len(facts.sources)} sources")
    sys.exit(1 if bad else 0)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the facts file."""
    import json

    from .facts import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def run() -> None:
    """The `reportgen` program: main(), then out without tearing the interpreter down where that is
    verified (fastpaths/cpython.py; CliRunner tests call main() and are unaffected)."""
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
