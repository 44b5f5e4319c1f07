"""What falls due: the dated obligations still to come, read from an audit's findings.

Each rule states the deadlines it judged (`Finding.deadlines`, from the very code that
rates it); an obligation is one of them not yet met and not yet due on as-of. So `due`, the
report's "Coming up" and the ratings never disagree about a date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from csp_audit.model.findings import AuditResult


@dataclass(frozen=True)
class Obligation:
    due: date
    what: str
    """Short, naming the record: `DHR-2025-01: the decision`."""
    rule_id: str
    title: str
    why: str
    """What the rule rests on: its first source's citation."""
    restricted: bool = False
    also: tuple[str, ...] = ()
    """Other rules that judged the same deadline."""

    def uid(self, partnership: str) -> str:
        """Stable across runs (partnership, rule and what is due, not the date: a deadline
        moved by a corrected record updates its calendar event rather than adding one)."""
        digest = hashlib.sha256(f"{partnership}|{self.rule_id}|{self.what}".encode()).hexdigest()
        return f"{digest[:32]}@csp-audit"


def coming_due(result: AuditResult, within_days: int) -> list[Obligation]:
    """The open deadlines due after as-of and within `within_days` of it, soonest first;
    a deadline several rules judged is listed once, under the first rule."""
    last = result.as_of + timedelta(days=within_days)
    found: dict[tuple[date, str], Obligation] = {}
    for finding in result.findings:
        if finding.status in ("waived", "not_applicable"):
            continue
        for deadline in finding.deadlines:
            if deadline.state != "open" or not result.as_of < deadline.due <= last:
                continue
            key = (deadline.due, deadline.text)
            if key in found:
                earlier = found[key]
                found[key] = Obligation(earlier.due, earlier.what, earlier.rule_id,
                                        earlier.title, earlier.why, earlier.restricted,
                                        (*earlier.also, finding.rule_id))
                continue
            why = finding.sources[0].cite if finding.sources else finding.title
            found[key] = Obligation(deadline.due, deadline.text, finding.rule_id,
                                    finding.title, why, deadline.restricted)
    return sorted(found.values(), key=lambda o: (o.due, o.rule_id, o.what))
