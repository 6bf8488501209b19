"""The command line: parse, call the library, print, exit (0 ok, 1 bad input or failed build, 2 usage)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .build import BUILDERS, BuildOptions, build_file, check_templates, find_facts
from .errors import FactsError
from .facts import json_schema
from .load import load_facts


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
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any output is missing or stale.")
def build(inputs, out_dir, formats, docx_template, pptx_template, chart_style, force, check) -> None:
    """Build the documents of FACTS files (or of every facts file in DIRs; default: data/)."""
    files = find_facts(list(inputs) or [Path("data")])
    if not files:
        raise click.UsageError("no facts files found (.yaml, .yml or .json)")
    options = BuildOptions(out_dir, formats, docx_template, pptx_template, force, check, chart_style)
    try:
        check_templates(options, _warn)
    except FactsError as e:
        _report(e)
        sys.exit(1)
    failed = 0
    for path in files:
        result = build_file(path, options, _warn)
        names = ", ".join(str(o) for o in result.outputs)
        if result.status == "failed":
            failed += 1
            _report(result.error)
            click.echo(f"failed   {path}: nothing written", err=True)
        elif result.status == "stale":
            failed += 1
            click.echo(f"stale    {path}: {names} missing or out of date", err=True)
        elif result.status == "unchanged":
            click.echo(f"unchanged {path}: {names} up to date")
        else:
            click.echo(f"built    {path} -> {names} ({result.seconds:.1f} s)")
    sys.exit(1 if failed else 0)


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
        click.echo(f"ok       {path}: {len(facts.topics)} topics, {len(facts.sources)} sources")
    sys.exit(1 if bad else 0)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the facts file."""
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
