"""The report's Actions section: what the partnership is doing about its audits.

`actions`: None when the workbook has no Actions register (nor an Action plan sheet) and
no recommendations register, else {
`open`, `overdue`, `done`: [action] (open = not done or dropped on as-of, soonest due
first; overdue = open and past due on as-of; done = done within the year up to as-of,
or done with no date, as a filled-in action plan records it),
`counts`: {open, overdue, done, dropped, total}, `summary`: the counts as one sentence
(`3 open, of which 1 overdue; 2 done this year.`: the overdue are some of the open, never
added to them),
`answered`: one line per red or amber finding, [{`rule_id`, `anchor`, `title`, `status`,
`status_label`, `actions` (ids of the actions naming the rule that are not dropped),
`addressed` (bool)}],
`closed_since`: [action ids] (actions for a rule the compared run rated red or amber, done
since; None without a compared run), `closed_since_line` (one sentence or None),
`recommendations`: {`total`, `answered`, `awaiting`, `overdue`} (made to the partnership),
`dhr_recommendations`: {`total`, `open`, `overdue`, `done`} (counts only, in every version:
they belong to restricted cases),
`withheld` (restricted actions left out: public version only, else 0)}.
`coming_up`: {`days` (90), `end`, `end_label`, `items`: [{`due`, `due_label`, `what`,
`rule_id`, `title`, `why`}] soonest first (the open deadlines the rules judged, due after
as-of: `model.due.coming_due`), `withheld` (restricted ones left out: public version only)}.

An action is {`id`, `rule_id`, `subject`, `action`, `owner`, `due`, `due_label`, `status`,
`status_label`, `done`, `done_label`, `sheet`, `row`}.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from csp_audit.model.due import coming_due
from csp_audit.model.findings import AuditResult
from csp_audit.model.periods import long_date
from csp_audit.model.records import Action, PartnershipRecords
from csp_audit.model.restricted import names_in
from csp_audit.model.wording import counted

STATUS_WORDS = {"open": "open", "in_progress": "in progress", "done": "done",
                "dropped": "dropped"}
ACTION_REGISTERS = ("actions", "actionplan")
LOOP_REGISTERS = (*ACTION_REGISTERS, "recommendations", "dhrrecommendations")
COMING_UP_DAYS = 90


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def status_on(action: Any, as_of: date) -> str:
    """The status on as-of: done (or dropped) after as-of was still in progress then."""
    if action.status in ("done", "dropped") and action.done is not None and action.done > as_of:
        return "in_progress"
    return str(action.status)


def action_row(action: Action, as_of: date) -> dict[str, Any]:
    status = status_on(action, as_of)
    done = action.done if action.done is not None and action.done <= as_of else None
    return {"id": action.action_id, "rule_id": action.rule_id, "subject": action.subject,
            "action": action.action, "owner": action.owner, "due": _iso(action.due),
            "due_label": long_date(action.due) if action.due else None, "status": status,
            "status_label": STATUS_WORDS.get(status, status), "done": _iso(done),
            "done_label": long_date(done) if done else None,
            "sheet": action.place.sheet, "row": action.place.row}


def _hidden(action: Action, public: bool, restricted: set[str]) -> bool:
    text = " ".join(str(v) for v in (action.action_id, action.action, action.subject,
                                     action.owner, action.notes) if v)
    return public and (action.restricted or bool(names_in(text, restricted)))


def actions_context(result: AuditResult, records: PartnershipRecords,
                    previous: AuditResult | None, findings: list[dict[str, Any]],
                    public: bool, restricted: set[str]) -> dict[str, Any] | None:
    """The Actions section of one run (`findings` are the run's finding dicts, as the
    version shows them); None when the workbook keeps none of its registers."""
    if not any(records.has_register(key) for key in LOOP_REGISTERS):
        return None
    as_of, start = result.as_of, result.period_start
    shown = [a for a in records.actions if not _hidden(a, public, restricted)]
    rows = [action_row(a, as_of) for a in sorted(shown, key=lambda a: a.action_id)]
    still_open = sorted((r for r in rows if r["status"] in ("open", "in_progress")),
                        key=lambda r: (r["due"] or "9999", r["id"]))
    overdue = [r for r in still_open if r["due"] is not None and r["due"] < as_of.isoformat()]
    done = [r for r in rows if r["status"] == "done"
            and (r["done"] is None or r["done"] >= start.isoformat())]
    live = [a for a in records.actions if status_on(a, as_of) != "dropped"]
    answered = []
    for finding in findings:
        if finding["status"] not in ("red", "amber"):
            continue
        ids = sorted(a.action_id for a in live if a.rule_id
                     and a.rule_id.strip().upper() == finding["rule_id"]
                     and (a.action or a.owner) and not _hidden(a, public, restricted))
        answered.append({key: finding[key] for key in ("rule_id", "anchor", "title", "status",
                                                        "status_label")}
                        | {"actions": ids, "addressed": bool(ids)})
    closed_since, line = _closed_since(previous, shown, as_of)
    counts = {"open": len(still_open), "overdue": len(overdue), "done": len(done),
              "dropped": sum(1 for r in rows if r["status"] == "dropped"), "total": len(rows)}
    return {
        "open": still_open, "overdue": overdue, "done": done,
        "counts": counts, "summary": counts_line(counts),
        "answered": answered,
        "closed_since": closed_since, "closed_since_line": line,
        "recommendations": _recommendations(records, as_of),
        "dhr_recommendations": _dhr_recommendations(records, as_of),
        "withheld": len(records.actions) - len(shown),
    }


def counts_line(counts: dict[str, int]) -> str:
    """`3 open, of which 1 overdue; 2 done this year.`: an overdue action is an open one, so
    the sentence says so rather than list the two counts side by side as if they added up."""
    line = f"{counts['open']} open"
    if counts["overdue"]:
        line += f", of which {counts['overdue']} overdue"
    elif counts["open"]:
        line += ", none overdue"
    line += f"; {counts['done']} done this year"
    if counts["dropped"]:
        line += f"; {counts['dropped']} dropped"
    return f"{line}."


def _closed_since(previous: AuditResult | None, shown: list[Action], as_of: date
                  ) -> tuple[list[str] | None, str | None]:
    """The actions for rules the compared run rated red or amber that are now done."""
    if previous is None:
        return None, None
    raised = {f.rule_id for f in previous.findings if f.status in ("red", "amber")}
    for_raised = [a for a in shown if a.rule_id and a.rule_id.strip().upper() in raised]
    closed = sorted(a.action_id for a in for_raised if status_on(a, as_of) == "done")
    line = (f"Of {counted(len(for_raised), 'action')} for the rules rated red or amber in the "
            f"audit compared with, {len(closed)} {'is' if len(closed) == 1 else 'are'} done"
            f"{': ' + ', '.join(closed) if closed else ''}.")
    return closed, line


def _recommendations(records: PartnershipRecords, as_of: date) -> dict[str, int]:
    made = records.recommendations
    answered = [r for r in made if r.responded is not None and r.responded <= as_of]
    awaiting = [r for r in made if r not in answered]
    return {"total": len(made), "answered": len(answered), "awaiting": len(awaiting),
            "overdue": sum(1 for r in awaiting if r.response_due and r.response_due < as_of)}


def _dhr_recommendations(records: PartnershipRecords, as_of: date) -> dict[str, int]:
    items = records.dhr_recommendations
    statuses = [status_on(r, as_of) for r in items]
    still_open = [r for r, s in zip(items, statuses, strict=True) if s in ("open", "in_progress")]
    return {"total": len(items), "open": len(still_open),
            "overdue": sum(1 for r in still_open if r.due and r.due < as_of),
            "done": statuses.count("done")}


def coming_up_context(result: AuditResult, public: bool, restricted: set[str]
                      ) -> dict[str, Any]:
    """The open deadlines due in the `COMING_UP_DAYS` after as-of."""
    found = coming_due(result, COMING_UP_DAYS)
    shown = [o for o in found
             if not (public and (o.restricted or names_in(o.what, restricted)))]
    end = date.fromordinal(result.as_of.toordinal() + COMING_UP_DAYS)
    return {"days": COMING_UP_DAYS, "end": end.isoformat(), "end_label": long_date(end),
            "items": [{"due": o.due.isoformat(), "due_label": long_date(o.due), "what": o.what,
                       "rule_id": o.rule_id, "title": o.title, "why": o.why} for o in shown],
            "withheld": len(found) - len(shown)}
