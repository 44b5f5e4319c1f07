"""One JSON of an audit (csp_audit/report/machine.py): `check --format json` is the report's
JSON document, officers' version, compared with no earlier run, written whole or not at
all; an array of such documents for several partnerships."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from support.report_fixtures import sample_records, sample_result

from csp_audit.model.findings import AuditResult
from csp_audit.report.context import build_context
from csp_audit.report.machine import (
    SCHEMA_MINOR,
    SCHEMA_VERSION,
    audit_document,
    render_json,
    write_audits_json,
)

PREVIOUS = ("previous_as_of", "previous_year", "previous_run_id")


def written(results: list[AuditResult], many: bool) -> str:
    chunks: list[str] = []
    write_audits_json(iter(results), many, chunks.append)
    return "".join(chunks)


def test_an_audit_document_is_the_officers_report_json_with_no_earlier_run() -> None:
    result = sample_result()
    report = render_json(build_context(result, sample_records(), None, False))
    assert written([result], many=False) == report
    document = audit_document(result)
    assert (document["schema_version"], document["schema_minor"]) == (SCHEMA_VERSION,
                                                                      SCHEMA_MINOR)
    assert document["version"] == "officers"
    assert all(document[key] is None for key in PREVIOUS)
    assert all(f["previous_status"] is None for f in document["findings"])


def test_several_audits_are_one_array_of_the_same_documents() -> None:
    results = [sample_result(), replace(sample_result(), partnership_code="otherton")]
    text = written(results, many=True)
    expected = [audit_document(result) for result in results]
    assert json.loads(text) == expected
    assert text == json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert written([], many=True) == "[]\n"
    assert json.loads(written(results[:1], many=True)) == expected[:1]


def test_nothing_is_written_when_an_audit_fails_part_way() -> None:
    def failing() -> Iterator[AuditResult]:
        yield sample_result()
        raise RuntimeError("the second audit failed")

    chunks: list[str] = []
    with pytest.raises(RuntimeError, match="second audit"):
        write_audits_json(failing(), True, chunks.append)
    assert chunks == []
