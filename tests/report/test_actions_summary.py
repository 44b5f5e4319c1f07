"""The Actions section's summary line: an overdue action is one of the open ones, so the
line says "of which", never lists the two counts as if they added up (issue 15)."""

from __future__ import annotations

import pytest

from csp_audit.report.actions import counts_line


@pytest.mark.parametrize(("counts", "line"), [
    ({"open": 1, "overdue": 1, "done": 0, "dropped": 0},
     "1 open, of which 1 overdue; 0 done this year."),
    ({"open": 3, "overdue": 1, "done": 2, "dropped": 1},
     "3 open, of which 1 overdue; 2 done this year; 1 dropped."),
    ({"open": 2, "overdue": 0, "done": 1, "dropped": 0}, "2 open, none overdue; 1 done this year."),
    ({"open": 0, "overdue": 0, "done": 4, "dropped": 0}, "0 open; 4 done this year."),
])
def test_overdue_counted_within_open(counts: dict[str, int], line: str) -> None:
    assert counts_line(counts | {"total": 0}) == line
