"""The Excel action plan: a row per finding needing action, validations, no formula from data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.report_fixtures import PLANTED, sample_records, sample_result

from csp_audit.model.findings import Evidence
from csp_audit.report.context import build_context
from csp_audit.report.xlsx import PLAN_COLUMNS, PROGRESS_CHOICES, evidence_text, render_xlsx

PLANTED_FORMULAS = ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "=1+1")


def formula_result():
    """The sample run with formula-like text in a name, reasons, evidence and guidance."""
    result = sample_result(name='=HYPERLINK("http://x","Testshire")')
    findings = list(result.findings)
    needing = [i for i, f in enumerate(findings) if f.status in ("red", "amber")]
    for planted, i in zip(PLANTED_FORMULAS, needing, strict=False):
        findings[i] = replace(
            findings[i],
            reason=planted,
            guidance="@SUM(A1)",
            evidence=findings[i].evidence + (Evidence("+1", "Meetings", 9),
                                             Evidence("-1", "Meetings", 10),
                                             Evidence("=1+1")),
        )
    return replace(result, findings=tuple(findings))


def plan_rows(path: Path) -> list[dict[str, object]]:
    sheet = load_workbook(path)["Action plan"]
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]


@pytest.fixture()
def officers_xlsx(tmp_path: Path) -> Path:
    context = build_context(sample_result(), sample_records(), None, public=False)
    return render_xlsx(context, tmp_path / "plan.xlsx")


def test_one_row_per_finding_needing_action_worst_first(officers_xlsx: Path) -> None:
    rows = plan_rows(officers_xlsx)
    needing = [f for f in sample_result().findings if f.status in ("red", "amber", "waived")]
    assert len(rows) == len(needing) == 5
    assert [r["Status"] for r in rows] == ["Red", "Amber", "Amber", "Amber", "Waived"]
    assert {r["Rule"] for r in rows} == {f.rule_id for f in needing}
    red = rows[0]
    assert red["Rule"] == "NAT-DHR-DECISION"
    assert PLANTED["dhr_case"] in red["Reason"] and PLANTED["dhr_case"] in red["Evidence"]
    assert "DHR row 2" in red["Evidence"]
    assert "Multi-agency Statutory Guidance" in red["Source"]
    assert red["Guidance"] == "Make the decision within one month of notification."
    assert all(r[h] is None for r in rows for h in ("Owner", "Action", "Due date", "Progress"))
    waived = rows[-1]
    assert "Waiver until 31 March 2025, approved by Chair" in waived["Reason"]


def test_headers_frozen_filtered_and_validated(officers_xlsx: Path) -> None:
    book = load_workbook(officers_xlsx)
    assert book.sheetnames == ["Action plan", "Summary"]
    sheet = book["Action plan"]
    assert [c.value for c in sheet[1]] == [h for h, _ in PLAN_COLUMNS]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:L6"
    assert sheet.column_dimensions["E"].width == 55
    assert sheet["E2"].alignment.wrap_text
    kinds = {str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation}
    assert kinds["K2:K56"][0] == "date"
    assert kinds["L2:L56"] == ("list", '"' + ",".join(PROGRESS_CHOICES) + '"')
    assert kinds["I2:I56"][0] == kinds["J2:J56"][0] == "textLength"


def test_summary_sheet_names_the_run_and_counts(officers_xlsx: Path) -> None:
    sheet = load_workbook(officers_xlsx)["Summary"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert values["Partnership"] == "Testshire Community Safety Partnership"
    assert values["Reporting year"] == "2024-25 (1 April 2024 to 31 March 2025)"
    assert values["As of"] == "31 March 2025"
    assert values["Version"] == "Officers' version"
    assert values["csp-audit version"] == "0.1.0"
    assert values["Overall rating"] == "Red"
    assert "Testshire terms of reference (version 0.3)" in values["Checklists"]
    assert (values["Red"], values["Amber"], values["Green"], values["Waived"],
            values["Not applicable"]) == (1, 3, 2, 1, 1)


def test_text_from_data_is_never_a_formula(tmp_path: Path) -> None:
    context = build_context(formula_result(), sample_records(), None, public=False)
    path = render_xlsx(context, tmp_path / "plan.xlsx")
    book = load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    for planted in PLANTED_FORMULAS:
        assert any(planted in str(text) for text in texts), planted
    reasons = [c for c in book["Action plan"]["E"][1:] if c.value]
    assert reasons and all(c.data_type == "s" for c in reasons)
    assert any(c.value.startswith("=") and c.quotePrefix for c in reasons)
    assert book["Summary"]["B2"].value == '=HYPERLINK("http://x","Testshire")'
    assert book["Summary"]["B2"].quotePrefix


def test_public_plan_leaves_out_restricted_records(tmp_path: Path) -> None:
    context = build_context(sample_result(), sample_records(), None, public=True)
    book = load_workbook(render_xlsx(context, tmp_path / "public.xlsx"))
    text = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    for field, planted in PLANTED.items():
        assert planted not in text, field
    assert "Public version" in text
    assert "restricted record left out of this public version" in text
    assert len(plan_rows(tmp_path / "public.xlsx")) == 5


def test_same_context_gives_the_same_bytes(tmp_path: Path) -> None:
    context = build_context(sample_result(), sample_records(), None, public=False)
    first = render_xlsx(context, tmp_path / "a.xlsx").read_bytes()
    second = render_xlsx(context, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    properties = load_workbook(tmp_path / "a.xlsx").properties
    assert properties.created.date().isoformat() == "2025-03-31" == context["as_of"]
    assert properties.creator == "csp-audit 0.1.0"


def test_evidence_names_sheet_and_row_when_known() -> None:
    finding = {"evidence": [{"sheet": "Meetings", "row": None, "record": "no public meeting"},
                            {"sheet": "DHR", "row": 2, "record": "DHR-1"},
                            {"sheet": None, "row": None, "record": "nothing recorded"}],
               "evidence_withheld": 2}
    assert evidence_text(finding).splitlines() == [
        "Meetings: no public meeting", "DHR row 2: DHR-1", "nothing recorded",
        "2 restricted records left out of this public version"]
