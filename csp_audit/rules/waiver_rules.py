"""Waivers checked at validate and load: against each other, and against the rules they
could waive.

Two waivers of one rule in force on the same day are an error: the audit would apply one
and hide the other. A mistyped rule id waives nothing, and the user should hear so before
any audit (the engine says it again with each run, `engine.unknown_waivers`); that is a
warning, never an error: the workbook is still valid, and a partnership whose own checklist
is not known here (kept in a folder of its own, given to check with --checklists) is not
checked at all rather than warned about rules that may well exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from csp_audit.model.errors import CspAuditError, Problem, did_you_mean
from csp_audit.workbook.rows import Problems, Row
from csp_audit.workbook.sheets import cell_ref

if TYPE_CHECKING:
    from csp_audit.model.records import Partnership
    from csp_audit.rules.checklists import Library
    from csp_audit.workbook.validate import Validation

Applying = tuple[tuple[str, ...], frozenset[str]]
"""The ids of the checklists that apply to a partnership, and of every rule they hold."""


class RuleIds:
    """The rules that would apply to each partnership, resolved as the engine resolves them
    (national or national-wales, hallmarks, the partnership's own); the checklists are read
    once, when a workbook with waivers first needs them."""

    def __init__(self, folders: Iterable[Path] = ()) -> None:
        self.folders = tuple(folders)
        self._library: Library | None = None
        self._applying: dict[tuple[str, ...], Applying | None] = {}

    def applying_to(self, partnership: Partnership) -> Applying | None:
        """None when the checklists cannot be resolved for this partnership (its own is not
        known here, or the checklists are broken: `check` says why)."""
        from csp_audit.rules.checklists import Library, checklist_ids_for, checklists_for

        key = tuple(checklist_ids_for(partnership))
        if key not in self._applying:
            try:
                self._library = self._library or Library(self.folders)
                resolved = checklists_for(partnership, library=self._library)
            except CspAuditError:
                self._applying[key] = None
            else:
                self._applying[key] = (tuple(c.id for c in resolved.checklists),
                                       frozenset(rule.id for rule in resolved.rules))
        return self._applying[key]


def unknown_waiver_problems(validation: Validation, rule_ids: RuleIds) -> list[Problem]:
    """A warning for each waiver whose rule id none of the applying checklists holds
    (compared as the engine compares them: trimmed, ignoring case), naming its cell."""
    records = validation.records
    if records is None or not records.waivers:
        return []
    applying = rule_ids.applying_to(records.partnership)
    if applying is None:
        return []
    applied, known = applying
    column = validation.waiver_rule_column
    problems = []
    for waiver in records.waivers:
        rule_id = waiver.rule_id.strip()
        if rule_id.upper() in known:
            continue
        problems.append(Problem(
            file=str(validation.path), severity="warning", sheet=waiver.place.sheet,
            cell=cell_ref(waiver.place.row, column) if column is not None else None,
            message=f"unknown waiver rule id '{rule_id}': none of the checklists that apply "
                    f"({', '.join(applied)}) has it, so it waives nothing"
                    f"{did_you_mean(rule_id, sorted(known))}"))
    return problems


def check_waiver_overlaps(rows: list[Row], problems: Problems) -> None:
    """Two waivers of one rule in force on the same day are an error naming both cells.

    The engine applies a waiver from its approved_on (blank: from the start) to its
    expires, and of those in force the one expiring last, so an overlap would silently
    hide the other's reason; a renewal approved after the last one expired is fine."""
    by_rule: dict[str, list[Row]] = {}
    for row in rows:
        rule_id, expires = row.values.get("rule_id"), row.values.get("expires")
        if row.ok and rule_id is not None and expires is not None:
            by_rule.setdefault(str(rule_id).strip().upper(), []).append(row)
    for rule_id, waivers in by_rule.items():
        for index, later in enumerate(waivers):
            for earlier in waivers[:index]:
                if _in_force_together(earlier, later):
                    later.ok = False
                    problems.error(
                        f"two waivers of {rule_id} are in force on the same days: this one "
                        f"({_waiver_period(later)}) and {earlier.sheet}!"
                        f"{earlier.ref('rule_id')} ({_waiver_period(earlier)}); the audit "
                        "would apply only one", later.sheet, later.ref("rule_id"),
                        found=later.values["rule_id"],
                        expected="one waiver per rule at a time: a renewal's approved_on "
                                 "after the previous waiver expires")
                    break


def _in_force_together(first: Row, second: Row) -> bool:
    starts = [row.values.get("approved_on") or date.min for row in (first, second)]
    ends = [row.values["expires"] for row in (first, second)]
    return max(starts) <= min(ends)  # type: ignore[type-var]


def _waiver_period(row: Row) -> str:
    start = row.values.get("approved_on")
    return (f"{start:%d/%m/%Y} to " if start else "until ") + f"{row.values['expires']:%d/%m/%Y}"
