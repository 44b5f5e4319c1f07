"""One JSON of an audit (csp_audit/report/machine.py): `check --format json` is the report's
JSON document, officers' version, compared with no earlier run, written whole or not at
all; an array of such documents for several partnerships."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.report_fixtures import sample_records, sample_result

from csp_audit.model.findings import AuditResult
from csp_audit.report.context import build_context
from csp_audit.report.machine import (
    SCHEMA_MINOR,
    SCHEMA_VERSION,
    _dumps,
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


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))
DOCUMENT_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(DOCUMENT_VALUES)
def test_the_fast_encoder_writes_the_bytes_json_dumps_writes(document: object) -> None:
    """Control characters, U+2028, non-ASCII text, nesting, empty containers and key order
    all come out as `json.dumps(indent=2, sort_keys=True, ensure_ascii=False)` writes them."""
    assert _dumps(document) == json.dumps(document, indent=2, sort_keys=True,
                                          ensure_ascii=False)


@pytest.mark.parametrize("document", [{"n": 2**70}, {1: "a", 2: "b"}, ["\ud800"]])
def test_what_the_fast_encoder_refuses_is_written_as_before(document: object) -> None:
    assert _dumps(document) == json.dumps(document, indent=2, sort_keys=True,
                                          ensure_ascii=False)


def test_the_document_holds_no_float() -> None:
    """orjson writes a float's exponent differently (`1e-7` for `1e-07`): a float in the
    document would need the standard encoder again."""
    def leaves(value: object) -> Iterator[object]:
        if isinstance(value, dict):
            for item in value.values():
                yield from leaves(item)
        elif isinstance(value, list):
            for item in value:
                yield from leaves(item)
        else:
            yield value
    for public in (False, True):
        context = build_context(sample_result(), sample_records(), None, public)
        document = json.loads(render_json(context))
        assert not [leaf for leaf in leaves(document) if isinstance(leaf, float)]
