"""Report contexts built from the sample run (support/report_fixtures.py), for the tests of
what a report or portfolio says."""

from __future__ import annotations

from dataclasses import replace

from support.report_fixtures import sample_records, sample_result

from csp_audit.report.context import build_context
from csp_audit.report.portfolio import build_portfolio_context, portfolio_entry


def officers_context(previous: object = None) -> dict:
    return build_context(sample_result(), sample_records(), previous, public=False)


def portfolio_context(public: bool, reports: bool = True) -> dict:
    entries = []
    for result in (sample_result(), replace(sample_result(), partnership_code="other",
                                            partnership_name="Other CSP")):
        context = build_context(result, sample_records(), None, public)
        report = f"{result.partnership_code}-2024-25.html" if reports else None
        entries.append(portfolio_entry(context, report))
    return build_portfolio_context(entries, public)
