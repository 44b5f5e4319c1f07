"""Boundaries of the kinds that read who sits: member_field (a deputy named, a senior
representative) and membership_includes (named partners, a count per sector)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from support.kinds import ra_members, records, run

from csp_audit.model.records import Member, Place

END = date(2025, 3, 31)


def with_deputies(*blank: str) -> tuple[Member, ...]:
    return tuple(replace(m, deputy=None if m.organisation in blank else "Deputy")
                 for m in ra_members())


def test_member_field_green_when_every_authority_names_a_deputy() -> None:
    outcome = run("member_field", {"field": "deputy"}, records(members=with_deputies()), END)
    assert outcome.status == "green"
    assert outcome.reason == ("Every current responsible authority (5) has a named deputy "
                              "recorded on the Members sheet.")


def test_member_field_a_missing_deputy_is_amber_and_named() -> None:
    outcome = run("member_field", {"field": "deputy"},
                  records(members=with_deputies("Probation")), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("The Members sheet records no deputy for Probation (1 of the 5 "
                              "current responsible authority members).")
    assert run("member_field", {"field": "deputy", "missing": "red"},
               records(members=with_deputies("Probation")), END).status == "red"


def test_member_field_senior_no_is_red_and_blank_amber() -> None:
    members = list(ra_members())
    members[1] = replace(members[1], senior=False)
    assert run("member_field", {"field": "senior"}, records(members=tuple(members)),
               END).status == "red"
    members[1] = replace(members[1], senior=None)
    assert run("member_field", {"field": "senior"}, records(members=tuple(members)),
               END).status == "amber"


def test_member_field_counts_members_sitting_on_as_of_only() -> None:
    """A member who left the day before as-of is not asked; one leaving on it still is."""
    members = list(with_deputies())
    members.append(Member("Old Council", "responsible_authority", "council",
                          Place("Members", 9), left=date(2025, 3, 30)))
    assert run("member_field", {"field": "deputy"}, records(members=tuple(members)),
               END).status == "green"
    members[-1] = replace(members[-1], left=END)
    assert run("member_field", {"field": "deputy"}, records(members=tuple(members)),
               END).status == "amber"


def test_member_field_with_no_member_of_the_role_is_amber() -> None:
    outcome = run("member_field", {"field": "deputy", "roles": ["co_opted"]}, records(), END)
    assert outcome.status == "amber" and "lists no co-opted" in outcome.reason


def partners(*extra: Member) -> tuple[Member, ...]:
    return ra_members() + extra


VICTIM_SUPPORT = Member("Victim Support Humber", "co_opted", "voluntary", Place("Members", 8))


def test_membership_includes_matches_words_in_the_name_ignoring_case() -> None:
    params = {"members": [{"organisation": "victim  support"}]}
    assert run("membership_includes", params, records(members=partners(VICTIM_SUPPORT)),
               END).status == "green"
    outcome = run("membership_includes", params, records(), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Not listed on the Members sheet as sitting on 31 March 2025: "
                              "victim  support; the checklist names it as a member.")


def test_membership_includes_counts_per_sector_exactly_at_the_count() -> None:
    councils = tuple(Member(f"District {n}", "responsible_authority", "council",
                            Place("Members", 10 + n)) for n in range(6))
    params = {"members": [{"role": "responsible_authority", "sector": "council",
                           "at_least": 7, "label": "councils"}], "missing": "red"}
    assert run("membership_includes", params, records(members=partners(*councils)),
               END).status == "green"
    outcome = run("membership_includes", params, records(members=partners(*councils[:5])),
                  END)
    assert outcome.status == "red" and "councils (6 of 7)" in outcome.reason


def test_membership_includes_a_partner_who_joins_the_day_after_as_of_is_not_there() -> None:
    joining = replace(VICTIM_SUPPORT, joined=date(2025, 4, 1))
    params = {"members": [{"organisation": "Victim Support"}]}
    assert run("membership_includes", params, records(members=partners(joining)),
               END).status == "amber"
    assert run("membership_includes", params, records(members=partners(joining)),
               date(2025, 4, 1)).status == "green"


def test_membership_includes_by_job_title() -> None:
    holder = Member("County Council (cabinet)", "invitee", "council", Place("Members", 9),
                    representative="Cabinet Member, Portfolio Holder for Communities")
    params = {"members": [{"representative": "portfolio holder"}]}
    assert run("membership_includes", params, records(members=partners(holder)),
               END).status == "green"
