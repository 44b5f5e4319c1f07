"""What every register reader shares: a sheet's rows read against its contract, records
built from the rows without problems, ids unique within a sheet, references resolved into
another sheet (counted rather than reported row by row while that sheet cannot be pointed
into: `Targets`), signatories, and periods that end before they start. Used by the record
sheets (registers.py) and by Actions and recommendations (loop.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from operator import itemgetter
from typing import TypeVar

from csp_audit.model import contract
from csp_audit.model.records import Place
from csp_audit.model.wording import visible
from csp_audit.workbook.date_sense import check_mixed_dates
from csp_audit.workbook.names import Unresolved, ident, lookup
from csp_audit.workbook.rows import Problems, Row, check_columns, read_rows, with_article
from csp_audit.workbook.sheets import Table

R = TypeVar("R")


class Targets:
    """The required sheets references point into that cannot be pointed into yet: missing
    or without a header row (each already one error), or without rows (`empty`: sheet name
    as in the workbook). A reference into one is counted, not reported row by row, so the
    one line about that sheet is not buried under rows that are only waiting for it."""

    NOUNS = {"Meetings": "meetings", "Members": "member organisations"}

    def __init__(self, unusable: Mapping[str, str], empty: Mapping[str, str]) -> None:
        self.unusable = dict(unusable)
        self.empty = dict(empty)
        self.waiting: dict[str, dict[str, int]] = {}

    def waits(self, sheet: str, target: str, references: int = 1) -> bool:
        """True (and counted) when `target` cannot be referred to yet."""
        if target not in self.unusable:
            return False
        counts = self.waiting.setdefault(target, {})
        counts[sheet] = counts.get(sheet, 0) + references
        return True

    def summarise(self, problems: Problems) -> None:
        """An empty sheet that other sheets refer to is an error, listing them; one nothing
        refers to is an empty register (the contract allows it), worth a warning. References
        into a missing sheet are a warning under that sheet's error."""
        for target, why in self.unusable.items():
            counts = self.waiting.get(target, {})
            referrers = " and ".join(
                f"{'1 row' if count == 1 else f'{count:,} rows'} of {sheet}"
                for sheet, count in counts.items())
            if target in self.empty and counts:
                problems.error(f"the {target} sheet has no rows, but {referrers} refer to "
                               f"{self.NOUNS[target]}", self.empty[target],
                               expected=EMPTY_SHEET_EXPECTED[target])
            elif target in self.empty:
                problems.warning(f"the {target} sheet has no rows: the audit will find no "
                                 f"{self.NOUNS[target]}", self.empty[target])
            elif counts:
                problems.warning(f"{referrers} refer to {self.NOUNS[target]}, but {why}; they "
                                 f"are checked once the {target} sheet is put right")


EMPTY_SHEET_EXPECTED = {
    "Partnership": "a row for each setting (field, value): at least name and code",
    "Members": "one row per member organisation",
    "Meetings": "one row per meeting",
}


def sheet_rows(table: Table | None, name: str, problems: Problems) -> list[Row]:
    if table is None:
        return []
    sheet = contract.SHEETS_BY_KEY[contract.normalise_name(name)]
    positions = check_columns(table, sheet, problems)
    check_mixed_dates(table, sheet, positions, problems)
    return read_rows(table, sheet, positions, problems)


def records_from(kind: type[R], rows: list[Row], sheet: str,
             renamed: dict[str, str] | None = None) -> tuple[R, ...]:
    """Records from the rows without problems. Columns the record has no field for (one the
    contract gained before the records did) are left out rather than crashing.

    A row without problems holds a value for every column of its sheet, so the fields and
    the columns they come from are paired once per sheet, not once per row."""
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    renamed = renamed or {}
    pairs = [(renamed.get(column.name, column.name), column.name)
             for column in contract.SHEETS_BY_KEY[contract.normalise_name(sheet)].columns]
    pairs = [(name, column) for name, column in pairs if name in names]
    keys = tuple(name for name, _ in pairs)
    columns = [column for _, column in pairs]
    values_of = itemgetter(*columns) if len(columns) > 1 else (
        lambda values: tuple(values[column] for column in columns))
    built = []
    for row in rows:
        if row.ok:
            values = dict(zip(keys, values_of(row.values), strict=True))
            built.append(kind(place=Place(row.sheet, row.number),  # type: ignore[call-arg]
                              **values))
    return tuple(built)


def unique_ids(rows: list[Row], column: str, problems: Problems) -> dict[str, str]:
    """Id -> its spelling in the sheet; a repeated id is an error naming both cells."""
    seen: dict[str, Row] = {}
    for row in rows:
        value = row.values.get(column)
        if value is None:
            continue
        first = seen.get(ident(value))
        if first is None:
            seen[ident(value)] = row
            continue
        row.ok = False
        if visible(str(value)) == visible(str(first.values[column])) != str(value):
            problems.warning(f"{column} '{visible(str(value))}' appears twice (also at "
                             f"{first.sheet}!{first.ref(column)}), the two differing only by "
                             "a character no one sees (a zero-width space pasted from a web "
                             "page?): read once, as the first", row.sheet, row.ref(column))
            continue
        problems.error(f"{column} '{value}' appears twice (also at "
                       f"{first.sheet}!{first.ref(column)})", row.sheet, row.ref(column),
                       found=value, expected=f"{with_article(column)} used once in the sheet")
    return {key: str(row.values[column]) for key, row in seen.items()}


def resolve(row: Row, column: str, known: Mapping[str, str], sheet: str,
             unresolved: Unresolved, targets: Targets) -> None:
    """Point `column` at the record it names in `sheet`, in that sheet's spelling; a name
    that is not there is kept for `Unresolved.report`, which groups repeats."""
    value = row.values.get(column)
    if value is None:
        return
    if targets.waits(row.sheet, sheet):
        row.ok = False
        return
    spelling = lookup(known, value)
    if spelling is not None:
        row.values[column] = spelling
        return
    row.ok = False
    unresolved.add(row, column, sheet, value)


def resolve_signatories(row: Row, members: dict[str, str], problems: Problems,
                         targets: Targets) -> None:
    signatories = row.values.get("signatories") or ()
    if signatories and targets.waits(row.sheet, "Members"):
        row.ok = False
        return
    missing = [name for name in signatories if lookup(members, name) is None]
    for name in missing:
        problems.error(f"a signatory of {row.values.get('kind') or 'this document'} is not "
                       "in the Members sheet", row.sheet, row.ref("signatories"),
                       found=name, expected="organisations listed in Members, separated by ';'")
    if missing:
        row.ok = False
    row.values["signatories"] = tuple(lookup(members, name) or name for name in signatories)


def check_periods(rows: Iterable[Row], start: str, end: str, problems: Problems) -> None:
    """An end date before its start is a typing slip worth stopping for."""
    for row in rows:
        first, last = row.values.get(start), row.values.get(end)
        if first is not None and last is not None and last < first:  # type: ignore[operator]
            row.ok = False
            problems.error(f"{end} is before {start} ({row.ref(start)})", row.sheet,
                           row.ref(end), found=last, expected=f"a date on or after {first}")
