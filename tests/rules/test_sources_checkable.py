"""Sources are checkable (issue 13, docs/sources.md): every national, Welsh and hallmark
rule cites a source with an address, no statutory rule rests only on guidance or an
explanatory note, each has its row in docs/sources.md, a default is labelled as this
checklist's, and a retired rule id is told as retired."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from support.kinds import records

from csp_audit.model.errors import InputError
from csp_audit.model.records import Partnership, Place, Waiver
from csp_audit.rules.checklists import Library
from csp_audit.rules.engine import run_audit

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ("national", "national-wales", "hallmarks")


def resolved(checklist_id: str):
    parents = [checklist_id] if checklist_id == "hallmarks" else [checklist_id, "hallmarks"]
    return [r for r in Library().resolve(parents).rules if r.checklist in SHARED]


@pytest.mark.parametrize("checklist_id", SHARED)
def test_every_shipped_rule_has_a_source_with_an_address(checklist_id: str) -> None:
    for rule in resolved(checklist_id):
        assert any(s.url and urlparse(s.url).scheme == "https" for s in rule.sources), (
            f"{checklist_id} {rule.id} has no source with an address")


def is_law(url: str | None) -> bool:
    """A legislation.gov.uk address of the provision itself, not its explanatory note."""
    if not url:
        return False
    parsed = urlparse(url)
    return (parsed.hostname or "").endswith("legislation.gov.uk") and "/note" not in parsed.path


@pytest.mark.parametrize("checklist_id", ["national", "national-wales"])
def test_no_statutory_rule_cites_only_guidance_or_a_note(checklist_id: str) -> None:
    for rule in resolved(checklist_id):
        if rule.not_applicable or not rule.statutory:
            continue
        assert any(is_law(s.url) for s in rule.sources), (
            f"{checklist_id}: statutory rule {rule.id} cites no provision of legislation")


def test_no_rule_points_at_an_explanatory_note_for_its_duty() -> None:
    for checklist_id in SHARED:
        for rule in resolved(checklist_id):
            assert not any("/note/" in (s.url or "") for s in rule.sources), rule.id


def test_every_default_says_it_is_this_checklists_default() -> None:
    rules = {r.id: r for r in resolved("national")}
    for rule_id in ("NAT-ASB-REVIEW-TIMESCALES", "NAT-REOFFENDING-STRATEGY-REVIEW",
                    "NAT-SUBSTANCE-STRATEGY-REVIEW", "NAT-SERIOUS-VIOLENCE-REVIEW",
                    "NAT-DHR-DECISION", "NAT-DHR-COMPLETION"):
        assert not rules[rule_id].statutory, rule_id
        assert "this checklist's default" in (rules[rule_id].basis or ""), rule_id
    assert "unverified" in (rules["NAT-SERIOUS-VIOLENCE-REVIEW"].basis or "")
    for rule_id in ("NAT-ASB-REVIEW-DUTY", "NAT-SERIOUS-VIOLENCE-STRATEGY",
                    "NAT-REOFFENDING-STRATEGY-IN-FORCE", "NAT-PLAN-SUMMARY-PUBLISHED",
                    "NAT-DHR-DAC-COPY"):
        assert rules[rule_id].statutory, rule_id


def test_sources_md_has_a_row_for_every_national_and_hallmark_rule() -> None:
    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip() for line in text.splitlines()
            if line.startswith(("| NAT-", "| HM-"))}
    for rule in resolved("national"):
        assert rule.id in rows, f"docs/sources.md has no row for {rule.id}"


def test_the_legal_review_is_vendored_and_every_row_answered() -> None:
    review = (ROOT / "docs" / "legal-review.md").read_text(encoding="utf-8")
    assert "../shared" not in review
    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    answered = text.split("## The legal review, row by row", 1)[1]
    rows = {line.split("|")[1].strip() for line in answered.splitlines()
            if line.startswith("| ")}
    assert {str(n) for n in range(1, 34)} <= rows


def waiver(rule_id: str) -> Waiver:
    return Waiver(rule_id, "Agreed by the board", date(2025, 3, 31), Place("Waivers", 2))


def test_a_waiver_naming_a_retired_rule_is_told_what_replaced_it() -> None:
    rules = Library().resolve(["national", "hallmarks"])
    result = run_audit(records(waivers=(waiver("NAT-ASB-REVIEWS"),)), rules, "2024-25", None,
                       date(2026, 12, 6))
    (warning,) = [w for w in result.warnings if "NAT-ASB-REVIEWS" in w]
    assert warning.startswith("Waivers row 2: the waiver names rule NAT-ASB-REVIEWS, which was "
                              "retired in checklist national 2.0 (")
    assert "use NAT-ASB-REVIEW-DUTY or NAT-ASB-REVIEW-TIMESCALES instead" in warning
    assert warning.endswith("so it waives nothing")
    assert all(f.status != "waived" for f in result.findings)


def test_an_override_of_a_retired_rule_is_refused_naming_its_replacements(
        tmp_path: Path) -> None:
    (tmp_path / "riverside.yaml").write_text(
        'id: riverside\ntitle: Riverside\nversion: "1"\nextends: [national]\nrules: []\n'
        "overrides:\n  - id: NAT-SERIOUS-VIOLENCE\n    params: {review_months: 6}\n")
    with pytest.raises(InputError) as caught:
        Library([tmp_path]).resolve(["riverside"])
    (problem,) = caught.value.problems
    assert "override NAT-SERIOUS-VIOLENCE: was retired in checklist national 2.0" in (
        problem.message)
    assert "use NAT-SERIOUS-VIOLENCE-STRATEGY or NAT-SERIOUS-VIOLENCE-REVIEW instead" in (
        problem.message)


def test_a_year_not_starting_on_1_april_is_warned_about_the_statutory_year() -> None:
    rules = Library().resolve(["national", "hallmarks"])
    calendar = Partnership("Cal CSP", "cal", year_start_month=1, year_start_day=1)
    result = run_audit(records(partnership=calendar), rules, "2024", None, date(2026, 12, 6))
    assert any("run from 1 April to 31 March (SI 2007/1830 reg 2" in w
               for w in result.warnings)
    april = run_audit(records(), rules, "2024-25", None, date(2026, 12, 6))
    assert not any("reg 2" in w for w in april.warnings)


def test_dated_params_are_checked_like_params(tmp_path: Path) -> None:
    (tmp_path / "dated.yaml").write_text(
        'id: dated\ntitle: Dated\nversion: "1"\nrules:\n  - id: DT-MEET\n    title: T\n'
        "    sources: [{cite: x}]\n    kind: public_meeting_attendance\n"
        "    params: {sectors: [council]}\n    dated_params:\n"
        "      - from: 2010-04-01\n        params: {sectors: [council, probaton]}\n"
        "        because: probation joined\n    guidance: Meet.\n")
    with pytest.raises(InputError) as caught:
        Library(shipped=tmp_path)
    assert any("dated_params from 2010-04-01" in p.message and "probaton" in p.message
               for p in caught.value.problems)


def test_params_on_picks_the_step_in_force() -> None:
    (rule,) = [r for r in Library().resolve(["national"]).rules
               if r.id == "NAT-PUBLIC-MEETING"]
    assert "probation" not in rule.params_on(date(2010, 3, 31)).sectors
    assert "probation" in rule.params_on(date(2010, 4, 1)).sectors
    assert "police_authority" in rule.params_on(date(2012, 11, 21)).sectors
    assert "police_authority" not in rule.params_on(date(2012, 11, 22)).sectors
