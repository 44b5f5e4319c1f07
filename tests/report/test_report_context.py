"""The report context: plain, deterministic, and the public version leaks nothing."""

from __future__ import annotations

import json
from dataclasses import replace

from support.report_fixtures import PLANTED, previous_result, sample_records, sample_result

from csp_audit.model.findings import Evidence
from csp_audit.model.restricted import withheld_reason
from csp_audit.report.context import build_context


def test_a_safe_reason_is_shown_in_public_without_its_restricted_evidence() -> None:
    """The engine leaves public_reason None when the reason names nothing restricted: the
    public version shows it, and leaves out only the restricted evidence rows."""
    result = sample_result()
    safe = replace(result.findings[2], reason="One ASB case review was completed late.",
                   public_reason=None)
    result = replace(result, findings=(safe,))
    public = build_context(result, sample_records(), None, public=True)
    finding = public["findings"][0]
    assert finding["reason"] == "One ASB case review was completed late."
    assert finding["evidence"] == [] and finding["evidence_withheld"] == 1


def test_a_stored_reason_naming_a_restricted_id_is_still_withheld() -> None:
    """A run stored before the engine gave public reasons: the context checks the ids too."""
    result = sample_result()
    old = replace(result.findings[3], public_reason=None,
                  evidence=(Evidence(f"{PLANTED['document_id']} approved", "Documents", 4),))
    public = build_context(replace(result, findings=(old,)), sample_records(), None, True)
    assert public["findings"][0]["reason"] == withheld_reason(1)
    assert public["findings"][0]["evidence"] == []


def contexts() -> tuple[dict, dict]:
    result, records = sample_result(), sample_records()
    return (build_context(result, records, previous_result(), public=False),
            build_context(result, records, previous_result(), public=True))


def test_context_is_plain_json_and_deterministic() -> None:
    officers, _ = contexts()
    again, _ = contexts()
    assert json.loads(json.dumps(officers)) == officers
    assert json.dumps(officers, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_public_version_has_no_restricted_string_and_officers_version_has_all() -> None:
    officers, public = contexts()
    officers_text, public_text = json.dumps(officers), json.dumps(public)
    for field, planted in PLANTED.items():
        assert planted in officers_text, field
        assert planted not in public_text, field


def test_public_and_officers_versions_agree_on_ratings() -> None:
    officers, public = contexts()
    assert public["overall"] == officers["overall"] == "red"
    assert public["summary"] == officers["summary"]
    assert public["counts"] == officers["counts"]
    assert [f["status"] for f in public["findings"]] == [f["status"] for f in officers["findings"]]
    assert (public["version_label"], officers["version_label"]) == (
        "Public version", "Officers' version")


def test_public_reason_used_else_the_one_withheld_sentence() -> None:
    _, public = contexts()
    by_id = {f["rule_id"]: f for f in public["findings"]}
    assert by_id["NAT-DHR-DECISION"]["reason"] == "One DHR decision was made later than one month."
    isp = by_id["NAT-ISP"]
    assert isp["evidence"] == [] and isp["evidence_withheld"] == 1
    assert isp["reason"] == withheld_reason(1)
    attendance = by_id["HM-RA-ATTENDANCE"]
    assert [e["row"] for e in attendance["evidence"]] == [6]
    assert by_id["NAT-RA-MEMBERSHIP"]["reason"].startswith("All five")


def test_attention_lists_reds_then_ambers() -> None:
    officers, _ = contexts()
    assert [a["status"] for a in officers["attention"]] == ["red", "amber", "amber", "amber"]


def test_areas_in_report_order() -> None:
    officers, _ = contexts()
    assert [a["id"] for a in officers["areas"]] == ["statutory", "hallmarks", "local"]
    assert sum(len(a["findings"]) for a in officers["areas"]) == officers["total"] == 8


def test_trend_against_previous_run() -> None:
    officers, _ = contexts()
    changes = {c["rule_id"]: c["change"] for c in officers["trend"]["changes"]}
    assert changes["NAT-RA-MEMBERSHIP"] == "better"
    assert changes["NAT-DHR-DECISION"] == "worse"
    assert changes["TST-PAPERS"] == "new"
    assert changes["NAT-ISP"] == "same"
    assert build_context(sample_result(), sample_records(), None, False)["trend"] is None


def test_heatmap_has_board_meetings_and_letters() -> None:
    officers, public = contexts()
    assert [m["id"] for m in officers["heatmap"]["meetings"]] == [
        "B-2024-06", "B-2024-09", PLANTED["meeting_id"]]
    assert [m["id"] for m in public["heatmap"]["meetings"]] == ["B-2024-06", "B-2024-09"]
    police = officers["heatmap"]["organisations"][1]
    assert [c["letter"] for c in police["cells"]] == ["S", "P", "P"]
    youth = officers["heatmap"]["organisations"][-1]
    assert [c["status"] for c in youth["cells"]] == ["not_member", "not_member", "not_recorded"]


def test_timeline_case_deadlines_counted_as_each_version_shows_them() -> None:
    """The public version counts only the deadlines it shows (none here: all are of
    restricted cases) and counts the others among those left out."""
    officers, public = contexts()
    assert officers["timeline"]["deadlines"] == {"met": 1, "missed": 1, "open": 0}
    assert public["timeline"]["deadlines"] == {"met": 0, "missed": 0, "open": 0}
    officer_lanes = {lane["id"]: lane for lane in officers["timeline"]["lanes"]}
    assert [(e["date"], e["mark"]) for e in officer_lanes["deadlines"]["events"]] == [
        ("2024-06-02", "missed"), ("2024-10-01", "met")]
    lanes = {lane["id"]: lane for lane in public["timeline"]["lanes"]}
    assert lanes["deadlines"]["events"] == []
    assert public["timeline"]["withheld"] > 0


def test_a_rule_that_now_applies_is_not_called_worse() -> None:
    result = sample_result()
    previous = replace(previous_result(), findings=tuple(
        replace(f, status="not_applicable") if f.rule_id == "NAT-ISP" else
        replace(f, status="red") if f.rule_id == "NAT-COUNTY-AGREEMENT" else f
        for f in previous_result().findings))
    context = build_context(result, sample_records(), previous, public=False)
    changes = {c["rule_id"]: (c["change"], c["change_label"]) for c in context["trend"]["changes"]}
    assert changes["NAT-ISP"] == ("now_applies", "now applies")
    assert changes["NAT-COUNTY-AGREEMENT"] == ("no_longer_applies", "no longer applies")
    assert context["trend"]["line"] == (
        "Compared with last year's audit (reporting year 2023-24, as of 31 March 2024): "
        "1 better, 1 worse, "
        "3 the same, 1 new, 1 now applies, 1 no longer applies.")


def test_each_finding_is_cleaned_once_and_the_context_is_what_cleaning_it_all_gives() -> None:
    from csp_audit.report.clean import visible, visible_all

    finding = {"rule_id": "R1", "title": "Bad\u202e\u0001", "evidence": [{"record": "x\r\ny"}]}
    raw = {"year": "2025\u0007", "findings": [finding],
           "areas": [{"id": "statutory", "title": "T\u0002", "findings": [finding]}]}
    cleaned = visible_all(raw)
    assert cleaned["year"] == visible("2025\u0007") and cleaned["areas"][0]["title"] == "T\u2402"
    assert cleaned["findings"][0]["title"] == visible("Bad\u202e\u0001")
    assert list(cleaned) == list(raw)
    assert cleaned["areas"][0]["findings"][0] is cleaned["findings"][0]
