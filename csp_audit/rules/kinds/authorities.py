"""The responsible authorities a duty names one by one ("each of the responsible
authorities"), not only their sectors: two bodies of one sector are two authorities, and in
a district the county council is one besides the district council (CDA 1998 s5(1)(a):
"where the area is a district and the council is not a unitary authority, the council for
the county which includes the district").

The county council is the council responsible authority whose name on the Members sheet
says it is the county's ("Lancashire County Council"): the workbook has no other place
that says which council is which (docs/workbook.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field

from csp_audit.model.records import Member
from csp_audit.rules.kinds.base import (
    RA_SECTORS,
    Context,
    Outcome,
    Params,
    absent,
    cite,
    join,
    kind,
)

COUNTY_WORD = "county"

COUNTY_MISSING = "the county council"
"""How a reason names the county council when the Members sheet lists none."""

COUNTY_LAW = ("in a district the council for the county is a responsible authority too "
              "(Crime and Disorder Act 1998 s5(1)(a))")


def is_county_council(member: Member) -> bool:
    return member.sector == "council" and COUNTY_WORD in member.organisation.casefold()


@dataclass(frozen=True)
class Authorities:
    """Who must take part on a day: the sectors asked for, the responsible authority
    organisations of those sectors sitting then, and whether a district's county council
    is missing from the Members sheet."""

    sectors: tuple[str, ...]
    organisations: tuple[Member, ...]
    county_missing: bool

    def gaps(self, present_organisations: set[str], present_sectors: set[str],
             each_authority: bool) -> list[str]:
        """What is missing, in words: the sectors nobody came from; then, each authority
        counted, the organisations absent from a sector someone else covered (the county
        council beside the district's); then the county council when none is listed."""
        lacking = [s for s in self.sectors if s not in present_sectors]
        if each_authority:
            lacking += [m.organisation for m in self.organisations
                        if m.organisation.casefold() not in present_organisations
                        and m.sector in present_sectors]
        if self.county_missing:
            lacking.append(COUNTY_MISSING)
        return lacking


def authorities_on(ctx: Context, day: date, sectors: list[str],
                   district_county: bool) -> Authorities:
    """The responsible authorities of `sectors` sitting on `day` (an abolished body is not
    one), and, when `district_county` is asked in a district, whether the county council is
    missing from them."""
    sitting = tuple(m for m in ctx.sitting_members(day)
                    if m.is_responsible_authority and m.sector in sectors)
    county_missing = (district_county and ctx.partnership.tier == "district"
                      and not any(is_county_council(m) for m in sitting))
    return Authorities(tuple(sectors), sitting, county_missing)


MEMBER_FIELD_WORDS = {"isp_contact": "a person nominated to facilitate information sharing "
                                     "under the protocol"}


class AuthorityField(Params):
    field: Literal["isp_contact"] = "isp_contact"
    sectors: list[str] = Field(default_factory=lambda: list(RA_SECTORS))
    district_county: bool = False


@kind("authority_field", AuthorityField)
def authority_field(ctx: Context, params: AuthorityField) -> Outcome:
    """Each responsible authority sitting on as-of has `field` recorded on the Members sheet
    (a duty the law puts on each authority: "each shall nominate a person")."""
    authorities = authorities_on(ctx, ctx.as_of, params.sectors, params.district_county)
    what = MEMBER_FIELD_WORDS[params.field]
    evidence = tuple(cite(m, f"{m.organisation}: {params.field} "
                             f"{getattr(m, params.field) or 'blank'}")
                     for m in authorities.organisations)
    if not authorities.organisations:
        return Outcome("amber", "The Members sheet lists no current responsible authority, so "
                       f"none can be shown to have {what}.",
                       (absent("Members", "responsible authority"),))
    blank = [m.organisation for m in authorities.organisations
             if not getattr(m, params.field)]
    county = (f"; {COUNTY_LAW}, and the Members sheet names no county council"
              if authorities.county_missing else "")
    if blank or county:
        who = f"{join(blank)} {'has' if len(blank) == 1 else 'have'} no record of {what}" \
            if blank else "Every listed responsible authority has a nominee recorded"
        return Outcome("amber", f"{who} (the {params.field} column of the Members sheet)"
                       f"{county}.", evidence)
    return Outcome("green", f"Every responsible authority has {what} recorded "
                   f"({join([m.organisation for m in authorities.organisations])}).", evidence)
