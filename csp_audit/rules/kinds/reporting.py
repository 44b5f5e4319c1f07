"""Check kinds about reporting on and about order: reports sent to other bodies (the Reports
register) often enough, and one document agreed on or after another (the plan after the
year's strategic assessment)."""

from __future__ import annotations

from pydantic import Field

from csp_audit.model.findings import Evidence
from csp_audit.model.periods import long_date
from csp_audit.model.records import Document, SentReport
from csp_audit.model.wording import a_or_an, counted
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    absent,
    cite,
    document_name,
    join,
    kind,
    sentence,
    words,
)
from csp_audit.rules.kinds.meetings import body_words


class Body(Params):
    """A body reported to: its name, and other names it goes by (a successor counts)."""

    name: str = Field(min_length=1)
    also: list[str] = Field(default_factory=list)

    def receives(self, report: SentReport) -> bool:
        sent_to = " ".join(report.sent_to.split()).casefold()
        return any(" ".join(n.split()).casefold() in sent_to for n in [self.name, *self.also])


class ReportsInYear(Params):
    to: list[Body] = Field(min_length=1)
    min: int = Field(default=1, ge=1)
    each_meeting_of: str | None = None
    """When given, each body needs as many reports as this body held meetings in the year
    (minutes after every meeting), and at least `min`."""
    grace_days: int = Field(default=0, ge=0)
    """Meetings fewer than this many days before as-of are not yet owed a report."""
    topic: str | None = None
    what: str | None = None
    """Words in the Reports sheet's `what` column (`minutes`), compared ignoring case."""


def _matches(params: ReportsInYear, report: SentReport) -> bool:
    return ((params.topic is None or report.topic == params.topic)
            and (params.what is None
                 or params.what.casefold() in (report.what or "").casefold()))


@kind("reports_in_year", ReportsInYear)
def reports_in_year(ctx: Context, params: ReportsInYear) -> Outcome:
    """Each named body was sent at least `min` reports in the year (or one per meeting of a
    body), as the Reports register records."""
    if missing := ctx.not_supplied("reports", "what the partnership reported to other "
                                   "bodies"):
        return missing
    needed = params.min
    basis = ""
    if params.each_meeting_of is not None:
        held = [m for m in ctx.meetings(params.each_meeting_of)
                if (ctx.as_of - m.date).days >= params.grace_days]
        needed = max(needed, len(held))
        basis = f", one for each of the {counted(len(held), body_words(params.each_meeting_of))}"
    reports = [r for r in ctx.records.reports if ctx.in_year(r.date) and _matches(params, r)]
    what = f"{params.what} " if params.what else (f"{words(params.topic)} "
                                                   if params.topic else "")
    short: list[str] = []
    evidence: list[Evidence] = []
    for body in params.to:
        sent = [r for r in reports if body.receives(r)]
        evidence.extend(cite(r, f"{r.what or 'report'} to {r.sent_to}, "
                                f"{long_date(r.date)}") for r in sent)
        if len(sent) < needed:
            short.append(f"{body.name} ({len(sent)})")
            evidence.append(absent("Reports", f"{what}report to {body.name} in "
                                              f"{ctx.period.label}"))
    ask = f"the checklist asks for at least {counted(needed, what + 'report')} to each{basis}"
    names = join([b.name for b in params.to])
    if not short:
        return Outcome("green", f"The Reports register records at least "
                       f"{counted(needed, what + 'report')} to {names} in "
                       f"{ctx.year_words()}{basis}.", tuple(evidence))
    if ctx.year_running:
        return Outcome("amber", f"Not yet enough {what}reports recorded in "
                       f"{ctx.year_words()}: {join(short)}; {ask}, {ctx.due_by()}.",
                       tuple(evidence))
    return Outcome("red", f"Too few {what}reports recorded in {ctx.period.label}: "
                   f"{join(short)}; {ask}.", tuple(evidence))


class DocumentOrder(Params):
    kind: str = "partnership_plan"
    after: str = "strategic_assessment"


def _agreed_in_year(ctx: Context, documents: list[Document]) -> list[Document]:
    return sorted((d for d in documents if ctx.in_year(d.approved) or ctx.in_year(d.reviewed)
                   or ctx.in_year(d.published)),
                  key=lambda d: max(x for x in (d.approved, d.reviewed, d.published)
                                    if x is not None))


@kind("document_order", DocumentOrder)
def document_order(ctx: Context, params: DocumentOrder) -> Outcome:
    """A document of `kind` approved or reviewed on or after the year's document of `after`
    (the plan agreed after the strategic assessment whose priorities it rests on)."""
    first_words, then_words = words(params.after), words(params.kind)
    if missing := ctx.not_supplied("documents", f"whether the {then_words} followed the "
                                   f"{first_words}"):
        return missing
    assessments = _agreed_in_year(ctx, ctx.documents([params.after]))
    if not assessments:
        return Outcome("amber", sentence(f"no {first_words} is dated in {ctx.year_words()}, "
                       f"so the workbook cannot show {a_or_an(then_words)} {then_words} "
                       f"agreed after it."), (absent("Documents", f"{first_words} in "
                                                                  f"{ctx.period.label}"),))
    assessment = assessments[-1]
    day = max(x for x in (assessment.approved, assessment.reviewed, assessment.published)
              if x is not None)
    plans = [d for d in ctx.documents([params.kind])
             if any(x is not None and day <= x <= ctx.as_of for x in (d.approved, d.reviewed))]
    evidence = (cite(assessment, f"{document_name(assessment)}, dated {long_date(day)}"),)
    if plans:
        plan = plans[0]
        agreed = min(x for x in (plan.approved, plan.reviewed)
                     if x is not None and x >= day)
        return Outcome("green", sentence(f"{document_name(plan)} was agreed on "
                       f"{long_date(agreed)}, on or after {document_name(assessment)} "
                       f"({long_date(day)})."),
                       evidence + (cite(plan, f"{document_name(plan)}, agreed "
                                              f"{long_date(agreed)}"),))
    earlier = [d for d in ctx.documents([params.kind]) if d.latest_approval is not None]
    evidence += tuple(cite(d, f"{document_name(d)}, last agreed "
                              f"{long_date(d.latest_approval)}") for d in earlier)
    evidence += (absent("Documents", f"{then_words} agreed on or after {long_date(day)}"),)
    reason = (f"No {then_words} was approved or reviewed on or after {long_date(day)}, when "
              f"{document_name(assessment)} was dated")
    if ctx.year_running:
        return Outcome("amber", f"{reason}; one is {ctx.due_by()}.", evidence)
    return Outcome("red", f"{reason}, up to {long_date(ctx.as_of)}.", evidence)
