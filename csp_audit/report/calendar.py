"""`csp-audit due` as files: an iCalendar file (RFC 5545, one all-day event per
obligation) and JSON for scripts.

Both are deterministic: the same obligations give the same bytes. Each event's UID is
stable (partnership, rule and what is due), so importing a newer file into a calendar
updates its events rather than adding them twice; DTSTAMP is the as-of day.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

from csp_audit.model.due import Obligation
from csp_audit.model.periods import long_date


def obligation_dict(obligation: Obligation) -> dict[str, Any]:
    return {"due": obligation.due.isoformat(), "due_label": long_date(obligation.due),
            "what": obligation.what, "rule_id": obligation.rule_id, "title": obligation.title,
            "why": obligation.why, "also": list(obligation.also)}


def due_json(code: str, name: str, as_of: Any, within_days: int,
             obligations: tuple[Obligation, ...], withheld: int) -> str:
    document = {"partnership": {"code": code, "name": name}, "as_of": as_of.isoformat(),
                "within_days": within_days, "withheld": withheld,
                "obligations": [obligation_dict(o) for o in obligations]}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def due_ics(code: str, name: str, as_of: Any, obligations: tuple[Obligation, ...]) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//csp-audit//due//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{name}: what falls due")
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for obligation in obligations:
        event = Event()
        event.add("uid", obligation.uid(code))
        event.add("dtstamp", stamp)
        event.add("dtstart", obligation.due)
        event.add("dtend", obligation.due + timedelta(days=1))
        event.add("summary", obligation.what)
        rules = ", ".join((obligation.rule_id, *obligation.also))
        event.add("description", f"{rules} {obligation.title}. Why: {obligation.why}")
        event.add("categories", ["csp-audit", code])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
