"""A workbook into validated records: every sheet, both attendance forms, every error kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.builders import minimal_workbook_sheets
from support.validation import run, texts

from csp_audit.model.records import Place
from csp_audit.workbook.sheets import SheetGrid
from csp_audit.workbook.validate import Validation, validate_sheets, validate_workbook

Sheets = dict[str, list[list[object]]]


def problems_at(result: Validation, severity: str = "error") -> dict[str, str]:
    """`Sheet!Cell` -> the problem's full text, for one severity."""
    return {p.where: str(p) for p in result.problems if p.severity == severity}


def only_error(result: Validation) -> str:
    assert not result.ok and result.records is None
    assert len(result.errors) == 1, [str(p) for p in result.errors]
    return str(result.errors[0])


def test_a_workbook_written_to_the_contract_loads(tmp_path: Path) -> None:
    result = run(tmp_path, minimal_workbook_sheets())
    assert result.ok and result.problems == []
    assert len(result.sha256) == 64
    records = result.records
    assert records is not None
    assert records.partnership.code == "testshire"
    assert records.partnership.registers == {
        "attendance", "agenda", "documents", "dhr", "asbcasereviews", "waivers"}
    assert records.row_counts == {
        "Partnership": 6, "Members": 6, "Meetings": 3, "Attendance": 7, "Agenda": 3,
        "Documents": 3, "DHR": 1, "ASB case reviews": 1, "Waivers": 1}
    probation = records.members[4]
    assert (probation.organisation, probation.joined, probation.left) == (
        "Probation Service", date(2022, 4, 1), None)
    meeting = records.meetings[0]
    assert meeting.place == Place("Meetings", 2)
    assert (meeting.date, meeting.papers_circulated, meeting.chair_elected) == (
        date(2024, 6, 13), date(2024, 6, 6), True)
    public = records.meetings[2]
    assert (public.quorate, public.open_to_public, public.restricted) == (None, True, False)
    assert [item.restricted for item in records.agenda] == [False, False, True]
    assert records.documents[2].signatories == (
        "Testshire Council", "Testshire Police", "Probation Service")
    assert records.dhr_cases[0].restricted is True, "DHR rows are restricted by default"
    assert records.asb_reviews[0].restricted is True, "ASB rows are restricted by default"
    assert records.asb_reviews[0].threshold_met is True
    assert records.waivers[0].expires == date(2025, 3, 31)


def test_partnership_fields_and_defaults(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = [["Field", "Value"], ["Name", "Cymru CSP"], ["CODE", "Cymru-1"],
                             ["nation", "wales"], ["year start", "1 July"],
                             ["Tier", "county group"]]
    partnership = run(tmp_path, sheets).records.partnership
    assert (partnership.name, partnership.code, partnership.nation, partnership.tier) == (
        "Cymru CSP", "cymru-1", "Wales", "county")
    assert (partnership.year_start_day, partnership.year_start_month) == (1, 7)
    assert partnership.checklist is None

    sheets["Partnership"] = [["field", "value"], ["name", "X"], ["code", "x"]]
    partnership = run(tmp_path, sheets).records.partnership
    assert (partnership.nation, partnership.tier, partnership.year_start_month) == (
        "England", "unitary", 4)


def test_only_the_required_sheets(tmp_path: Path) -> None:
    sheets = {name: rows for name, rows in minimal_workbook_sheets().items()
              if name in ("Partnership", "Members", "Meetings")}
    result = run(tmp_path, sheets)
    assert result.ok
    assert result.records.partnership.registers == frozenset()
    assert result.records.attendance == ()


def test_an_empty_optional_sheet_is_a_register_with_nothing_in_it(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["DHR"] = [sheets["DHR"][0]]
    sheets["Waivers"] = []
    result = run(tmp_path, sheets)
    assert result.ok
    assert {"dhr", "waivers"} <= result.records.partnership.registers
    assert result.records.row_counts["DHR"] == 0 and result.records.dhr_cases == ()


def test_blank_senior_follows_the_members_sheet(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"] = [
        ["meeting_id", "organisation", "status", "senior"],
        ["B-2024-06", "Testshire Council", "present", None],      # member senior yes
        ["B-2024-06", "Testshire Fire and Rescue Service", "present", None],  # member no
        ["B-2024-06", "Testshire Police", "substitute", None],    # substitute: no
        ["B-2024-06", "Probation Service", "substitute", "yes"],  # the row says yes
        ["B-2024-06", "Testshire Integrated Care Board", "apologies", None],
        ["B-2024-09", "Testshire Council", "present", "no"],      # the row wins
    ]
    sheets["Members"][1][5] = "yes"
    sheets["Members"][6][5] = None  # the OPCC's seniority not recorded
    sheets["Attendance"].append(["B-2024-09", "Office of the Police and Crime Commissioner",
                                 "present", None])
    attendance = run(tmp_path, sheets).records.attendance
    assert [a.senior for a in attendance] == [True, False, False, True, None, False, None]


def test_matrix_attendance(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"] = [
        ["Attendance at board meetings"],
        [],
        ["Organisation", "B-2024-06", "b-2024-09", "Comments"],
        ["Testshire Council", "P", "p", "chair"],
        ["testshire  police", "S", None, None],
        ["Testshire Fire and Rescue Service", "A", "X", None],
        ["Probation Service", None, "present", None],
        ["Testshire Integrated Care Board", "✓", "✗", None],
    ]
    result = run(tmp_path, sheets)
    assert result.ok, [str(p) for p in result.errors]
    assert list(problems_at(result, "warning")) == []  # a Comments column is read quietly
    attendance = result.records.attendance
    assert [(a.meeting_id, a.organisation, a.status, a.senior) for a in attendance] == [
        ("B-2024-06", "Testshire Council", "present", True),
        ("B-2024-09", "Testshire Council", "present", True),
        ("B-2024-06", "Testshire Police", "substitute", False),
        ("B-2024-06", "Testshire Fire and Rescue Service", "apologies", None),
        ("B-2024-09", "Testshire Fire and Rescue Service", "absent", None),
        ("B-2024-09", "Probation Service", "present", True),
        ("B-2024-06", "Testshire Integrated Care Board", "present", True),
        ("B-2024-09", "Testshire Integrated Care Board", "absent", None),
    ]
    assert attendance[2].place == Place("Attendance", 5)
    assert result.records.row_counts["Attendance"] == 8


def test_matrix_errors(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"] = [
        ["organisation", "B-2024-06", "B-2099-01"],
        ["Testshire Council", "Q", "P"],
        ["Testshire Constabulary", "P", None],
        [None, "A", None],
        ["Testshire Council", "P", None],
    ]
    at = problems_at(run(tmp_path, sheets))
    assert set(at) == {"Attendance!C1", "Attendance!B2", "Attendance!A3", "Attendance!A4"}
    assert "'B-2099-01' is not a meeting_id" in at["Attendance!C1"]
    assert "found 'Q'; expected P, S, A or X" in at["Attendance!B2"]
    assert "organisation is not in the Members sheet; did you mean 'Testshire" in at[
        "Attendance!A3"]
    assert "(found 'Testshire Constabulary'" in at["Attendance!A3"]
    assert "organisation is required" in at["Attendance!A4"]


def test_the_messy_workbook_loads_with_warnings_naming_what_was_ignored(
        tmp_path: Path) -> None:
    sheets: Sheets = {
        "partnership ": [["Testshire CSP: settings"], [], ["Field", "Value", "Notes"],
                         ["Name", "Testshire CSP", "as on the ToR"], ["Code", "testshire"],
                         ["Chair", "Leader of the council"]],
        "MEMBERS": [
            ["Organisation", "Role", "Sector", "Voting", "Representative", "Senior",
             "Deputy", "From", "To", "Phone"],
            ["Testshire Council", "Responsible Authority", "Local Authority", "✓",
             "Chief Executive", "✔", None, "01/04/2022", None, "01234"],
            ["Testshire Police", "RA", "Police", "Y", "Chief Superintendent", "☑",
             "Superintendent", None, "31st March 2025", None],
            ["Victim Support", "co-opted", "VCSE", "✗", "Area Manager", "x", None,
             "1st June 2023", None, None],
        ],
        "Meeting": [
            ["Testshire CSP meetings", None, None],
            [None, None, None],
            ["Meeting ID", "Date", "Body", "Papers Circulated", "Minutes published",
             "Quorate", "Venue"],
            ["B-2024-06", "13/06/2024", "Strategic Board", "6th June 2024", "11-07-24", "✓",
             "Town hall"],
            ["B-2024-09", "Thursday 12 September 2024", "board", "09.09.2024", None, "✗",
             None],
        ],
        "Attendance": [["Organisation", "B-2024-06", "B-2024-09"],
                       ["Testshire Council", "P", "P"], ["Testshire Police", "S", "A"],
                       ["Victim Support", None, "x"]],
        "Action log": [["action", "owner"], ["Review ToR", "Chair"]],
    }
    result = run(tmp_path, sheets)
    assert result.ok, [str(p) for p in result.errors]
    warnings = problems_at(result, "warning")
    assert set(warnings) == {"Action log", "partnership !A6", "MEMBERS!J1", "Meeting!G3"}
    assert "sheet 'Action log' is not part of the workbook contract" in warnings["Action log"]
    assert "column 'Venue' is not part of the Meetings sheet; ignored" in warnings[
        "Meeting!G3"]
    assert "field 'Chair' is not a Partnership field" in warnings["partnership !A6"]
    records = result.records
    council, police, victim_support = records.members
    assert (council.role, council.sector, council.voting, council.senior, council.joined) == (
        "responsible_authority", "council", True, True, date(2022, 4, 1))
    assert (police.role, police.left) == ("responsible_authority", date(2025, 3, 31))
    assert (victim_support.role, victim_support.sector, victim_support.voting,
            victim_support.senior) == ("co_opted", "voluntary", False, False)
    june, september = records.meetings
    assert (june.date, june.body, june.papers_circulated, june.minutes_published,
            june.quorate) == (date(2024, 6, 13), "board", date(2024, 6, 6),
                              date(2024, 7, 11), True)
    assert (september.date, september.quorate) == (date(2024, 9, 12), False)
    assert june.place == Place("Meeting", 4)
    assert [(a.organisation, a.status, a.senior) for a in records.attendance] == [
        ("Testshire Council", "present", True), ("Testshire Council", "present", True),
        ("Testshire Police", "substitute", False), ("Testshire Police", "apologies", None),
        ("Victim Support", "absent", None)]
    assert records.row_counts == {"Partnership": 3, "Members": 3, "Meetings": 2,
                                  "Attendance": 5}


def test_required_sheets(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    del sheets["Members"], sheets["Meetings"]
    del sheets["Attendance"], sheets["Agenda"], sheets["Documents"]
    at = problems_at(run(tmp_path, sheets))
    assert set(at) == {"Members", "Meetings"}
    assert "required sheet 'Meetings' is missing" in at["Meetings"]


def test_a_sheet_given_twice(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meeting"] = sheets["Meetings"]
    assert "sheet 'Meeting' and sheet 'Meetings' both hold Meetings" in only_error(
        run(tmp_path, sheets))


def test_no_header_row(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Agenda"] = [["Agenda items"], ["id", "item"], ["B-2024-06", "Welcome"]]
    error = only_error(run(tmp_path, sheets))
    assert "Agenda!1:10: no header row" in error and "'meeting_id'" in error


def test_missing_required_column(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    del sheets["Attendance"], sheets["Agenda"]
    sheets["Meetings"] = [[None], [row[0] for row in sheets["Meetings"][:1]] + ["body"],
                          ["B-2024-06", "board"]]
    error = only_error(run(tmp_path, sheets))
    assert "Meetings!2:2: required column 'date' is missing" in error


def test_a_column_given_twice(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Waivers"] = [["rule_id", "reason", "expires", "Expires"],
                         ["x.y", "why", "31/03/2025", "31/03/2026"]]
    assert "Waivers!D1: column 'Expires' appears twice (also at Waivers!C1)" in only_error(
        run(tmp_path, sheets))


@pytest.mark.parametrize("sheet, row, column, value, where, message", [
    ("Meetings", 1, 1, "31/02/2024", "Meetings!B2",
     "date: 31/02/2024 is not a date that exists (found '31/02/2024'; expected a date"),
    ("Meetings", 2, 1, "tbc", "Meetings!B3", "(found 'tbc'; expected a date such as"),
    ("Meetings", 1, 1, None, "Meetings!B2", "date is required"),
    ("Meetings", 1, 2, "committee", "Meetings!C2",
     "(found 'committee'; expected one of board, executive"),
    ("Meetings", 1, 4, "maybe", "Meetings!E2", "(found 'maybe'; expected yes or no"),
    ("Members", 3, 1, "chief", "Members!B4", "expected one of responsible_authority"),
    ("Attendance", 2, 2, "maybe", "Attendance!C3", "expected one of present, substitute"),
    ("Agenda", 1, 3, "sort of", "Agenda!D2", "expected yes or no"),
    ("Documents", 1, 1, "?!", "Documents!B2", "expected one of strategic_assessment"),
    ("DHR", 1, 2, "maybe", "DHR!C2", "expected one of commission, not_commissioned"),
    ("ASB case reviews", 1, 2, "sort of", "ASB case reviews!C2", "expected yes or no"),
    ("Waivers", 1, 4, None, "Waivers!E2", "expires is required"),
    ("Waivers", 1, 1, None, "Waivers!B2", "reason is required"),
    ("Waivers", 1, 4, None, "Waivers!E2",
     "expires is required (expected the date the waiver ends)"),
    ("Members", 6, 0, "testshire  council", "Members!A7",
     "organisation 'testshire  council' appears twice (also at Members!A2)"),
    ("Meetings", 3, 0, "b-2024-06", "Meetings!A4", "meeting_id 'b-2024-06' appears twice"),
    ("Documents", 2, 0, "SA-2024", "Documents!A3", "document_id 'SA-2024' appears twice"),
    ("Attendance", 1, 0, "B-2099-01", "Attendance!A2",
     "meeting_id is not in the Meetings sheet (found 'B-2099-01'"),
    ("Attendance", 1, 1, "Testshire Constabulary", "Attendance!B2",
     "organisation is not in the Members sheet; did you mean 'Testshire"),
    ("Agenda", 3, 0, "B-2099-01", "Agenda!A4",
     "meeting_id is not in the Meetings sheet (found 'B-2099-01'"),
    ("Documents", 3, 8, "Testshire Council; Testshire Constabulary", "Documents!I4",
     "a signatory of information_sharing_protocol is not in the Members sheet (found "
     "'Testshire Constabulary'"),
    ("Documents", 1, 8, "Parish Council", "Documents!I2",
     "a signatory of strategic_assessment is not in the Members sheet (found "
     "'Parish Council'"),
    ("Documents", 1, 7, date(2023, 1, 1), "Documents!H2",
     "covers_to is before covers_from (G2)"),
    ("Members", 5, 8, "31/03/2022", "Members!I6", "to is before from (H6)"),
    ("Partnership", 2, 1, "Test shire!", "Partnership!B3", "code: not a short slug"),
    ("Partnership", 2, 1, None, "Partnership!B3", "the partnership's code is required"),
    ("Partnership", 3, 1, "Scotland", "Partnership!B4", "expected one of England, Wales"),
    ("Partnership", 5, 1, "31-02", "Partnership!B6", "year_start: 31-02 is not a day and"),
    ("Partnership", 6, 0, "name", "Partnership!B7",
     "field 'name' is given twice (also at Partnership!B2)"),
])
def test_each_error_names_its_cell_the_value_and_what_was_expected(
        tmp_path: Path, sheet: str, row: int, column: int, value: object, where: str,
        message: str) -> None:
    sheets = minimal_workbook_sheets()
    if sheet == "Attendance" and row == 2 and column == 1:
        sheets[sheet][row][0] = sheets[sheet][1][0]
    sheets[sheet][row][column] = value
    error = only_error(run(tmp_path, sheets))
    assert error.startswith(f"{tmp_path / 'book.xlsx'}: {where}: ")
    assert message in error


def test_dhr_and_asb_case_refs_are_unique(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["DHR"].append(list(sheets["DHR"][1]))
    sheets["ASB case reviews"].append(list(sheets["ASB case reviews"][1]))
    at = problems_at(run(tmp_path, sheets))
    assert set(at) == {"DHR!A3", "ASB case reviews!A3"}
    assert "also at DHR!A2" in at["DHR!A3"]


def test_cells_are_named_by_their_real_column_and_row(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"] = [[], ["Board meetings"], *[[None, None, *row]
                                                    for row in sheets["Meetings"]]]
    sheets["Meetings"][4][3] = "32/06/2024"
    assert "Meetings!D5: date:" in only_error(run(tmp_path, sheets))


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    sheets["Meetings"][2][2] = "committee"
    sheets["Members"][2][3] = "perhaps"
    sheets["Agenda"][1][0] = "B-1999-01"
    sheets["Extra"] = [["x"]]
    result = run(tmp_path, sheets)
    assert set(problems_at(result)) == {"Meetings!B2", "Meetings!C3", "Members!D3",
                                        "Agenda!A2"}
    assert set(problems_at(result, "warning")) == {"Extra"}
    assert result.records is None


def test_a_bad_meeting_row_does_not_cascade_into_its_attendance(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][2] = "committee"
    assert set(problems_at(run(tmp_path, sheets))) == {"Meetings!C2"}


def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    path.write_text("organisation,role\n")
    result = validate_workbook(path)
    assert not result.ok and result.records is None
    assert [str(p) for p in result.problems] == [
        f"{path}: is a text file (CSV?), not an .xlsx workbook; put one CSV file per sheet "
        "(Partnership.csv, Members.csv, Meetings.csv, ...) in a folder and give the folder, "
        "or save it as an Excel Workbook (.xlsx) from Excel, or as Excel 2007-365 (.xlsx) or "
        "ODF Spreadsheet (.ods) from LibreOffice Calc"]
    assert len(result.sha256) == 64


def test_common_header_variants_and_ids_typed_as_dates_or_numbers(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"][0][0] = "Organization"
    sheets["Meetings"] = [["Meeting Ref", "Date of meeting", "body"],
                          [date(2024, 6, 13), "13/06/2024", "board"],
                          [7, "12/09/2024", "board"]]
    sheets["Attendance"] = [["Agency", date(2024, 6, 13), 7],
                            ["Testshire Council", "P", "A"]]
    del sheets["Agenda"]
    result = run(tmp_path, sheets)
    assert result.ok, [str(p) for p in result.errors]
    assert [m.meeting_id for m in result.records.meetings] == ["2024-06-13", "7"]
    assert [(a.meeting_id, a.status) for a in result.records.attendance] == [
        ("2024-06-13", "present"), ("7", "apologies")]


CELL_VALUES = st.one_of(
    st.none(), st.just(""), st.booleans(), st.integers(-10, 80000).map(float),
    st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.datetimes(),
    st.times(), st.sampled_from(["P", "x", "✓", "yes", "31/02/2024", "13th Jun 2024",
                                 "B-2024-06", "Testshire Police", "board", ";", "  "]),
    st.text(max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_cell_values_give_problems_with_places_never_a_crash(data: st.DataObject) -> None:
    """Whatever a manager types into any cell, validation reports it; it never raises."""
    grids = []
    for name, rows in minimal_workbook_sheets().items():
        rows = [list(row) for row in rows]
        for _ in range(data.draw(st.integers(0, 3))):
            row = data.draw(st.integers(0, len(rows) - 1))
            column = data.draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = data.draw(CELL_VALUES)
        grids.append(SheetGrid(name, [["" if v is None else v for v in row] for row in rows]))
    result = validate_sheets(Path("fuzz.xlsx"), grids)
    assert result.ok == (result.records is not None)
    for problem in result.errors:
        assert problem.sheet, str(problem)


def test_two_tier_is_not_guessed_to_mean_county(tmp_path: Path) -> None:
    """A district is in a two-tier area too, so `two-tier` must be refused, not read as
    county."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = [["field", "value"], ["name", "X"], ["code", "x"],
                             ["tier", "two-tier"]]
    message = only_error(run(tmp_path, sheets))
    assert "Partnership!B4" in message
    assert "unitary, district, county" in message


def test_an_unknown_checklist_is_a_warning_naming_its_cell_and_the_shipped_ones(
        tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = [["field", "value"], ["name", "X"], ["code", "x"],
                             ["checklist", "wyvern"]]
    result = run(tmp_path, sheets)
    assert result.ok, "a user may pass --checklists DIR later"
    warning = problems_at(result, "warning")["Partnership!B4"]
    assert "checklist 'wyvern' is not a shipped checklist" in warning
    assert "sefton" in warning and "or pass --checklists DIR" in warning
    sheets["Partnership"][3][1] = "sefton"
    assert problems_at(run(tmp_path, sheets), "warning") == {}


def test_a_misspelt_checklist_is_guessed_at_validate_naming_its_cell(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = "sefton-typo"
    result = run(tmp_path, sheets)
    assert result.ok
    [warning] = texts(result, "warning")
    assert "Partnership!B5: checklist 'sefton-typo' is not a shipped checklist. Did you mean " \
           "'sefton'? Name one of the shipped (" in warning
    assert "?;" not in warning
