"""The manager's entries in an action plan already written, carried into the new one.

Why: the Excel action plan is where a manager writes who owns each finding, what will be
done, by when and how far it has got. Running `report` or `audit` again must never throw
that away. Entries are read back by rule id from the plan at the path about to be written
and put beside the same rule in the new plan (a rule now green keeps its row, so "Done" is
not lost); rows a person added are kept at the foot. A file that cannot be read as an action
plan is never replaced without `--force`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from csp_audit.model.errors import UsageError
from csp_audit.model.wording import counted

MANAGER_COLUMNS = ("Owner", "Action", "Due date", "Progress")
"""The columns of the action plan a person fills in (report/xlsx.py PLAN_COLUMNS)."""
PLAN_SHEET = "Action plan"
MAX_PLAN_BYTES = 50 * 1024 * 1024
"""A plan larger than this is not one csp-audit wrote and a manager filled in."""


@dataclass(frozen=True)
class CarriedPlan:
    """What a person wrote in the plan already there: entries by rule id, and rows they
    added (each as header -> value), in the order they were in."""

    by_rule: dict[str, dict[str, object]] = field(default_factory=dict)
    added_rows: tuple[dict[str, object], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.by_rule or self.added_rows)

    def summary(self, path: Path) -> str:
        parts = []
        if self.by_rule:
            parts.append(f"the {', '.join(MANAGER_COLUMNS[:-1])} and {MANAGER_COLUMNS[-1]} "
                         f"of {counted(len(self.by_rule), 'rule')}")
        if self.added_rows:
            parts.append(counted(len(self.added_rows), "row") + " a person added")
        return (f"carried over {' and '.join(parts)} from the action plan already at {path} "
                "into the new one")


class PlanNotCarried(UsageError):
    """The file at the action plan's path cannot be read as an action plan, so what a person
    wrote in it cannot be carried over; it is kept unless --force."""


def carried_entries(path: Path, force: bool = False) -> CarriedPlan:
    """The entries to carry from the action plan at `path` (none when there is no file).

    Raises `PlanNotCarried` when a file is there that cannot be read as an action plan,
    unless `force`, when its entries are given up and it is replaced."""
    if not path.exists():
        return CarriedPlan()
    try:
        return _read(path)
    except PlanNotCarried:
        if force:
            return CarriedPlan()
        raise


def _refuse(path: Path, why: str) -> PlanNotCarried:
    return PlanNotCarried(
        f"{path} is already there and {why}, so the Owner, Action, Due date and Progress a "
        "person may have written in it cannot be carried over; nothing was written. Move it "
        "away, or pass --force to replace it")


def _read(path: Path) -> CarriedPlan:
    if path.is_dir():
        raise _refuse(path, "is a folder")
    if path.stat().st_size > MAX_PLAN_BYTES:
        raise _refuse(path, "is too large to be an action plan csp-audit wrote")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds; all mean unreadable
        raise _refuse(path, f"cannot be read as an Excel workbook ({type(error).__name__})"
                      ) from None
    try:
        if PLAN_SHEET not in workbook.sheetnames:
            raise _refuse(path, f"has no '{PLAN_SHEET}' sheet")
        rows = [list(row) for row in workbook[PLAN_SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise _refuse(path, f"has an empty '{PLAN_SHEET}' sheet")
    headers = {str(value).strip(): index for index, value in enumerate(rows[0])
               if value is not None and str(value).strip()}
    missing = [name for name in ("Rule", *MANAGER_COLUMNS) if name not in headers]
    if missing:
        raise _refuse(path, f"its '{PLAN_SHEET}' sheet has no {' or '.join(missing)} column")
    by_rule: dict[str, dict[str, object]] = {}
    added: list[dict[str, object]] = []
    for values in rows[1:]:
        row = {name: _value(values, index) for name, index in headers.items()}
        entries = {name: row[name] for name in MANAGER_COLUMNS if row.get(name) is not None}
        rule = str(row["Rule"]).strip() if row.get("Rule") is not None else ""
        if rule and entries and rule not in by_rule:
            by_rule[rule] = entries
        elif not rule and any(value is not None for value in row.values()):
            added.append(row)
    return CarriedPlan(by_rule, tuple(added))


def _value(values: list[Any], index: int) -> object:
    value = values[index] if index < len(values) else None
    if isinstance(value, str):
        value = value.strip() or None
    if isinstance(value, datetime):
        value = value.date()
    return value if value is None or isinstance(value, str | date | int | float) else str(value)
