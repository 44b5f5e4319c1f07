"""Check kinds that read the Documents register (and the Members sheet for sectors)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from csp_audit.model.findings import Deadline, Evidence
from csp_audit.model.periods import add_months, long_date, months_and_days
from csp_audit.model.records import Document, Member
from csp_audit.model.wording import agrees, indefinite
from csp_audit.rules.kinds.authorities import COUNTY_LAW, authorities_on
from csp_audit.rules.kinds.base import (
    ABOLISHED_SECTORS,
    RA_SECTORS,
    Context,
    Outcome,
    Params,
    absent,
    bodies_of,
    cite,
    document_name,
    join,
    kind,
    sentence,
    words,
)

DateField = Literal["approved", "reviewed", "published", "sent_to_pcc"]
FIELD_WORDS = {"approved": "approved", "reviewed": "reviewed", "published": "published",
               "sent_to_pcc": "sent to the police and crime commissioner",
               "covers_to": "given an end date"}


class MembershipSectors(Params):
    sectors: list[str] = Field(default_factory=lambda: list(RA_SECTORS))
    abolished: dict[str, date] = Field(default_factory=lambda: dict(ABOLISHED_SECTORS))
    senior: bool = False
    """Each responsible authority's member holds a senior position (SI 2007/1830 reg 3(2)
    as made: "one of whom shall hold a senior position in that authority")."""
    district_county: bool = False
    """In a district, the county council is a member besides the district council."""


@kind("membership_sectors", MembershipSectors)
def membership_sectors(ctx: Context, params: MembershipSectors) -> Outcome:
    """Every responsible authority sector has a current member; no abolished body is one;
    when asked, a district's county council is one and each member is senior."""
    current = [m for m in ctx.records.members
               if m.is_responsible_authority and m.member_on(ctx.as_of)]
    evidence = tuple(cite(m, f"{m.organisation}: responsible authority, sector "
                             f"{m.sector or 'not recorded'}") for m in current)
    have = {m.sector for m in current}
    missing = [s for s in params.sectors if s not in have]
    if missing:
        return Outcome("red", f"The Members sheet lists no current responsible authority from "
                       f"the {join([words(s) for s in missing])} "
                       f"sector{'s' if len(missing) > 1 else ''}.",
                       evidence + (absent("Members", f"responsible authority ({join(missing)})"),))
    if authorities_on(ctx, ctx.as_of, params.sectors, params.district_county).county_missing:
        return Outcome("red", f"The Members sheet names no county council among the current "
                       f"responsible authorities, and {COUNTY_LAW}.",
                       evidence + (absent("Members", "county council (responsible authority)"),))
    stale = [m for m in current if m.sector in params.abolished
             and ctx.as_of > params.abolished[m.sector]]
    if stale:
        names = join([m.organisation for m in stale])
        ended = long_date(params.abolished[stale[0].sector or ""])
        return Outcome("amber", f"{names} {'is' if len(stale) == 1 else 'are'} still listed as a "
                       f"responsible authority, but {bodies_of(stale[0].sector or '')} "
                       f"were abolished on {ended}.", evidence)
    if params.senior and (short := _not_senior(current, params.sectors)):
        return short
    return Outcome("green", f"A current responsible authority member from every sector "
                   f"({join([words(s) for s in params.sectors])}) is listed.", evidence)


def _not_senior(current: list[Member], sectors: list[str]) -> Outcome | None:
    """Red when a responsible authority's member is recorded as not senior, amber when
    nobody recorded it; None when every one is senior."""
    members = [m for m in current if m.sector in sectors]
    junior = [m for m in members if m.senior is False]
    unknown = [m for m in members if m.senior is None]
    evidence = tuple(cite(m, f"{m.organisation}: senior "
                             f"{'no' if m.senior is False else 'not recorded'}")
                     for m in junior + unknown)
    if junior:
        return Outcome("red", f"{join([m.organisation for m in junior])} "
                       f"{'is' if len(junior) == 1 else 'are'} not represented by a person "
                       f"holding a senior position in the authority.", evidence)
    if unknown:
        return Outcome("amber", f"The Members sheet does not record whether the member from "
                       f"{join([m.organisation for m in unknown])} holds a senior position.",
                       evidence)
    return None


class DocumentInYear(Params):
    kinds: list[str] = Field(min_length=1)
    dates: list[DateField] = Field(default_factory=lambda: ["approved", "reviewed",
                                                            "published"])
    agenda_topics: list[str] = Field(default_factory=list)


@kind("document_in_year", DocumentInYear)
def document_in_year(ctx: Context, params: DocumentInYear) -> Outcome:
    """A document of these kinds approved/reviewed/published in the year (or an agenda item)."""
    what = join([words(k) for k in params.kinds], "or")
    for document in sorted(ctx.documents(params.kinds), key=lambda d: d.document_id):
        for field in params.dates:
            day = getattr(document, field)
            if ctx.in_year(day):
                return Outcome("green", sentence(f"{document_name(document)} was "
                               f"{FIELD_WORDS[field]} on {long_date(day)}."),
                               (cite(document, f"{document_name(document)}, {field} "
                                               f"{long_date(day)}"),))
    for meeting in ctx.meetings(None):
        for item in ctx.agenda_at(meeting):
            if item.topic in params.agenda_topics:
                return Outcome("green", f"The agenda of meeting {meeting.meeting_id} "
                               f"({long_date(meeting.date)}) covered {words(item.topic or '')}.",
                               (cite(item, f"Agenda item at {meeting.meeting_id}: "
                                           f"{item.item or words(item.topic or '')}"),))
    if not ctx.has("documents") and not (params.agenda_topics and ctx.has("agenda")):
        missing = ctx.not_supplied("documents", f"{indefinite(what)} in {ctx.period.label}")
        assert missing is not None
        return missing
    done = join(params.dates, "or")
    evidence = (absent("Documents", f"{what} {done} in {ctx.period.label}"),)
    if ctx.year_running:
        return Outcome("amber", f"No {what} {agrees(what, 'is', 'are')} recorded as {done} in "
                       f"{ctx.period.label} yet; it is {ctx.due_by()}.", evidence,
                       deadlines=(Deadline(ctx.period.end, "open", f"{what} {done}"),))
    return Outcome("red", f"No {what} {agrees(what, 'is', 'are')} recorded in the "
                   f"Documents sheet as {done} in {ctx.period.label}.", evidence)


def covers(document: Document, day: date) -> bool:
    """The document's period includes `day` (an open end runs on; the start defaults to
    approval)."""
    begins = document.covers_from or document.approved or document.reviewed
    return begins is not None and begins <= day and (document.covers_to is None
                                                     or document.covers_to >= day)


def current_document(ctx: Context, kind_name: str) -> Document | None:
    """The document covering as-of, else the latest approved one."""
    documents = ctx.documents([kind_name])
    covering = [d for d in documents if covers(d, ctx.as_of)]
    pool = covering or documents
    if not pool:
        return None
    return max(pool, key=lambda d: (d.latest_approval or date.min, d.document_id))


class CurrentPlan(Params):
    kind: str = "partnership_plan"
    or_kinds: list[str] = Field(default_factory=list)
    """Other document kinds that count as well (the partnership plan that must set out a
    strategy counts for the strategy)."""
    revised_in_year: bool = True


@kind("current_plan", CurrentPlan)
def current_plan(ctx: Context, params: CurrentPlan) -> Outcome:
    """A plan covers as-of and (when asked) was revised in the year."""
    kinds = [params.kind, *params.or_kinds]
    what = join([words(k) for k in kinds], "or")
    if missing := ctx.not_supplied("documents", indefinite(what)):
        return missing
    covering = [d for d in ctx.documents(kinds) if covers(d, ctx.as_of)]
    if not covering:
        return Outcome("red", f"No {what} in the Documents sheet "
                       f"{agrees(what, 'covers', 'cover')} "
                       f"{long_date(ctx.as_of)}.",
                       (absent("Documents", f"{what} covering "
                                            f"{long_date(ctx.as_of)}"),))
    revised_in_year = [d for d in covering if ctx.in_year(d.latest_approval)]
    plan = max(revised_in_year or covering,
               key=lambda d: (d.latest_approval or date.min, d.document_id))
    revised = plan.latest_approval
    name = document_name(plan)
    if not params.revised_in_year:
        agreed = f", last agreed on {long_date(revised)}" if revised else ""
        return Outcome("green", sentence(f"{name} covers {long_date(ctx.as_of)}{agreed}."),
                       (cite(plan, name),))
    if ctx.in_year(revised):
        assert revised is not None
        return Outcome("green", sentence(f"{name} covers {long_date(ctx.as_of)} and was "
                       f"approved or reviewed on {long_date(revised)}."),
                       (cite(plan, f"{name}, last agreed {long_date(revised)}"),))
    when = f"last agreed on {long_date(revised)}" if revised else "has no approval date"
    return Outcome("amber", sentence(f"{name} covers {long_date(ctx.as_of)} but was not "
                   f"revised in {ctx.period.label} ({when})."), (cite(plan, name),))


class DocumentField(Params):
    kind: str
    field: DateField
    missing: Literal["amber", "red"] = "amber"


@kind("document_field", DocumentField)
def document_field(ctx: Context, params: DocumentField) -> Outcome:
    """The current document of a kind has a dated field (published, sent to the PCC...)."""
    what = words(params.kind)
    if missing := ctx.not_supplied("documents", indefinite(what)):
        return missing
    documents = ctx.documents([params.kind])
    done = FIELD_WORDS[params.field]
    if not documents:
        return Outcome(params.missing, f"No {what} {agrees(what, 'is', 'are')} recorded, so none "
                       f"can be shown as "
                       f"{done}.", (absent("Documents", what),))
    if not any(covers(d, ctx.as_of) for d in documents):
        # NOTE: an out-of-date document's field says nothing about the one that should exist.
        return Outcome(params.missing, f"No {what} in the Documents sheet "
                       f"{agrees(what, 'covers', 'cover')} {long_date(ctx.as_of)}, so none "
                       f"can be shown as {done}.",
                       (absent("Documents", f"{what} covering {long_date(ctx.as_of)}"),))
    document = current_document(ctx, params.kind)
    assert document is not None
    day = getattr(document, params.field)
    name = document_name(document)
    if day is None:
        return Outcome(params.missing, sentence(f"{name} has no date recorded for being "
                       f"{done}."), (cite(document, f"{name}: {params.field} blank"),))
    return Outcome("green", sentence(f"{name} was {done} on {long_date(day)}."),
                   (cite(document, f"{name}, {params.field} {long_date(day)}"),))


class DocumentRecency(Params):
    kind: str
    green_months: int = Field(ge=1)
    amber_months: int | None = None
    check_expiry: bool = False


@kind("document_recency", DocumentRecency)
def document_recency(ctx: Context, params: DocumentRecency) -> Outcome:
    """The latest approval or review of a document is recent enough (and it has not expired)."""
    what = words(params.kind)
    if missing := ctx.not_supplied("documents", indefinite(what)):
        return missing
    dated = [d for d in ctx.documents([params.kind]) if d.latest_approval is not None]
    if not dated:
        return Outcome("red", f"No {what} with an approval or review date "
                       f"{agrees(what, 'is', 'are')} recorded.",
                       (absent("Documents", f"{what} with an approved or reviewed date"),))
    document = max(dated, key=lambda d: (d.latest_approval, d.document_id))
    agreed = document.latest_approval
    assert agreed is not None
    name = document_name(document)
    evidence = (cite(document, f"{name}, last agreed {long_date(agreed)}"),)
    if params.check_expiry and document.covers_to is not None and document.covers_to < ctx.as_of:
        return Outcome("amber", sentence(f"{name} expired on {long_date(document.covers_to)}."),
                       evidence)
    review_due = add_months(agreed, params.green_months)
    if review_due >= ctx.as_of:
        return Outcome("green", sentence(f"{name} was last approved or reviewed on "
                       f"{long_date(agreed)}, within {params.green_months} months."), evidence,
                       deadlines=(Deadline(review_due, "open", f"{name}: next review",
                                           document.restricted),))
    late = sentence(f"{name} was last approved or reviewed on {long_date(agreed)}, "
                    f"{months_and_days(agreed, ctx.as_of)} before {long_date(ctx.as_of)}; the "
                    f"checklist asks for a review within {params.green_months} months.")
    if params.amber_months is None or add_months(agreed, params.amber_months) >= ctx.as_of:
        return Outcome("amber", late, evidence)
    return Outcome("red", late, evidence)


class DocumentSignatories(Params):
    kind: str = "information_sharing_protocol"
    sectors: list[str] = Field(default_factory=lambda: list(RA_SECTORS))
    each_authority: bool = False
    """Every responsible authority organisation signs, not one of each sector."""
    district_county: bool = False
    """In a district, the county council signs besides the district council."""


@kind("document_signatories", DocumentSignatories)
def document_signatories(ctx: Context, params: DocumentSignatories) -> Outcome:
    """An approved document (the ISP) signed by a member of every sector (and, when asked,
    by every responsible authority and a district's county council)."""
    what = words(params.kind)
    if missing := ctx.not_supplied("documents", indefinite(what)):
        return missing
    documents = ctx.documents([params.kind])
    if not documents:
        return Outcome("red", f"No {what} {agrees(what, 'is', 'are')} recorded.",
                       (absent("Documents", what),))
    document = max(documents, key=lambda d: (d.latest_approval or date.min, d.document_id))
    name = document_name(document)
    evidence: tuple[Evidence, ...] = (cite(document, name),)
    if document.latest_approval is None:
        return Outcome("amber", sentence(f"{name} has no approval date recorded."), evidence)
    signed: set[str] = set()
    names: set[str] = set()
    for organisation in document.signatories:
        member = ctx.member(organisation)
        if member is not None and member.sector:
            signed.add(member.sector)
            names.add(member.organisation.casefold())
            evidence += (cite(member, f"Signatory {member.organisation} ({member.sector})"),)
    if params.each_authority or params.district_county:
        authorities = authorities_on(ctx, ctx.as_of, params.sectors, params.district_county)
        unsigned = authorities.gaps(names, signed, True)
        if unsigned:
            county = (f" ({COUNTY_LAW}, and the Members sheet names none)"
                      if authorities.county_missing else "")
            return Outcome("amber", sentence(f"{name} has not been signed by "
                           f"{join([_sector_words(u, params.sectors) for u in unsigned])}"
                           f"{county}."), evidence)
        return Outcome("green", sentence(f"{name} was approved on "
                       f"{long_date(document.latest_approval)} and signed by every responsible "
                       f"authority."), evidence)
    unsigned = [s for s in params.sectors if s not in signed]
    if unsigned:
        return Outcome("amber", sentence(f"{name} has not been signed by a member from the "
                       f"{join(unsigned)} sector{'s' if len(unsigned) > 1 else ''}."), evidence)
    return Outcome("green", sentence(f"{name} was approved on "
                   f"{long_date(document.latest_approval)} and signed by every sector."),
                   evidence)


def _sector_words(gap: str, sectors: list[str]) -> str:
    """`a member from the probation sector` for a sector; an organisation's name as it is."""
    return f"a member from the {words(gap)} sector" if gap in sectors else gap


class StrategyWithAssessment(Params):
    strategy_kind: str = "serious_violence_strategy"
    assessment_kind: str = "serious_violence_needs_assessment"
    review_months: int = Field(default=12, ge=1)


@kind("strategy_with_assessment", StrategyWithAssessment)
def strategy_with_assessment(ctx: Context, params: StrategyWithAssessment) -> Outcome:
    """A published strategy, reviewed in time, resting on a needs assessment."""
    strategy_words = words(params.strategy_kind)
    if missing := ctx.not_supplied("documents", indefinite(strategy_words)):
        return missing
    strategies = ctx.documents([params.strategy_kind])
    if not strategies:
        return Outcome("red", f"No {strategy_words} {agrees(strategy_words, 'is', 'are')} "
                       f"recorded.",
                       (absent("Documents", strategy_words),))
    strategy = max(strategies, key=lambda d: (d.latest_approval or date.min, d.document_id))
    assessments = ctx.documents([params.assessment_kind])
    name = document_name(strategy)
    evidence = (cite(strategy, name),) + tuple(cite(a, document_name(a)) for a in assessments)
    gaps = []
    agreed = strategy.latest_approval
    if agreed is None:
        gaps.append("has no approval date")
    elif add_months(agreed, params.review_months) < ctx.as_of:
        gaps.append(f"was last approved or reviewed on {long_date(agreed)}, more than "
                    f"{params.review_months} months ago")
    if strategy.published is None:
        gaps.append("is not recorded as published")
    if not assessments:
        gaps.append(f"has no {words(params.assessment_kind)} behind it")
        evidence += (absent("Documents", words(params.assessment_kind)),)
    if gaps:
        return Outcome("amber", sentence(f"{name} {join(gaps)}."), evidence)
    assert agreed is not None
    return Outcome("green", sentence(f"{name} rests on "
                   f"{indefinite(words(params.assessment_kind))}, was published, and was last "
                   f"agreed on {long_date(agreed)}."), evidence)
