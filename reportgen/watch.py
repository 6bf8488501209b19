"""`reportgen watch`: build, then rebuild a brief whenever its facts file or a template changes.

Changes are seen with watchfiles (the file-watching library uvicorn and others use: native notification
through Rust's notify, with a debounce that folds an editor's several writes of one save into one change).
A failed rebuild writes nothing (the build replaces a brief's files only when every one is made), so the last
good documents stay in place; Ctrl-C (SIGINT) ends the watch with exit 0.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, Callable

import click

from .errors import FactsError, printable

DEBOUNCE_MS = 300  # an editor's save (write, rename, touch) arrives as one change


def watch(target: Path, out_dir: Path, formats: tuple[str, ...], settings: dict[str, Any], jobs: int | None,
          quiet: bool, verbose: bool, describe: Callable, warn: Callable[[str], None]) -> None:
    import watchfiles

    from . import TEMPLATES_DIR
    from .build import FACTS_SUFFIXES, BuildOptions, build_all, find_facts

    options = BuildOptions(out_dir, formats, settings)
    folder = target if target.is_dir() else target.parent
    templates = {Path(p).resolve() for p in settings.values() if isinstance(p, Path)}
    templates |= {p.resolve() for p in TEMPLATES_DIR.glob("*.j2")}

    def facts_files() -> list[Path]:
        return find_facts([target]) if target.exists() else []

    def run(files: list[Path], force: bool = False) -> None:
        if not files:
            return
        try:
            with contextlib.closing(build_all(files, BuildOptions(out_dir, formats, settings, force=force),
                                              jobs, warn=warn)) as built:
                for result in built:
                    if quiet and result.status != "failed":
                        continue
                    line = describe(result)
                    if result.status == "failed":
                        line += "; the last good documents are kept"
                    click.echo(line, err=result.status == "failed")
        except FactsError as e:  # a template no brief can be built with: say so, keep watching
            for problem in e.problems:
                click.echo(f"{e.kind}: {problem}", err=True)

    run(facts_files())
    watched = [folder.resolve(), *sorted({t.parent for t in templates if t.exists()})]
    if not quiet:
        click.echo(f"watching {printable(target)} (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        for changes in watchfiles.watch(*watched, debounce=DEBOUNCE_MS, raise_interrupt=False,
                                        recursive=False):
            changed = {Path(p).resolve() for _, p in changes}
            if verbose:
                for change, p in sorted(changes, key=lambda c: c[1]):
                    click.echo(f"changed  {printable(p)} ({change.name})")
            if changed & templates:
                click.echo(f"changed  template {', '.join(printable(p.name) for p in changed & templates)}: "
                           "rebuilding every brief")
                run(facts_files(), force=True)
                continue
            current = facts_files()
            touched = [f for f in current if f.resolve() in changed and f.suffix in FACTS_SUFFIXES]
            if touched and not quiet:
                click.echo(f"changed  {', '.join(printable(f) for f in touched)}")
            run(touched)
            sys.stdout.flush()
    except KeyboardInterrupt:  # a second Ctrl-C during a build
        pass
    if not quiet:
        click.echo("stopped")
