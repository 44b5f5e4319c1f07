"""What an audit says about its input beyond the rules' findings: a year with no meetings,
a waiver naming no rule that applies.

The engine stores these with the run (AuditResult.warnings), so every report of the run
shows them; `RuleIds` lets load and validate say the second before any audit. A mistyped
rule id waives nothing, and the user should hear so; that is a warning, never an error: the
workbook is still valid, and a partnership whose own checklist is not known here (kept in a
folder of its own, given to check with --checklists) is not checked at all rather than
warned about rules that may well exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from csp_audit.model.errors import CspAuditError, did_you_mean
from csp_audit.model.periods import Period, long_date, period_containing
from csp_audit.model.records import Partnership, PartnershipRecords, Waiver

if TYPE_CHECKING:
    from csp_audit.rules.checklists import ChecklistSet, Library

STATUTORY_YEAR_CHECKLISTS = ("national", "national-wales")
"""Checklists whose yearly duties come from SI 2007/1830 or SI 2007/3076, where reg 2 says
"'year' means a period of twelve months beginning on 1st April"."""

Applying = tuple[tuple[str, ...], frozenset[str]]
"""The ids of the checklists that apply to a partnership, and of every rule they hold."""

_Resolved = tuple[tuple[str, ...], frozenset[str], Mapping[str, frozenset[str]]]
"""`Applying`, and the topics and kinds those checklists declare."""


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


def waives_nothing(waiver: Waiver, known: Iterable[str] | frozenset[str]) -> bool:
    """True when no rule of `known` has the waiver's rule id, compared as the engine applies
    waivers: trimmed, ignoring case."""
    return waiver.rule_id.strip().upper() not in known


def unknown_waivers(waivers: tuple[Waiver, ...], checklists: ChecklistSet) -> tuple[str, ...]:
    """A waiver whose rule id no applied checklist has (a typo such as NAT-FOO) waives
    nothing: say so, naming its row, rather than ignore it. One naming a retired rule is
    told which rules replaced it."""
    known = {rule.id for rule in checklists.rules}
    retired = {rule.id: rule for rule in checklists.retired}
    applied = ", ".join(c.id for c in checklists.checklists)
    found = []
    for waiver in waivers:
        if not waives_nothing(waiver, known):
            continue
        rule_id = waiver.rule_id.strip().upper()
        where = f"{waiver.place.sheet} row {waiver.place.row}: the waiver names rule"
        if rule_id in retired:
            found.append(f"{where} {rule_id}, which {retired[rule_id].words()}, so it waives "
                         "nothing")
        else:
            found.append(f"{where} {waiver.rule_id.strip()}, which none of the applied "
                         f"checklists ({applied}) has, so it waives nothing"
                         f"{did_you_mean(waiver.rule_id, sorted(known))}")
    return tuple(found)


class RuleIds:
    """The rules that would apply to each partnership, resolved as the engine resolves them
    (national or national-wales, hallmarks, the partnership's own); the checklists are read
    once, when a workbook with waivers first needs them."""

    def __init__(self, folders: Iterable[Path] = (), waivers: bool = True) -> None:
        self.folders = tuple(folders)
        self.waivers = waivers
        """False when only the declared topics and kinds are wanted (`audit` warns of
        waivers when it checks, with its own --checklists)."""
        self._library: Library | None = None
        self._applying: dict[tuple[str, ...], _Resolved | None] = {}

    def applying_to(self, partnership: Partnership) -> Applying | None:
        """None when the checklists cannot be resolved for this partnership (its own is not
        known here, or the checklists are broken: `check` says why)."""
        resolved = self._resolved(partnership)
        if resolved is None:
            return None
        return resolved[0], resolved[1]

    def declared_for(self, partnership: Partnership) -> Mapping[str, frozenset[str]]:
        """The topics and document kinds beyond the contract's that the checklists applying
        to this partnership declare (none when they cannot be resolved here)."""
        resolved = self._resolved(partnership)
        return {} if resolved is None else resolved[2]

    def _resolved(self, partnership: Partnership) -> _Resolved | None:
        # NOTE: imported here, so `validate` of a workbook without waivers reads no YAML.
        from csp_audit.rules.checklists import Library, checklist_ids_for, checklists_for

        key = tuple(checklist_ids_for(partnership))
        if key not in self._applying:
            try:
                self._library = self._library or Library(self.folders)
                resolved = checklists_for(partnership, library=self._library)
            except CspAuditError:
                self._applying[key] = None
            else:
                self._applying[key] = (tuple(c.id for c in resolved.checklists),
                                       frozenset(rule.id for rule in resolved.rules),
                                       resolved.declared)
        return self._applying[key]


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
