"""Placeholders in optional dates, and dates that make no sense together (items 4 and 5 of
issue 11): warnings, never silent, never refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets
from support.validation import run, texts


@pytest.mark.parametrize("typed", ["TBC", "n/a", "-", "not yet", "To be confirmed"])
def test_a_placeholder_in_an_optional_date_is_blank_with_a_warning(
        tmp_path: Path, typed: str) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][2][7] = typed  # minutes_published of B-2024-09
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    assert result.records.meetings[1].minutes_published is None
    assert any(f"Meetings!H3: minutes_published '{typed}' is not a date yet, so it is read "
               "as blank" in w for w in texts(result, "warning"))


def test_a_placeholder_in_a_required_date_is_still_an_error(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][2][1] = "TBC"
    assert not run(tmp_path, sheets).ok


def test_minutes_before_their_meeting_and_papers_after_it_are_warned(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][7] = date(2024, 1, 7)   # published "7 January": 11/07 swapped
    sheets["Meetings"][2][5] = date(2024, 10, 18)  # papers 38 days after the meeting
    result = run(tmp_path, sheets)
    assert result.ok
    warnings = texts(result, "warning")
    assert any("Meetings!H2: minutes_published 07/01/2024 is 5 months before the meeting "
               "(13/06/2024): day and month swapped?" in w for w in warnings), warnings
    assert any("Meetings!F3: papers_circulated 18/10/2024 is 36 days after the meeting "
               "(12/09/2024)" in w for w in warnings), warnings


def test_a_column_mixing_dates_and_day_first_text_names_the_locale(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = date(2024, 6, 13)
    sheets["Meetings"][2][1] = "12/09/2024"        # read as text: harmless here
    sheets["Meetings"][3][1] = "13/10/2024"        # could not be month-first: kept as text
    result = run(tmp_path, sheets)
    assert result.ok
    warnings = texts(result, "warning")
    assert any("column date mixes dates held as dates (B2) with day-first dates held as text "
               "(B4 '13/10/2024'): the sign of a program set to US locale" in w
               and "LibreOffice Calc, Tools > Options > Language Settings" in w
               for w in warnings), warnings
