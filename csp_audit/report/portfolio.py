"""The portfolio report: many partnerships side by side, rule by rule.

Answers what a county, a commissioner or a national review asks first: how many
partnerships missed each duty ("how many held no public meeting"), and which ones. Built
from the single-partnership report contexts (csp_audit/report/context.py), never from the
database; only statuses and counts appear, so the public version differs from the
officers' version in its labels alone, as the single report's ratings do.

Keys of the portfolio context (plain, JSON-serialisable):
- `public`, `version`, `version_label`, `tool_version`: as the single report;
  `version_note`: what this portfolio holds (ratings and counts, never a restricted record)
  and, when it links to reports, which version they are.
- `years`: the reporting years covered, e.g. ["2024-25"]; `year_label`: them joined;
  `as_of`: the latest as-of day of the audits (ISO).
- `statuses`: [{`status`, `label`}] worst first.
- `overall_counts`: [{`status`, `label`, `count`}]: partnerships by overall rating, for
  red, amber and green only (`OVERALL_RATINGS`).
- `rules`: [{`rule_id`, `title`, `area`, `area_title`, `statutory`, `counts`: [{`status`,
  `label`, `count`}], `not_checked`}] in area order (statutory, hallmarks, local, others),
  then the order rules first appear.
- `partnerships`: [{`code`, `name`, `year`, `as_of_label`, `overall`, `overall_label`,
  `report` (file name of its HTML report, or None), `cells`: one per rule, in `rules`' order:
  None when the rule is not in the partnership's checklists, else {`status`, `label`,
  `href`}}], by name.
"""

from __future__ import annotations

import re
from typing import Any

from csp_audit.model.findings import STATUSES
from csp_audit.report.context import AREA_TITLES, STATUS_LABELS, VERSION_LABELS

WORST_FIRST = STATUSES
"""red, amber, green, waived, not applicable: the order every table uses."""
OVERALL_RATINGS = ("red", "amber", "green")
"""What an overall rating can be (csp_audit.model.findings.overall_status): never waived or not
applicable, so the overall table lists these alone."""
PORTFOLIO_NOTES = {
    "officers": "This portfolio gives ratings and counts only and names no restricted "
    "record.",
    "public": "This portfolio gives ratings and counts only and names no restricted "
    "record; they are the same as in the officers' version.",
}
LINK_NOTES = {
    "officers": " Its links open the officers' reports, which do name restricted records "
    "(DHR and ASB cases, restricted meetings, agenda items and documents): do not publish "
    "those reports.",
    "public": " Its links open the public reports, which leave restricted records out.",
}


def portfolio_entry(context: dict[str, Any], report_file: str | None) -> dict[str, Any]:
    """What the portfolio keeps of one partnership's report context: small, so that a
    national run holds hundreds of these and never the full contexts."""
    return {
        "code": context["partnership"]["code"],
        "name": context["partnership"]["name"],
        "year": context["year"],
        "as_of": context["as_of"],
        "as_of_label": context["as_of_label"],
        "overall": context["overall"],
        "report": report_file,
        "tool_version": context["tool_version"],
        "findings": [(f["rule_id"], f["title"], f["area"], f["statutory"], f["status"],
                      f["anchor"]) for f in context["findings"]],
    }


def _ordered_rules(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for rule_id, title, area, statutory, _status, _anchor in entry["findings"]:
            rules.setdefault(rule_id, {"rule_id": rule_id, "title": title, "area": area,
                                       "statutory": statutory})
    areas = list(AREA_TITLES)
    first_seen = {rule_id: i for i, rule_id in enumerate(rules)}
    return sorted(rules.values(), key=lambda r: (
        areas.index(r["area"]) if r["area"] in areas else len(areas), first_seen[r["rule_id"]]))


def build_portfolio_context(entries: list[dict[str, Any]], public: bool) -> dict[str, Any]:
    """The portfolio of `entries` (from `portfolio_entry`) for one version."""
    rules = _ordered_rules(entries)
    tallies = {r["rule_id"]: dict.fromkeys(STATUSES, 0) for r in rules}
    partnerships = []
    for entry in sorted(entries, key=lambda e: (e["name"].casefold(), e["code"])):
        found = {}
        for rule_id, _title, _area, _statutory, status, anchor in entry["findings"]:
            tallies[rule_id][status] += 1
            href = f"{entry['report']}#{anchor}" if entry["report"] else None
            found[rule_id] = {"status": status, "label": STATUS_LABELS[status], "href": href}
        partnerships.append({
            "code": entry["code"], "name": entry["name"], "year": entry["year"],
            "as_of_label": entry["as_of_label"], "overall": entry["overall"],
            "overall_label": STATUS_LABELS[entry["overall"]], "report": entry["report"],
            "cells": [found.get(rule["rule_id"]) for rule in rules],
        })
    for rule in rules:
        tally = tallies[rule["rule_id"]]
        rule["area_title"] = AREA_TITLES.get(rule["area"],
                                             rule["area"].replace("_", " ").capitalize())
        rule["counts"] = [{"status": s, "label": STATUS_LABELS[s], "count": tally[s]}
                          for s in WORST_FIRST]
        rule["not_checked"] = len(entries) - sum(tally.values())
    overall = [{"status": s, "label": STATUS_LABELS[s],
                "count": sum(1 for e in entries if e["overall"] == s)} for s in OVERALL_RATINGS]
    years = sorted({entry["year"] for entry in entries})
    version = "public" if public else "officers"
    linked = any(entry["report"] for entry in entries)
    return {
        "public": public, "version": version, "version_label": VERSION_LABELS[version],
        "version_note": PORTFOLIO_NOTES[version] + (LINK_NOTES[version] if linked else ""),
        "tool_version": entries[0]["tool_version"] if entries else "",
        "years": years, "year_label": ", ".join(years),
        "as_of": max((entry["as_of"] for entry in entries), default=None),
        "statuses": [{"status": s, "label": STATUS_LABELS[s]} for s in WORST_FIRST],
        "overall_counts": overall, "rules": rules, "partnerships": partnerships,
    }


def portfolio_stem(context: dict[str, Any]) -> str:
    """`portfolio-<years>[-public]`, in safe characters only."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "portfolio-" + "-".join(context["years"]))
    return stem.strip(".-") + ("-public" if context["public"] else "")
