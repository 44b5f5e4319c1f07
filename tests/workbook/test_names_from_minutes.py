"""Organisation names copied from minutes are matched (item 3 of issue 11): spelling
variants, an aliases column, grouped errors with a "did you mean", and several rows for one
body at one meeting combined."""

from __future__ import annotations

from pathlib import Path

from support.builders import minimal_workbook_sheets
from support.validation import run, texts

ZERO_WIDTH = "\u200b"


def test_spelling_variants_of_a_member_are_the_member(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"][1][0] = "Haringey-on-Sea Borough Council"
    sheets["Attendance"][1][1] = "Haringey on Sea Borough Council."
    sheets["Attendance"][6][1] = "Haringey-on-Sea Borough Council" + ZERO_WIDTH
    sheets["Documents"][3][8] = "HARINGEY ON SEA BOROUGH COUNCIL; Testshire Police"
    sheets["Members"][6][0] = "Mayor’s Office for Policing and Crime"
    sheets["Attendance"].append(["B-2024-09", "Mayor's Office for Policing and Crime",
                                 "present", None])
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    names = [a.organisation for a in result.records.attendance]
    assert names.count("Haringey-on-Sea Borough Council") == 2
    assert "Mayor’s Office for Policing and Crime" in names


def test_an_abbreviation_loads_once_it_is_an_alias(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"][0].append("aliases")
    sheets["Members"][1].append("TC; Testshire Borough Council")
    for row in sheets["Attendance"][1:]:
        if row[1] == "Testshire Council":
            row[1] = "TC"
    sheets["Documents"][3][8] = "Testshire Borough Council; Testshire Police"
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    assert {a.organisation for a in result.records.attendance} >= {"Testshire Council"}
    assert result.records.documents[2].signatories == ("Testshire Council", "Testshire Police")


def test_a_repeated_unknown_name_is_one_error_with_a_count_and_a_guess(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    for row in sheets["Attendance"][1:]:
        if row[1] == "Testshire Council":
            row[1] = "TC"
    sheets["Attendance"] += [["B-2024-09", "TC", "present", None]]
    errors = texts(run(tmp_path, sheets), "error")
    assert len(errors) == 1, errors
    assert ("Attendance!B2: organisation is not in the Members sheet: 3 rows, B2 to B9; did "
            "you mean 'Testshire Council'? (if so, add 'TC' to its aliases in Members)"
            ) in errors[0]


def test_an_alias_naming_another_member_is_an_error(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"][0].append("aliases")
    sheets["Members"][1].append("Testshire Police")
    errors = texts(run(tmp_path, sheets), "error")
    assert any("Members!J2: alias 'Testshire Police' already names Testshire Police" in e
               for e in errors), errors


def test_two_people_from_one_body_at_one_meeting_combine_with_a_note(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"].append(["B-2024-06", "Testshire Council", "apologies", None])
    sheets["Attendance"].append(["B-2024-06", "testshire police", "present", None])
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    at_june = {a.organisation: a.status for a in result.records.attendance
               if a.meeting_id == "B-2024-06"}
    assert at_june["Testshire Council"] == "present"
    assert at_june["Testshire Police"] == "present"
    warnings = texts(result, "warning")
    assert any("attendance of 'Testshire Police' at 'B-2024-06' is recorded in 2 rows (C3, "
               "C10): read as present, the best of present and substitute" in w
               for w in warnings), warnings


def test_two_members_differing_only_by_an_invisible_character_are_one(tmp_path: Path) -> None:
    """Issue 12: "Testshire Council" and "Testshire Council" + a zero-width space were two
    members, one of them never matched by anything typed; now they are one, with a warning
    naming both cells, and the workbook still loads."""
    sheets = minimal_workbook_sheets()
    twin = list(sheets["Members"][1])
    twin[0] = ZERO_WIDTH + twin[0]
    sheets["Members"].append(twin)
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    members = [m.organisation for m in result.records.members]
    assert members.count(sheets["Members"][1][0]) == 1
    assert len(members) == len(sheets["Members"]) - 2
    [warning] = [w for w in texts(result, "warning") if "appears twice" in w]
    assert "differing only by a character no one sees" in warning
    assert "also at Members!A2" in warning
