"""Progress of a batch: a live bar on a terminal, plain lines anywhere else (CI logs, pipes)."""

from __future__ import annotations

import os
import sys

import click


class Progress:
    """Shows one line per finished file; on an interactive terminal, a bar below them as well."""

    def __init__(self, total: int, label: str):
        self.total = total
        self.label = label
        self.live = total > 1 and sys.stderr.isatty() and not os.environ.get("CI")
        self._bar = None

    def __enter__(self) -> "Progress":
        return self

    def advance(self, line: str, error: bool = False) -> None:
        """Report one finished file. The bar (and its thread) starts with the first: by then a batch's
        worker processes have been forked, and no thread of the bar's was copied into them."""
        if self.live and self._bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TimeElapsedColumn

            self._bar = Bar("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, style="red" if error else None)
            self._bar.advance(self._task)
        else:
            click.echo(line, err=error)

    def __exit__(self, *_exc) -> None:
        if self._bar is not None:
            self._bar.stop()
