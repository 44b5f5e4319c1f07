"""Warnings about the input that come from the records alone, not from any rule: the engine
stores them with the run (AuditResult.warnings), so every report of the run shows them.

Kept apart from `reporting` so the engine can use them without loading the renderers.
"""

from __future__ import annotations

from csp_audit.model.periods import Period, long_date, period_containing
from csp_audit.model.records import PartnershipRecords


def empty_year(records: PartnershipRecords, period: Period) -> str | None:
    """The workbook holds no meeting in the audited year (most likely the wrong year: without
    --year the audit takes the year containing today); None when it holds one.

    Names only reporting years, never a meeting: a public report may show it (the year of a
    restricted meeting says no more than that year's public report, which counts them)."""
    partnership = records.partnership
    if any(m.date in period for m in records.meetings):
        return None
    years = sorted({period_containing(m.date, partnership.year_start_month,
                                      partnership.year_start_day).label
                    for m in records.meetings})
    covered = (f"its meetings fall in {', '.join(years)}; pass --year {years[-1]} to audit "
               "that year" if years else "it records no meetings at all")
    return (f"the workbook holds no meetings in {period.label} ({long_date(period.start)} to "
            f"{long_date(period.end)}), the year audited; {covered}")
