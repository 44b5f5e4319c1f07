"""The Waivers sheet's own check: one waiver of a rule in force at a time."""

from __future__ import annotations

from datetime import date

from csp_audit.workbook.rows import Problems, Row


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
