"""Reports for machines: versioned JSON (docs/report-json.md) and JUnit XML for CI.

One JSON of an audit: the report's `.json` file and `check --format json` are the same
document, made here from the same context (check's is the officers' version of a run just
made, compared with no earlier run). Both formats are byte-deterministic: sorted keys or a
fixed element order, no timestamps, and the findings in the run's order.
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from csp_audit.model.findings import AuditResult
from csp_audit.report.clean import xml_text
from csp_audit.report.context import audit_context

SCHEMA_VERSION = 1
SCHEMA_MINOR = 5
"""Raised when keys are added within a schema version, so a reader can tell whether they are
there; `schema_version` changes only when a key is removed or changes meaning."""


def json_finding(finding: dict[str, Any]) -> dict[str, Any]:
    return {
        "rule_id": finding["rule_id"],
        "title": finding["title"],
        "status": finding["status"],
        "reason": finding["reason"],
        "source": "; ".join(s["cite"] for s in finding["sources"]),
        "sources": finding["sources"],
        "evidence": finding["evidence"],
        "evidence_withheld": finding["evidence_withheld"],
        "guidance": finding["guidance"],
        "area": finding["area"],
        "statutory": finding["statutory"],
        "basis": finding["basis"],
        "checklist": finding["checklist"],
        "kind": finding["kind"],
        "waiver": finding["waiver"],
        "previous_status": finding["trend"]["previous"] if finding["trend"] else None,
    }


def json_document(context: dict[str, Any]) -> dict[str, Any]:
    """The audit as the JSON document, schema version 1 (minor `SCHEMA_MINOR`): the keys CI
    and other tools may rely on."""
    return {
        "schema_version": SCHEMA_VERSION,
        "schema_minor": SCHEMA_MINOR,
        "version": context["version"],
        "version_label": context["version_label"],
        "partnership": context["partnership"],
        "year": context["year"],
        "period": {"start": context["period"]["start"], "end": context["period"]["end"]},
        "as_of": context["as_of"],
        "tool_version": context["tool_version"],
        "checklists": context["checklists"],
        "overall": context["overall"],
        "summary": context["summary"],
        "previous_as_of": context["trend"]["as_of"] if context["trend"] else None,
        "previous_year": context["trend"]["year"] if context["trend"] else None,
        "previous_run_id": context["trend"]["run_id"] if context["trend"] else None,
        "findings": [json_finding(f) for f in context["findings"]],
        "warnings": context["warnings"],
        "warnings_withheld": context["warnings_withheld"],
        "coming_up": context.get("coming_up"),
        "texts_withheld": context["texts_withheld"],
    }


ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def _dumps(document: Any) -> str:
    """`json.dumps(indent=2, sort_keys=True, ensure_ascii=False)`, the reports' bytes since
    schema 1, written by orjson (the standard encoder falls back to pure Python when
    indenting, ten times slower). orjson gives the same bytes for every type the document
    holds (str, int, bool, None, list, dict); it writes floats differently (`1e-7`, not
    `1e-07`), so the document holds none, and it refuses what it cannot write the same way
    (integers beyond 64 bits, keys that are not strings, lone surrogates): those go to
    `json.dumps` as before."""
    try:
        return orjson.dumps(document, option=ORJSON_OPTIONS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)


def render_json(context: dict[str, Any]) -> str:
    """The report's `.json` file: `json_document` of the context, keys sorted."""
    return _dumps(json_document(context)) + "\n"


def audit_document(result: AuditResult) -> dict[str, Any]:
    """What `check --format json` gives for one audit: the report's JSON document, in the
    officers' version, compared with no earlier run (every `previous_*` key null)."""
    return json_document(audit_context(result, None, public=False, restricted=set()))


def write_audits_json(results: Iterable[AuditResult], many: bool,
                      emit: Callable[[str], None]) -> None:
    """`check --format json`: one document for one partnership, or an array of them when
    `many`, passed to `emit` whole or not at all. Each document is spooled as its audit
    comes and dropped, so memory stays flat however many partnerships are audited, and
    nothing is emitted when `results` fails part-way (a CI job never reads half an array).
    The bytes are `json.dumps` of the document (or list) with the report's settings."""
    with tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8") as spool:
        count = 0
        for count, result in enumerate(results, start=1):
            text = _dumps(audit_document(result))
            if many:
                text = ("[\n" if count == 1 else ",\n") + "\n".join(
                    "  " + line for line in text.splitlines())
            spool.write(text)
        if many:
            spool.write("\n]\n" if count else "[]\n")
        elif count != 1:
            raise ValueError(f"one audit expected, {count} given")
        else:
            spool.write("\n")
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            emit(chunk)


def failure_text(finding: dict[str, Any]) -> str:
    lines = [finding["reason"]]
    lines += [f"Source: {s['cite']}" + (f" <{s['url']}>" if s["url"] else "")
              for s in finding["sources"]]
    lines += [f"Evidence: {e['sheet']} row {e['row']}: {e['record']}" if e["sheet"]
              else f"Evidence: {e['record']}" for e in finding["evidence"]]
    if finding["evidence_withheld"]:
        count = finding["evidence_withheld"]
        lines.append(f"{count} restricted {'record is' if count == 1 else 'records are'} left "
                     "out of this version.")
    if finding["guidance"]:
        lines.append(f"Guidance: {finding['guidance']}")
    return "\n".join(lines)


def testcase(finding: dict[str, Any], code: str, amber_fails: bool) -> tuple[ET.Element, str]:
    """One rule as a test case, and how it counts: failure, skipped or passed."""
    case = ET.Element("testcase", {
        "classname": f"{code}.{finding['area']}",
        "name": f"{finding['rule_id']}: {finding['title']}",
    })
    status = finding["status"]
    if status == "red" or (status == "amber" and amber_fails):
        failure = ET.SubElement(case, "failure", {"type": status, "message": finding["reason"]})
        failure.text = failure_text(finding)
        return case, "failure"
    if status in ("waived", "not_applicable"):
        ET.SubElement(case, "skipped", {"type": status, "message": finding["reason"]})
        return case, "skipped"
    if status == "amber":
        out = ET.SubElement(case, "system-out")
        out.text = "Amber (not a failure unless --junit-amber-fails): " + failure_text(finding)
    return case, "passed"


def well_formed(root: ET.Element) -> None:
    """Every attribute and text of the tree in characters XML 1.0 allows (ElementTree
    writes any character, and a parser then refuses the whole file)."""
    for element in root.iter():
        for name, value in element.attrib.items():
            element.set(name, xml_text(value))
        if element.text:
            element.text = xml_text(element.text)


def render_junit(context: dict[str, Any], amber_fails: bool = False) -> str:
    """JUnit XML: one test suite per report area, one test case per rule.

    Red is a failure; amber is a failure only with `amber_fails`; waived and not
    applicable are skipped.
    """
    code = context["partnership"]["code"]
    root = ET.Element("testsuites", {"name": f"csp-audit {code} {context['year']}"})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for area in context["areas"]:
        suite = ET.SubElement(root, "testsuite", {"name": f"{code} {context['year']}: "
                                                          f"{area['title']}"})
        tally = {"tests": 0, "failures": 0, "skipped": 0}
        properties = ET.SubElement(suite, "properties")
        for name, value in (("version", context["version_label"]),
                            ("as_of", context["as_of"]), ("overall", context["overall"])):
            ET.SubElement(properties, "property", {"name": name, "value": value})
        for finding in area["findings"]:
            case, outcome = testcase(finding, code, amber_fails)
            suite.append(case)
            tally["tests"] += 1
            if outcome == "failure":
                tally["failures"] += 1
            elif outcome == "skipped":
                tally["skipped"] += 1
        for key in ("tests", "failures", "skipped"):
            suite.set(key, str(tally[key]))
            totals[key] += tally[key]
        suite.set("errors", "0")
    for key in ("tests", "failures", "skipped"):
        root.set(key, str(totals[key]))
    root.set("errors", "0")
    well_formed(root)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
