"""The command line: parse, call the library, print, exit (0 ok, 1 bad input or failed build, 2 usage)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .build import BUILDERS, BuildOptions, FileResult, build_all, check_templates, find_facts
from .diff import compare
from .errors import FactsError
from .facts import json_schema
from .load import facts_warnings, load_facts
from .progress import Progress
from .text import say


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _report(error: FactsError) -> None:
    for problem in error.problems:
        click.echo(f"error: {problem}", err=True)


def _formats(_ctx, _param, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in BUILDERS]
    if unknown or not formats:
        raise click.BadParameter(f"expected a comma-separated list of {', '.join(BUILDERS)}; got {value!r}")
    return formats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """Turn summit facts files into a Word briefing note and a slide deck."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder the documents are written to.")
@click.option("--format", "formats", default="docx,pptx", show_default=True, callback=_formats,
              help="Which documents to write.")
@click.option("--docx-template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A .docx whose styles, page size and margins the note takes.")
@click.option("--pptx-template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A .pptx whose layouts the deck uses.")
@click.option("--chart-style", type=click.Choice(["native", "image"]), default="native", show_default=True,
              help="Deck charts as editable PowerPoint charts, or as pictures.")
@click.option("--since", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The previous version of the facts file: the brief says what changed since "
                   "(default: the version the outputs were last built from).")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any output is missing or stale.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files built at once (default: one per core).")
def build(inputs, out_dir, formats, docx_template, pptx_template, chart_style, since, force, check, jobs) -> None:
    """Build the documents of FACTS files (or of every facts file in DIRs; default: data/)."""
    files = find_facts(list(inputs) or [Path("data")])
    if not files:
        raise click.UsageError("no facts files found (.yaml, .yml or .json)")
    if since and len(files) > 1:
        raise click.UsageError("--since names the previous version of one facts file; give just that file")
    options = BuildOptions(out_dir, formats, docx_template, pptx_template, force, check, chart_style, since=since)
    try:
        check_templates(options, _warn)
    except FactsError as e:
        _report(e)
        sys.exit(1)
    with Progress(len(files), "Checking" if check else "Building") as progress:
        results = []
        for result in build_all(files, options, jobs):
            results.append(result)
            progress.advance(_describe(result), error=result.status in ("failed", "stale"))
    bad = [r for r in results if r.status in ("failed", "stale")]
    if len(files) > 1:
        counts = Counter(r.status for r in results)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        if bad:
            summary += f"; {'stale' if check else 'failed'}: {', '.join(str(r.facts) for r in bad)}"
        click.echo(summary, err=bool(bad))
    sys.exit(1 if bad else 0)


def _describe(result: FileResult) -> str:
    """One line on what happened to a facts file, with its problems above it when it failed."""
    names = ", ".join(str(o) for o in result.outputs)
    warnings = "".join(f"warning: {w}\n" for w in result.warnings)
    if result.status == "failed":
        problems = "".join(f"error: {p}\n" for p in result.error.problems)
        return f"{warnings}{problems}failed    {result.facts}: nothing written"
    if result.status == "stale":
        return f"stale     {result.facts}: {names} missing or out of date"
    if result.status == "unchanged":
        return f"unchanged {result.facts}: {names} up to date"
    changed = f"; {result.changes} topic(s) changed since the previous version" if result.changes else ""
    return f"{warnings}built     {result.facts} -> {names} ({result.seconds:.1f} s{changed})"


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(old, new) -> None:
    """Print what changed from OLD to NEW, two versions of a facts file (exit 0 either way)."""
    try:
        before, after = load_facts(old), load_facts(new)
    except FactsError as e:
        _report(e)
        sys.exit(1)
    changes = compare(before, after)
    if not changes:
        click.echo(f"no changes in topics, points, figures or statuses from {old} to {new}")
        return
    click.echo(say("changes_title", changes.since) + f" ({old} -> {new})")
    for topic in changes.topics:
        click.echo(f"\n{topic.title}")
        for change in topic.changes:
            click.echo(f"  {MARKS[change.kind]} {change.text}")


MARKS = {"added": "+", "removed": "-", "changed": "~", "status": "~"}


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(files) -> None:
    """Check FACTS files; report every problem; exit 1 if any."""
    bad = 0
    for path in files:
        try:
            facts = load_facts(path)
        except FactsError as e:
            bad += 1
            _report(e)
            continue
        for message in facts_warnings(facts):
            _warn(f"{path}: {message}")
        click.echo(f"ok       {path}: {len(facts.topics)} topics, {len(facts.sources)} sources")
    sys.exit(1 if bad else 0)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the facts file."""
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
