"""Two waivers of one rule in force on the same days are an error naming both; a waiver
without an approval date overlaps any other of its rule; a renewal after the last one
expired is accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets
from support.validation import run, texts

Sheets = dict[str, list[list[object]]]


def waivers(*periods: tuple[str, date | None, date]) -> Sheets:
    sheets = minimal_workbook_sheets()
    sheets["Waivers"] = [["rule_id", "reason", "approved_by", "approved_on", "expires"]] + [
        [rule, "Agreed", "Chair", approved, expires] for rule, approved, expires in periods]
    return sheets


def test_two_waivers_of_one_rule_in_force_together_are_an_error_naming_both(
        tmp_path: Path) -> None:
    result = run(tmp_path, waivers(
        ("NAT-ISP", date(2024, 4, 1), date(2025, 3, 31)),
        ("NAT-PUBLIC-MEETING", date(2024, 4, 1), date(2025, 3, 31)),
        (" nat-isp", date(2024, 10, 1), date(2025, 9, 30))))
    assert not result.ok
    [error] = texts(result, "error")
    assert "Waivers!A4: two waivers of NAT-ISP are in force on the same days" in error
    assert "(01/10/2024 to 30/09/2025) and Waivers!A2 (01/04/2024 to 31/03/2025)" in error


def test_a_waiver_without_approval_date_overlaps_any_other_of_its_rule(tmp_path: Path) -> None:
    result = run(tmp_path, waivers(("NAT-ISP", None, date(2024, 3, 31)),
                                   ("NAT-ISP", None, date(2025, 3, 31))))
    assert ["until 31/03/2025" in e and "Waivers!A2 (until 31/03/2024)" in e
            for e in texts(result, "error")] == [True]


def test_a_renewal_approved_after_the_last_waiver_expired_is_accepted(tmp_path: Path) -> None:
    """The engine applies the waiver in force on the audit day: one at a time is clear."""
    result = run(tmp_path, waivers(("NAT-ISP", None, date(2024, 3, 31)),
                                   ("NAT-ISP", date(2024, 4, 1), date(2025, 3, 31))))
    assert result.ok, texts(result, "error")
    assert len(result.records.waivers) == 2
