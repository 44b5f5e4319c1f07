"""`csp-audit import moderngov` as a user runs it: messages, the workbook it writes, and
that what it writes passes `validate` and `load` unchanged and feeds the audit."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner, Result

from csp_audit.cli.app import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "moderngov"
REAL = FIXTURES / "audit-committee"
SCRUTINY = FIXTURES / "synthetic" / "scrutiny"
BOARD = FIXTURES / "synthetic" / "board"
MEMBERS = FIXTURES / "synthetic" / "members.csv"
runner = CliRunner()


def run(*args: object) -> Result:
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


def imported(folder: Path, out: Path, body: str = "scrutiny", *more: object) -> Result:
    return run("import", "moderngov", folder, "--body", body, "--members", MEMBERS,
               "--out", out, *more)


def cells(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def start_workbook(path: Path, checklist: str = "national") -> Path:
    """The test partnership with its meetings, agenda and attendance still to import."""
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "checklist":
            row[1] = checklist
    for name in ("Meetings", "Agenda", "Attendance"):
        sheets[name] = sheets[name][:1]
    return write_workbook(path, sheets)


def every_value(path: Path) -> str:
    book = load_workbook(path)
    return " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                    for cell in row if cell is not None)


def test_the_real_responses_make_a_workbook_that_validates_and_loads(tmp_path: Path) -> None:
    out = tmp_path / "audit-committee.xlsx"
    result = run("import", "moderngov", REAL, "--body", "scrutiny", "--out", out)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} from Audit Committee (ModernGov committee 144)" in result.output
    assert "warning: meeting 4966 on 13 January 2026 was cancelled: left out" in result.output
    [meeting] = cells(out, "Meetings")
    assert meeting["meeting_id"] == "MG-144-4967" and meeting["body"] == "scrutiny"
    assert meeting["papers_circulated"].date().isoformat() == "2026-02-02"
    assert meeting["minutes_published"] is None, "the minutes it carries are of 25 Nov 2025"
    assert [row["item"] for row in cells(out, "Agenda")] == ["Minutes", "Work Programme"]
    assert "Curley" not in every_value(out)
    validated = run("validate", out)
    assert validated.exit_code == 0, validated.output
    loaded = run("load", out, "--db", tmp_path / "audit.db")
    assert loaded.exit_code == 0, loaded.output


def test_a_cancelled_meeting_is_left_out_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    result = imported(SCRUTINY, out)
    assert result.exit_code == 0, result.output
    assert "warning: meeting 5102 on 16 January 2025 was cancelled: left out" in result.output
    ids = [row["meeting_id"] for row in cells(out, "Meetings")]
    assert ids == ["MG-210-5101", "MG-210-5103"]


def test_an_exempt_item_is_restricted_and_topics_come_from_titles(tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    assert imported(SCRUTINY, out).exit_code == 0
    agenda = {row["item"]: row for row in cells(out, "Agenda")}
    assert agenda["Serious violence case review (exempt)"]["restricted"] == "yes"
    assert agenda["Declarations of Interest"]["restricted"] == "no"
    assert agenda["Declarations of Interest"]["topic"] == "declarations_of_interest"
    assert agenda["Hate Crime & Prevent update"]["topic"] == "hate_crime"
    documents = {row["document_id"]: row for row in cells(out, "Documents")}
    assert documents["MG-210-D70101"]["kind"] == "annual_report"
    assert documents["MG-210-D70105"]["kind"] == "partnership_plan"


def test_a_document_with_no_date_is_named_and_dates_nothing(tmp_path: Path) -> None:
    result = imported(SCRUTINY, tmp_path / "s.xlsx")
    assert ("warning: document 'Appendix A - Hate Crime & Prevent figures' (attachment "
            "70102) of MG-210-5101 has no publication date: it dates nothing") in result.output


def test_an_attendee_with_no_mapping_is_counted_and_dropped(tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    result = imported(SCRUTINY, out)
    assert ("warning: 1 attendee at 1 meeting is not in the --members map: counted "
            "and dropped") in result.output
    attendance = {(row["meeting_id"], row["organisation"]): row["status"]
                  for row in cells(out, "Attendance")}
    assert attendance == {("MG-210-5101", "Testshire Council"): "present",
                          ("MG-210-5101", "Testshire Police"): "present",
                          ("MG-210-5103", "Testshire Council"): "present",
                          ("MG-210-5103", "Testshire Police"): "apologies"}
    assert "Example" not in every_value(out), "no attendee's name reaches the workbook"
    assert "399" not in every_value(out)


def test_a_malformed_response_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    shutil.copytree(SCRUTINY, folder)
    (folder / "GetMeeting-5103.xml").write_text("<meeting><meetingid>5103", encoding="utf-8")
    out = tmp_path / "s.xlsx"
    result = imported(folder, out)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith(f"error: {folder / 'GetMeeting-5103.xml'}: is not well-formed XML")
    assert not out.exists(), "a refusal writes nothing"


def test_a_bad_members_map_names_its_line_and_writes_nothing(tmp_path: Path) -> None:
    members = tmp_path / "map.csv"
    members.write_text("member,organisation,sector,senior\n301,Testshire Council,constab,no\n",
                       encoding="utf-8")
    out = start_workbook(tmp_path / "t.xlsx")
    before = out.read_bytes()
    result = run("import", "moderngov", SCRUTINY, "--body", "scrutiny", "--members", members,
                 "--out", out)
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {members}: line 2: sector 'constab' is not one of")
    assert out.read_bytes() == before


def test_a_wrong_body_or_committee_is_refused_with_the_choices(tmp_path: Path) -> None:
    result = imported(SCRUTINY, tmp_path / "s.xlsx", "scrutinee")
    assert result.exit_code == 2
    assert result.output.strip().endswith("did you mean 'scrutiny'?")
    result = imported(SCRUTINY, tmp_path / "s.xlsx", "scrutiny", "--committee", "999")
    assert result.exit_code == 2
    assert "--committee 999: " in result.output and "210 Crime and Disorder" in result.output


def test_an_update_keeps_the_persons_work_and_a_second_import_changes_nothing(
        tmp_path: Path) -> None:
    out = start_workbook(tmp_path / "testshire.xlsx")
    book = load_workbook(out)
    book["Meetings"].append(["B-2024-06", date(2024, 6, 13), "board", "Typed by hand"])
    book["Meetings"]["L1"] = "Notes"
    book.create_sheet("My notes")["A1"] = "keep me"
    book.save(out)
    assert imported(SCRUTINY, out).exit_code == 0
    book = load_workbook(out)
    meetings = cells(out, "Meetings")
    assert meetings[0]["meeting_id"] == "B-2024-06" and meetings[0]["title"] == "Typed by hand"
    assert book["My notes"]["A1"].value == "keep me"
    assert (tmp_path / "testshire.before-import.xlsx").exists()
    # a person adds to an imported row; importing again keeps it and adds no row
    sheet = book["Meetings"]
    sheet.cell(3, 5, "yes")  # quorate of MG-210-5101
    sheet.cell(3, 12, "chair's note")
    book.save(out)
    again = imported(SCRUTINY, out)
    assert "Meetings: 0 added, 2 updated" in again.output
    row = cells(out, "Meetings")[1]
    assert (row["meeting_id"], row["quorate"], row["Notes"]) == (
        "MG-210-5101", "yes", "chair's note")
    assert len(cells(out, "Agenda")) == 6 and len(cells(out, "Attendance")) == 4
    assert run("validate", out).exit_code == 0


def test_a_meeting_cancelled_since_the_last_import_is_taken_out(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    shutil.copytree(SCRUTINY, folder)
    out = start_workbook(tmp_path / "testshire.xlsx")
    assert imported(folder, out).exit_code == 0
    for name in ("GetMeetings-210.xml", "GetMeeting-5103.xml"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(
            "<meetingid>5103</meetingid>\n        <meetingdate>13/03/2025</meetingdate>\n"
            "        <meetingstatus>Confirmed", "<meetingid>5103</meetingid>\n        "
            "<meetingdate>13/03/2025</meetingdate>\n        <meetingstatus>Cancelled").replace(
            "<meetingstatus>Confirmed</meetingstatus>\n  <isdisplayallowed>",
            "<meetingstatus>Cancelled</meetingstatus>\n  <isdisplayallowed>"), encoding="utf-8")
    result = imported(folder, out)
    assert re.search(r"  [1-9][0-9]* rows? of meetings now cancelled taken out\n", result.output)
    assert [row["meeting_id"] for row in cells(out, "Meetings")] == ["MG-210-5101"]
    assert {row["meeting_id"] for row in cells(out, "Attendance")} == {"MG-210-5101"}
    assert run("validate", out).exit_code == 0


def test_a_workbook_open_in_excel_or_with_an_attendance_matrix_is_not_touched(
        tmp_path: Path) -> None:
    out = start_workbook(tmp_path / "testshire.xlsx")
    lock = tmp_path / "~$testshire.xlsx"
    lock.write_bytes(b"")
    result = imported(SCRUTINY, out)
    assert result.exit_code == 2 and "is open in Excel" in result.output
    lock.unlink()
    sheets = minimal_workbook_sheets()
    sheets["Attendance"] = [["organisation", "B-2024-06"], ["Testshire Council", "P"]]
    matrix = write_workbook(tmp_path / "matrix.xlsx", sheets)
    before = matrix.read_bytes()
    result = imported(SCRUTINY, matrix)
    assert result.exit_code == 2 and "an Attendance matrix cannot take" in result.output
    assert matrix.read_bytes() == before


def test_the_users_own_keywords_come_first(tmp_path: Path) -> None:
    topics = tmp_path / "topics.csv"
    topics.write_text("keyword,topic\nannual report,performance\n", encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert imported(SCRUTINY, out, "scrutiny", "--topics", topics).exit_code == 0
    agenda = {row["item"]: row["topic"] for row in cells(out, "Agenda")}
    assert agenda["Safer Testshire Partnership Annual Report"] == "performance"


def test_from_the_fixtures_alone_the_audit_rates_scrutiny_papers_and_minutes(
        tmp_path: Path) -> None:
    out = start_workbook(tmp_path / "testshire.xlsx", checklist="sefton")
    assert imported(SCRUTINY, out, "scrutiny").exit_code == 0
    assert imported(BOARD, out, "board").exit_code == 0
    result = run("audit", out, "--year", "2024-25", "--out", tmp_path / "reports",
                 "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "reports" / "testshire-2024-25.json").read_text())
    findings = {f["rule_id"]: f for f in report["findings"]}
    scrutiny = findings["NAT-SCRUTINY"]
    assert scrutiny["status"] == "green"
    assert "between MG-210-5101 and MG-210-5103" in scrutiny["reason"]
    papers = findings["SEF-PAPERS"]
    assert papers["status"] == "amber"
    assert "MG-220-5203 (12 December 2024) went out 1 working day before" in papers["reason"]
    assert {e["record"].split(" (")[0] for e in papers["evidence"]} == {
        f"Board meeting MG-220-520{n}" for n in range(1, 5)}
    minutes = findings["SEF-MINUTES-PUBLIC"]
    assert minutes["status"] == "green", minutes["reason"]


@pytest.mark.parametrize("missing", [["--body", "scrutiny"], ["--out", "x.xlsx"]])
def test_the_import_says_what_it_needs(tmp_path: Path, missing: list[str]) -> None:
    result = run("import", "moderngov", SCRUTINY, *missing)
    assert result.exit_code == 2
    assert "give DIR, --body and --out" in result.output


def test_without_a_members_map_no_attendance_is_imported_and_it_says_so(
        tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    result = run("import", "moderngov", SCRUTINY, "--body", "scrutiny", "--out", out)
    assert result.exit_code == 0, result.output
    assert "warning: no --members map given: attendance is not imported" in result.output
    assert "not in the --members map" not in result.output
    assert cells(out, "Attendance") == []


def test_a_title_written_as_a_formula_stays_text(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    shutil.copytree(SCRUTINY, folder)
    path = folder / "GetMeeting-5101.xml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "<agendaitemtitle>Declarations of Interest", "<agendaitemtitle>=HYPERLINK(\"http://x\")"),
        encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert imported(folder, out).exit_code == 0
    cell = next(row[1] for row in load_workbook(out)["Agenda"].iter_rows()
                if str(row[1].value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
