"""The exception users see: a list of located problems in one input file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, where it is and what was expected."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class FactsError(Exception):
    """An input (facts file or template) that reportgen cannot use, with every problem found."""

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
