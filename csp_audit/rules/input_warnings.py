"""Warnings about the input that come from the records alone, not from any rule: the engine
stores them with the run (AuditResult.warnings), so every report of the run shows them.

Kept apart from `reporting` so the engine can use them without loading the renderers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csp_audit.model.periods import Period, long_date, period_containing
from csp_audit.model.records import PartnershipRecords

if TYPE_CHECKING:
    from csp_audit.rules.checklists import ChecklistSet

STATUTORY_YEAR_CHECKLISTS = ("national", "national-wales")
"""Checklists whose yearly duties come from SI 2007/1830 or SI 2007/3076, where reg 2 says
"'year' means a period of twelve months beginning on 1st April"."""


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


def statutory_year(records: PartnershipRecords, checklists: ChecklistSet) -> str | None:
    """A partnership whose reporting year does not start on 1 April is rated on the national
    yearly duties over its own year, while the regulations' year runs from 1 April (SI
    2007/1830 reg 2; SI 2007/3076 reg 2): say so in every report, so a reader does not take
    its year for the law's; None for a 1 April year or without the national checklist."""
    partnership = records.partnership
    if (partnership.year_start_month, partnership.year_start_day) == (4, 1):
        return None
    if not any(c.id in STATUTORY_YEAR_CHECKLISTS for c in checklists.checklists):
        return None
    return (f"the partnership's reporting year starts on {partnership.year_start_day:02d}-"
            f"{partnership.year_start_month:02d}, but the yearly duties of the 2007 "
            "regulations (strategic assessment, partnership plan, consultation, public "
            "meeting, county agreement) run from 1 April to 31 March (SI 2007/1830 reg 2, SI "
            "2007/3076 reg 2); this audit rates them over the partnership's own year, so a "
            "green here may not mean the duty was met in the statutory year")
