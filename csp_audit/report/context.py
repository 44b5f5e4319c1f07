"""The report context: one plain, JSON-serialisable dict that every renderer takes.

Why a plain dict: renderers (Jinja templates, JSON, JUnit, PDF, XLSX) must not query the
database or decide what the public may see. Everything they show is here, already filtered
for the public version, in a fixed order, so the same run always renders the same bytes.
Values are str, int, bool, None, list and dict only; dates are ISO strings (`*_label` keys
hold the same date for people, e.g. `13 June 2024`).

Keys (`timeline` and `heatmap` are described in csp_audit/report/pictures.py):
- `public` (bool), `version` (`officers` | `public`), `version_label` ("Officers' version" |
  "Public version"), `version_note` (one sentence on what the version contains).
- `partnership`: {`code`, `name`}; `year` (`2024-25`); `period`: {`start`, `end`,
  `start_label`, `end_label`}; `as_of`, `as_of_label`; `tool_version`.
- `checklists`: [{`id`, `version`, `title`}], in the run's order.
- `overall`, `overall_label`: the rating (red if any rule is red, else amber, else green).
- `summary`: {status: count} for every status; `counts`: the same as a list, worst first,
  [{`status`, `label`, `count`}]; `total`: number of rules.
- `attention`: reds then ambers, one line each: [{`rule_id`, `title`, `status`,
  `status_label`, `line`, `anchor`}].
- `areas`: [{`id`, `title`, `counts` (as `counts`), `findings`: [finding]}] in the order
  statutory, hallmarks, local, then any other area; findings keep the run's order.
  A finding is {`rule_id`, `anchor`, `title`, `status`, `status_label`, `reason`,
  `sources`: [{`cite`, `url`}], `evidence`: [{`sheet`, `row`, `record`}],
  `evidence_withheld` (restricted rows left out: public version only, else 0),
  `guidance`, `statutory`, `basis` (what a non-statutory rule rests on, or None),
  `checklist`, `kind`, `area`, `waiver` (None or {`reason`,
  `expires`, `expires_label`, `approved_by`, `sheet`, `row`, `expired`}), `trend` (None or
  {`previous`, `previous_label`, `change`: better | worse | same | new | now_applies |
  no_longer_applies | now_waived | no_longer_waived, `change_label` (the same in
  words)})}.
  In the public version `reason` is the engine's public reason, else the reason itself
  unless it names a restricted id (then the one withheld sentence of csp_audit.model.restricted);
  `evidence` leaves out restricted rows and `evidence_withheld` counts them.
- `findings`: the same finding dicts in the run's order (for JSON, JUnit and XLSX).
- `texts_withheld`: in the public version, how many free texts (titles, items, reasons,
  waiver text, sources, names) anywhere in the context named a restricted record and were
  replaced by `[withheld: ...]` (csp_audit/report/redact.py, which every public context
  passes through); else 0. `version_note` then says so.
- `warnings`: [str], warnings about the input stored with the run (a waiver naming a rule no
  checklist has, a year without meetings), in the run's order; in the public version only
  those naming no restricted record, and `warnings_withheld` counts the others (else 0).
- `timeline`, `heatmap`, `status_bar` (where each segment of the summary bar and its words
  go): see csp_audit/report/pictures.py.
- `trend`: None when there is no run to compare with (last year's audit, else an earlier run
  of this year, as of a day before this run's), else {`as_of`, `as_of_label`, `year`,
  `same_year`, `run_id` (None when the run was not read from the database; it depends on
  the database's history, so no report text shows it), `compared_with` (which run, in
  words: reporting year and as-of day; never when it was made), `line` (one sentence:
  which run and the counts), `changes`:
  [{`rule_id`, `anchor`, `title`, `previous`, `previous_label`, `status`, `status_label`,
  `change`, `change_label`}], `counts`: {better, worse, same, new, now_applies,
  no_longer_applies, now_waived, no_longer_waived}}.
- `actions`: the Actions section, see csp_audit/report/actions.py (None without the
  registers); html, pdf and md only, as the JSON is also `check`'s, which has no records.
- `coming_up`: the next 90 days after as-of, see csp_audit/report/actions.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from csp_audit.model.findings import (
    SEVERITY,
    STATUSES,
    AuditResult,
    Evidence,
    Finding,
    StoredAudit,
    count_statuses,
    overall_status,
)
from csp_audit.model.periods import long_date
from csp_audit.model.records import PartnershipRecords
from csp_audit.model.restricted import names_in, restricted_names, withheld_reason
from csp_audit.report.actions import actions_context, coming_up_context
from csp_audit.report.clean import visible_all
from csp_audit.report.pictures import heatmap_context, status_bar_context, timeline_context
from csp_audit.report.redact import redact

STATUS_LABELS: dict[str, str] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "waived": "Waived",
    "not_applicable": "Not applicable",
}
AREA_TITLES: dict[str, str] = {
    "statutory": "National rules: law, statutory guidance and good practice",
    "hallmarks": "Hallmarks of effective partnerships",
    "local": "Local terms of reference",
}
VERSION_LABELS = {"officers": "Officers' version", "public": "Public version"}
VERSION_NOTES = {
    "officers": "This version names restricted records (DHR and ASB cases, restricted "
    "meetings, agenda items and documents). Do not publish it.",
    "public": "This version leaves out restricted records; ratings and counts are the "
    "same as in the officers' version.",
}


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def public_reason(finding: Finding, restricted: set[str]) -> str:
    """The reason as the public version shows it: the engine's public reason when it gave
    one, else the reason itself unless it names a restricted record (a run stored before the
    engine checked reasons), in which case the one withheld sentence."""
    if finding.public_reason:
        return finding.public_reason
    named = names_in(finding.reason, restricted)
    return withheld_reason(len(named)) if named else finding.reason


def is_restricted(item: Evidence, restricted: set[str]) -> bool:
    return item.restricted or bool(names_in(item.description, restricted))


def evidence_rows(evidence: tuple[Evidence, ...], public: bool,
                  restricted: set[str]) -> list[dict[str, Any]]:
    return [
        {"sheet": item.sheet, "row": item.row, "record": item.description}
        for item in evidence
        if not (public and is_restricted(item, restricted))
    ]


CHANGE_LABELS: dict[str, str] = {
    "better": "better", "worse": "worse", "same": "same", "new": "new",
    "now_applies": "now applies", "no_longer_applies": "no longer applies",
    "now_waived": "now waived", "no_longer_waived": "no longer waived",
}


def change(previous: str | None, now: str) -> str:
    """Better, worse or same by severity; `new` for a rule the earlier run did not check.
    A move to or from not applicable (`now_applies`, `no_longer_applies`) or to or from a
    waiver (`now_waived`, `no_longer_waived`) is its own change: a waiver hides the gap
    rather than closing it, so it is neither better, worse nor the same."""
    if previous is None:
        return "new"
    if (previous == "not_applicable") != (now == "not_applicable"):
        return "now_applies" if previous == "not_applicable" else "no_longer_applies"
    if (previous == "waived") != (now == "waived"):
        return "now_waived" if now == "waived" else "no_longer_waived"
    if SEVERITY[now] < SEVERITY[previous]:
        return "better"
    if SEVERITY[now] > SEVERITY[previous]:
        return "worse"
    return "same"


def finding_context(
    finding: Finding, public: bool, previous: dict[str, str] | None,
    restricted: set[str] | None = None,
) -> dict[str, Any]:
    restricted = restricted or set()
    withheld = (sum(1 for item in finding.evidence if is_restricted(item, restricted))
                if public else 0)
    waiver = finding.waiver
    trend = None
    if previous is not None:
        before = previous.get(finding.rule_id)
        trend = {
            "previous": before,
            "previous_label": STATUS_LABELS[before] if before else None,
            "change": change(before, finding.status),
            "change_label": CHANGE_LABELS[change(before, finding.status)],
        }
    return {
        "rule_id": finding.rule_id,
        "anchor": "rule-" + "".join(c if c.isalnum() else "-" for c in finding.rule_id),
        "title": finding.title,
        "status": finding.status,
        "status_label": STATUS_LABELS[finding.status],
        "reason": public_reason(finding, restricted) if public else finding.reason,
        "sources": [{"cite": s.cite, "url": s.url} for s in finding.sources],
        "evidence": evidence_rows(finding.evidence, public, restricted),
        "evidence_withheld": withheld,
        "guidance": finding.guidance,
        "statutory": finding.statutory,
        "basis": finding.basis,
        "checklist": finding.checklist,
        "kind": finding.kind,
        "area": finding.area,
        "waiver": None
        if waiver is None
        else {
            "reason": waiver.reason,
            "expires": iso(waiver.expires),
            "expires_label": long_date(waiver.expires),
            "approved_by": waiver.approved_by,
            "sheet": waiver.sheet,
            "row": waiver.row,
            "expired": waiver.expired,
        },
        "trend": trend,
    }


def public_warnings(warnings: tuple[str, ...], public: bool,
                    restricted: set[str]) -> tuple[list[str], int]:
    """The run's warnings as this version shows them, and how many it leaves out: a warning
    quotes workbook text (a waiver's rule id), which may name a restricted record."""
    shown = [w for w in warnings if not (public and names_in(w, restricted))]
    return shown, len(warnings) - len(shown)


def counts_list(summary: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": summary.get(s, 0)} for s in STATUSES
    ]


def areas_context(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = {f["area"] for f in findings}
    present = [a for a in AREA_TITLES if a in seen] + sorted(seen - set(AREA_TITLES))
    areas = []
    for area in present:
        members = [f for f in findings if f["area"] == area]
        summary = {s: sum(1 for f in members if f["status"] == s) for s in STATUSES}
        areas.append(
            {
                "id": area,
                "title": AREA_TITLES.get(area, area.replace("_", " ").capitalize()),
                "counts": counts_list(summary),
                "findings": members,
            }
        )
    return areas


def attention_context(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "rule_id": f["rule_id"],
            "title": f["title"],
            "status": f["status"],
            "status_label": f["status_label"],
            "line": f["reason"],
            "anchor": f["anchor"],
        }
        for status in ("red", "amber")
        for f in findings
        if f["status"] == status
    ]


def compared_run(previous: AuditResult, year: str) -> str:
    """The run a trend compares with, in words a reader can find it by: its reporting year
    and as-of day (what `report --year --as-of` takes). Not its run id nor when it was
    made: those depend on the database's history, and two databases built from the same
    workbooks must give the same report."""
    which = "last year's audit" if previous.year != year else "an earlier audit of this year"
    return f"{which} (reporting year {previous.year}, as of {long_date(previous.as_of)})"


def trend_context(
    previous: AuditResult | None, findings: list[dict[str, Any]], year: str,
    run_id: int | None = None,
) -> dict[str, Any] | None:
    if previous is None:
        return None
    changes = [
        {
            "rule_id": f["rule_id"],
            "anchor": f["anchor"],
            "title": f["title"],
            "previous": f["trend"]["previous"],
            "previous_label": f["trend"]["previous_label"],
            "status": f["status"],
            "status_label": f["status_label"],
            "change": f["trend"]["change"],
            "change_label": f["trend"]["change_label"],
        }
        for f in findings
    ]
    tally = {k: sum(1 for c in changes if c["change"] == k) for k in CHANGE_LABELS}
    line = ", ".join(f"{tally[k]} {'the same' if k == 'same' else label}"
                     for k, label in CHANGE_LABELS.items() if tally[k] or k in ("better", "worse"))
    which = compared_run(previous, year)
    return {
        "as_of": iso(previous.as_of),
        "as_of_label": long_date(previous.as_of),
        "year": previous.year,
        "same_year": previous.year == year,
        "run_id": run_id,
        "compared_with": which,
        "line": f"Compared with {which}: {line}.",
        "changes": changes,
        "counts": tally,
    }


def build_context(
    result: AuditResult,
    records: PartnershipRecords,
    compared: AuditResult | StoredAudit | None,
    public: bool,
) -> dict[str, Any]:
    """Everything a report shows, for the officers' or the public version of one run;
    `compared` is the run the trend compares with (a stored run gives its id)."""
    restricted = restricted_names(records)
    context = audit_context(result, compared, public, restricted)
    trend = context.pop("trend")
    pictures = visible_all({"timeline": timeline_context(result, records, public),
                            "heatmap": heatmap_context(result, records, public)})
    if public:
        pictures, withheld = redact(pictures, restricted)
        context["texts_withheld"] += withheld
        context["version_note"] = version_note("public", context["texts_withheld"])
    context.update(pictures)
    context["trend"] = trend
    previous = compared.result if isinstance(compared, StoredAudit) else compared
    context["actions"] = actions_context(result, records, previous, context["findings"],
                                         public, restricted)
    return context


def version_note(version: str, texts_withheld: int) -> str:
    """What the version contains; the public one says how many texts it withheld."""
    if not texts_withheld:
        return VERSION_NOTES[version]
    texts = "text names" if texts_withheld == 1 else "texts name"
    return (f"{VERSION_NOTES[version]} {texts_withheld} {texts} a restricted record and "
            f"{'is' if texts_withheld == 1 else 'are'} withheld.")


def audit_context(
    result: AuditResult,
    compared: AuditResult | StoredAudit | None,
    public: bool,
    restricted: set[str],
) -> dict[str, Any]:
    """The context without the pictures drawn from the records (`timeline`, `heatmap`):
    all that the JSON of an audit holds, so `check` gives the report's JSON from a result
    alone. `restricted` (the records' restricted names, `restricted_names`) is what the
    public version leaves out; the officers' version names everything, so needs none."""
    stored = None if isinstance(compared, AuditResult) else compared
    previous = stored.result if stored is not None else compared
    before = None if previous is None else {f.rule_id: f.status for f in previous.findings}
    findings = [finding_context(f, public, before, restricted) for f in result.findings]
    summary = count_statuses(result.findings)
    version = "public" if public else "officers"
    overall = overall_status(result.findings)
    warnings, withheld = public_warnings(result.warnings, public, restricted)
    context = {
        "public": public,
        "version": version,
        "version_label": VERSION_LABELS[version],
        "version_note": VERSION_NOTES[version],
        "partnership": {"code": result.partnership_code, "name": result.partnership_name},
        "year": result.year,
        "period": {
            "start": iso(result.period_start),
            "end": iso(result.period_end),
            "start_label": long_date(result.period_start),
            "end_label": long_date(result.period_end),
        },
        "as_of": iso(result.as_of),
        "as_of_label": long_date(result.as_of),
        "tool_version": result.tool_version,
        "checklists": [
            {"id": c.id, "version": c.version, "title": c.title} for c in result.checklists
        ],
        "overall": overall,
        "overall_label": STATUS_LABELS[overall],
        "summary": summary,
        "counts": counts_list(summary),
        "total": len(findings),
        "status_bar": status_bar_context(counts_list(summary), len(findings)),
        "attention": attention_context(findings),
        "areas": areas_context(findings),
        "findings": findings,
        "warnings": warnings,
        "warnings_withheld": withheld,
        "trend": trend_context(previous, findings, result.year,
                               stored.run_id if stored else None),
        "coming_up": coming_up_context(result, public, restricted),
        "texts_withheld": 0,
    }
    context = visible_all(context)
    if not public:
        return context
    context, texts_withheld = redact(context, restricted)
    context["texts_withheld"] = texts_withheld
    context["version_note"] = version_note(version, texts_withheld)
    return context
