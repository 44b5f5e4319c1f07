"""The registers that close the loop: Actions (typed, or the filled-in Action plan sheet of
a csp-audit xlsx report, read back by rule id), DHR recommendations and Recommendations.

Kept apart from registers.py, which reads the registers an audit rates: these say what
the partnership did about the audit, and are read after them (a DHR recommendation points
at a DHR case).
"""

from __future__ import annotations

import dataclasses

from csp_audit.model.records import (
    Action,
    DhrRecommendation,
    PartnershipRecords,
    Place,
    Recommendation,
)
from csp_audit.workbook.names import Unresolved, ident
from csp_audit.workbook.register_rows import (
    Targets,
    records_from,
    resolve,
    sheet_rows,
    unique_ids,
)
from csp_audit.workbook.rows import Problems, Row
from csp_audit.workbook.sheets import Table

LOOP_SHEETS = ("Actions", "Action plan", "DHR recommendations", "Recommendations")


def with_loop_registers(records: PartnershipRecords | None, tables: dict[str, Table | None],
                        problems: Problems) -> PartnershipRecords | None:
    """`records` with the loop registers read from `tables` (their problems collected
    whether or not there are records to hold them)."""
    rows = {name: sheet_rows(tables.get(name), name, problems) for name in LOOP_SHEETS}
    typed = unique_ids(rows["Actions"], "action_id", problems)
    unique_ids(rows["Recommendations"], "recommendation_id", problems)
    planned = _plan_actions(rows["Action plan"], typed, problems)
    if records is not None:
        cases = {ident(case.case_ref): case.case_ref for case in records.dhr_cases}
        unresolved = Unresolved()
        for row in rows["DHR recommendations"]:
            resolve(row, "case_ref", cases, "DHR", unresolved, Targets({}, {}))
        unresolved.report(problems, {})
    for row in (*rows["Actions"], *rows["DHR recommendations"], *rows["Recommendations"]):
        _check_done(row, problems)
    if records is None:
        return None
    actions = records_from(Action, rows["Actions"], "Actions") + planned
    dhr = records_from(DhrRecommendation, rows["DHR recommendations"], "DHR recommendations")
    made = records_from(Recommendation, rows["Recommendations"], "Recommendations")
    counts = dict(records.row_counts)
    for sheet, count in (("Actions", len(actions) - len(planned)),
                         ("Action plan", len(planned)), ("DHR recommendations", len(dhr)),
                         ("Recommendations", len(made))):
        if sheet in counts:
            counts[sheet] = count
    return dataclasses.replace(records, actions=actions, dhr_recommendations=dhr,
                               recommendations=made, row_counts=counts)


def _plan_actions(rows: list[Row], typed: dict[str, str], problems: Problems
                  ) -> tuple[Action, ...]:
    """Actions from the filled-in action plan, one per row: its rule id is its action id (a
    row the partnership added without a rule is named by its row). A red or amber row left
    blank is kept, as an action with no owner, text or due date, for the actions rule to
    report."""
    actions = []
    seen: dict[str, Row] = {}
    for row in rows:
        values = row.values
        if not row.ok:
            continue
        rule = values.get("rule")
        action_id = str(rule).strip() if rule else f"Action plan row {row.number}"
        first = seen.get(ident(action_id))
        clash = typed.get(ident(action_id))
        if first is not None or clash is not None:
            where = (f"{first.sheet}!{first.ref('rule')}" if first is not None
                     else "the Actions sheet")
            problems.error(f"rule '{action_id}' has two actions (also at {where})", row.sheet,
                           row.ref("rule"), found=action_id,
                           expected="one row per rule: write further actions in the Actions "
                                    "sheet with their own action_id")
            continue
        seen[ident(action_id)] = row
        actions.append(Action(
            action_id=action_id, action=values.get("action"),  # type: ignore[arg-type]
            place=Place(row.sheet, row.number),
            rule_id=str(rule).strip() if rule else None,
            owner=values.get("owner"),  # type: ignore[arg-type]
            due=values.get("due_date"),  # type: ignore[arg-type]
            status=str(values.get("progress") or "open"),
            rating=values.get("status"),  # type: ignore[arg-type]
        ))
    return tuple(actions)


def _check_done(row: Row, problems: Problems) -> None:
    """`done` is a date the action was done or dropped: a date with status open is a slip
    (which of the two is right, only the partnership knows)."""
    if row.ok and row.values.get("done") is not None and row.values.get("status") in (
            "open", "in_progress"):
        row.ok = False
        problems.error(f"done is dated but status is {row.values['status']}", row.sheet,
                       row.ref("status"), found=row.values["status"],
                       expected="done or dropped when done is dated, or a blank done")
