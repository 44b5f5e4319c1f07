"""Problems found in input, and the exceptions that carry them to the CLI.

A `Problem` is a value (file, sheet, cell, what was found, what was expected); the CLI turns
an `InputError` into those lines and exit code 2. Failures of the tool itself are not
`CspAuditError`s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or worth saying about) an input file, with its place."""

    file: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    found: str | None = None
    expected: str | None = None
    severity: Literal["error", "warning"] = "error"

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}: " if self.where else f"{self.file}: "
        text = place + self.message
        if self.found is not None:
            text += f" (found {self.found!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text


class CspAuditError(Exception):
    """Base of every error the CLI reports as bad input or usage (exit code 2)."""


class InputError(CspAuditError):
    """A workbook (or other input) was refused; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        """Rebuilt from its problems when a worker process raises it (parallel.py)."""
        return type(self), (self.problems,)


class UsageError(CspAuditError):
    """The command was asked for something that cannot be done (unknown partnership...)."""


class DatabaseError(CspAuditError):
    """The database could not be opened or written (read-only, full disk, bad URL)."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'sefton'?` for a misspelt name (compared ignoring case), to end the
    message that refuses it; empty when nothing known is close."""
    by_folded: dict[str, str] = {}
    for candidate in known:
        by_folded.setdefault(candidate.casefold(), candidate)
    wanted = name.strip().casefold()
    close = get_close_matches(wanted, list(by_folded), n=len(by_folded) or 1, cutoff=0.6)
    if not close:
        return ""
    # NOTE: a guess far behind the best is noise (MEETNG is not PUBLICATION); of the rest,
    # the three best, equals in alphabetical order.
    scored = sorted((-SequenceMatcher(None, wanted, c).ratio(), c) for c in close)
    close = [c for score, c in scored if score <= scored[0][0] + 0.1][:3]
    quoted = [f"'{by_folded[c]}'" for c in close]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"; did you mean {listed}?"
