"""The check kinds: a registry from kind name to one function `(context, params) -> Outcome`.

Importing this package registers every kind; checklists name kinds, never Python.
"""

from csp_audit.rules.kinds import (
    absences,
    actions,
    agenda,
    attendance,
    authorities,
    cases,
    documents,
    groups,
    meetings,
    membership,
    quorum,
    reporting,
    seniority,
)
from csp_audit.rules.kinds.base import KINDS, Context, Kind, Outcome, Params

__all__ = ["KINDS", "Context", "Kind", "Outcome", "Params", "absences", "actions", "agenda",
           "attendance", "authorities", "cases", "documents", "groups", "meetings",
           "membership", "quorum", "reporting", "seniority"]
