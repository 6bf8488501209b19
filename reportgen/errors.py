"""The exceptions users see (located problems in an input file; a bad template), and how bugs are kept."""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional controls that
# can make a terminal line say something else: never printed raw, so a value cannot forge a log line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """Text safe to print on one line of a terminal or a CI log: control characters escaped (\\n, \\x1b,
    \\u2028), and backslashes doubled where they could be mistaken for such an escape."""
    text = str(text)
    if not _UNPRINTABLE.search(text):
        return text
    text = text.replace("\\", "\\\\")
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group()) or
                            (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"),
                            text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, where it is and what was expected."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {printable(self.path)}:" if self.path else ""
        return f"{where}:{field} {printable(self.message)}"


class FactsError(Exception):
    """An input (facts file or template) that reportgen cannot use, with every problem found."""

    kind = "error"  # what the command line calls it

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        """Pickled with its problems, so it crosses from a worker process to the parent intact."""
        return (type(self), (self.problems,))

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None, path: str = "") -> FactsError:
        """An error with one problem."""
        return cls([Problem(file, line, None if line is None else 1, path, message)])


class TemplateError(FactsError):
    """A .docx or .pptx template that cannot be used: not a template of that kind, damaged, or unsafe."""

    kind = "template error"


class OutputError(FactsError):
    """An output that cannot be written: a clash of names, a read-only folder, a name too long."""


def save_traceback(text: str) -> Path:
    """Keep a bug's traceback in a file of its own (as Sphinx does) and return its path, so the
    terminal gets one line and the report gets the whole story."""
    fd, path = tempfile.mkstemp(prefix=f"reportgen-err-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        from . import __version__

        handle.write(f"reportgen {__version__}: internal error (a bug; please report it with this file)\n\n")
        handle.write(text)
    return Path(path)
