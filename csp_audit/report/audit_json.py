"""An audit result as plain JSON-ready data: the one function behind `check --format json`."""

from __future__ import annotations

from typing import Any

from csp_audit.model.findings import AuditResult, Evidence, Finding


def _evidence(item: Evidence) -> dict[str, Any]:
    return {"description": item.description, "sheet": item.sheet, "row": item.row,
            "restricted": item.restricted}


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    waiver = finding.waiver
    return {
        "rule_id": finding.rule_id,
        "title": finding.title,
        "status": finding.status,
        "reason": finding.reason,
        "public_reason": finding.public_reason,
        "source": [{"cite": s.cite, "url": s.url} for s in finding.sources],
        "evidence": [_evidence(e) for e in finding.evidence],
        "guidance": finding.guidance,
        "statutory": finding.statutory,
        "basis": finding.basis,
        "area": finding.area,
        "checklist": finding.checklist,
        "kind": finding.kind,
        "waiver": None if waiver is None else {
            "reason": waiver.reason, "expires": waiver.expires.isoformat(),
            "approved_by": waiver.approved_by, "expired": waiver.expired,
            "sheet": waiver.sheet, "row": waiver.row},
    }


def audit_to_dict(result: AuditResult) -> dict[str, Any]:
    """`partnership`, `year`, `as_of`, `overall`, `summary` and `findings` (rules.md)."""
    return {
        "partnership": result.partnership_code,
        "partnership_name": result.partnership_name,
        "year": result.year,
        "period": {"start": result.period_start.isoformat(),
                   "end": result.period_end.isoformat()},
        "as_of": result.as_of.isoformat(),
        "overall": result.overall,
        "summary": dict(result.summary),
        "checklists": [{"id": c.id, "version": c.version, "title": c.title}
                       for c in result.checklists],
        "tool_version": result.tool_version,
        "warnings": list(result.warnings),
        "findings": [finding_to_dict(f) for f in result.findings],
    }
