"""Check kinds that read who sits on the Members sheet: a column every member of a role has
filled in (a named deputy, a senior representative), and the named partners a terms of
reference lists beyond the responsible authorities."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from csp_audit.model.contract import MEMBER_ROLES, SECTORS
from csp_audit.model.findings import Evidence
from csp_audit.model.periods import long_date
from csp_audit.model.records import Member
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    absent,
    cite,
    join,
    kind,
    sentence,
    words,
)

MemberColumn = Literal["deputy", "senior", "representative", "isp_contact", "voting"]
COLUMN_WORDS = {"deputy": "a named deputy", "senior": "a senior representative",
                "representative": "a representative's job title",
                "isp_contact": "an information sharing contact", "voting": "a vote"}


class MemberField(Params):
    roles: list[str] = Field(default_factory=lambda: ["responsible_authority"], min_length=1)
    field: MemberColumn
    sectors: list[str] | None = None
    missing: Literal["amber", "red"] = "amber"


def _roles_words(roles: list[str]) -> str:
    """`responsible authority or co-opted`."""
    return join([ROLE_WORDS.get(role, words(role)) for role in roles], "or")


ROLE_WORDS = {"co_opted": "co-opted", "ex_officio": "ex-officio"}


def current_members(ctx: Context, roles: list[str] | None,
                    sectors: list[str] | None = None) -> list[Member]:
    """Members sitting on as-of, of those roles and sectors (None: any)."""
    return [m for m in ctx.sitting_members(ctx.as_of)
            if (roles is None or m.role in roles)
            and (sectors is None or m.sector in sectors)]


@kind("member_field", MemberField)
def member_field(ctx: Context, params: MemberField) -> Outcome:
    """Every current member of the roles has the Members column filled in (a text column) or
    yes (a yes/no column): a named deputy, a senior representative."""
    members = current_members(ctx, params.roles, params.sectors)
    who = _roles_words(params.roles)
    wanted = COLUMN_WORDS[params.field]
    if not members:
        return Outcome("amber", f"The Members sheet lists no {who} sitting on "
                       f"{long_date(ctx.as_of)}, so none can be shown to have {wanted}.",
                       (absent("Members", f"current {who}"),))
    no: list[Member] = []
    unknown: list[Member] = []
    evidence: list[Evidence] = []
    for member in members:
        value = getattr(member, params.field)
        shown = {True: "yes", False: "no", None: "blank"}.get(value, value) \
            if not isinstance(value, str) else value
        evidence.append(cite(member, f"{member.organisation}: {params.field} {shown}"))
        if value is False:
            no.append(member)
        elif value is None or value == "":
            unknown.append(member)
    if no:
        return Outcome("red", sentence(f"{join([m.organisation for m in no])} "
                       f"{'is' if len(no) == 1 else 'are'} recorded with {params.field} no "
                       f"on the Members sheet, where the checklist asks for {wanted}."),
                       tuple(evidence))
    if unknown:
        return Outcome(params.missing, sentence(
            f"The Members sheet records no {params.field} for "
            f"{join([m.organisation for m in unknown])} "
            f"({len(unknown)} of the {len(members)} current {who} members)."),
            tuple(evidence))
    return Outcome("green", f"Every current {who} ({len(members)}) has {wanted} recorded on "
                   f"the Members sheet.", tuple(evidence))


class Expected(Params):
    """One partner the terms of reference name: every given part must match one member."""

    organisation: str | list[str] | None = None
    """Words in the organisation's name, compared ignoring case (`Victim Support`); a list
    gives other names it goes by (`[Voluntary Action North East Lincolnshire, VANEL]`)."""
    representative: str | list[str] | None = None
    """Words in the representative's job title (`portfolio holder`), or a list of them."""
    role: str | None = None
    sector: str | None = None
    at_least: int = Field(default=1, ge=1)
    label: str | None = None
    """How the reason names it; by default built from the parts above."""

    @model_validator(mode="after")
    def _something(self) -> Expected:
        if not any((self.organisation, self.representative, self.role, self.sector)):
            raise ValueError("give at least one of organisation, representative, role or "
                             "sector")
        for value, allowed in ((self.role, MEMBER_ROLES), (self.sector, SECTORS)):
            if value is not None and value not in allowed:
                raise ValueError(f"{value!r} is not a value the Members sheet allows "
                                 f"(expected one of {', '.join(allowed)})")
        return self

    def matches(self, member: Member) -> bool:
        return ((self.organisation is None or _contains(member.organisation, self.organisation))
                and (self.representative is None
                     or _contains(member.representative or "", self.representative))
                and (self.role is None or member.role == self.role)
                and (self.sector is None or member.sector == self.sector))

    def words(self) -> str:
        if self.label:
            return self.label
        parts = [_first(self.organisation), f"({_first(self.representative)})"
                 if self.representative else "", words(self.sector) if self.sector else "",
                 words(self.role) if self.role else ""]
        return " ".join(p for p in parts if p) or "member"


def _first(names: str | list[str] | None) -> str:
    return (names[0] if names else "") if isinstance(names, list) else names or ""


def _contains(text: str, wanted: str | list[str]) -> bool:
    """Any of the wanted names in `text`, ignoring case and runs of spaces."""
    folded = " ".join(text.split()).casefold()
    names = [wanted] if isinstance(wanted, str) else wanted
    return any(" ".join(name.split()).casefold() in folded for name in names)


class MembershipIncludes(Params):
    members: list[Expected] = Field(min_length=1)
    missing: Literal["amber", "red"] = "amber"


@kind("membership_includes", MembershipIncludes)
def membership_includes(ctx: Context, params: MembershipIncludes) -> Outcome:
    """The Members sheet lists, on as-of, every partner the terms of reference name: by
    organisation, job title, or role and sector, with a count where they name several."""
    current = ctx.sitting_members(ctx.as_of)
    short: list[str] = []
    evidence: list[Evidence] = []
    for expected in params.members:
        found = [m for m in current if expected.matches(m)]
        evidence.extend(cite(m, f"{m.organisation}: {expected.words()}") for m in found)
        if len(found) < expected.at_least:
            what = expected.words()
            short.append(what if expected.at_least == 1
                         else f"{what} ({len(found)} of {expected.at_least})")
            evidence.append(absent("Members", what))
    if short:
        return Outcome(params.missing, f"Not listed on the Members sheet as sitting on "
                       f"{long_date(ctx.as_of)}: {join(short)}; the checklist names "
                       f"{'it' if len(short) == 1 else 'each'} as a member.", tuple(evidence))
    return Outcome("green", f"The Members sheet lists every partner the checklist names "
                   f"({counted(len(params.members), 'entry', 'entries')}).", tuple(evidence))
