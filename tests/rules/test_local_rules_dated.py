"""Local rules start when their terms of reference did (issue 14): every rule of a seed
checklist applies from the date docs/sources.md gives for its terms of reference, and an
audit of a year before it reports the rule not applicable, saying why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from support.kinds import meeting, records

from csp_audit.rules.checklists import Library
from csp_audit.rules.engine import run_audit

ROOT = Path(__file__).resolve().parents[2]
ADOPTED = {"north-east-lincolnshire": date(2022, 7, 1), "norfolk": date(2010, 4, 1),
           "sefton": date(2012, 4, 1), "richmond": date(2008, 3, 1),
           "thurrock": date(2008, 12, 1)}
"""Each seed's date: its heading's month, or the earliest day its text supports."""


@pytest.mark.parametrize("code", sorted(ADOPTED))
def test_every_local_rule_applies_from_its_terms_of_reference(code: str) -> None:
    data = yaml.safe_load((ROOT / "checklists" / f"{code}.yaml").read_text("utf-8"))
    for rule in data["rules"]:
        assert rule.get("applies", {}).get("from") == ADOPTED[code], rule["id"]


def test_sources_md_gives_each_date() -> None:
    text = (ROOT / "docs" / "sources.md").read_text("utf-8")
    for code, day in ADOPTED.items():
        assert f"`{code}` rules apply from {day:%-d %B %Y}" in text, code


def test_a_year_before_the_terms_of_reference_is_not_applicable_with_its_reason() -> None:
    rules = Library().resolve(["national", "hallmarks", "richmond"])
    recs = records(meetings=(meeting("B1", date(2007, 6, 1)),))
    before = run_audit(recs, rules, None, date(2008, 2, 29), date(2026, 12, 6))
    (papers,) = [f for f in before.findings if f.rule_id == "RIC-PAPERS"]
    assert papers.status == "not_applicable"
    assert papers.reason == ("The terms of reference this rule comes from took effect on "
                             "1 March 2008, after the audit date of 29 February 2008.")
    on = run_audit(recs, rules, None, date(2008, 3, 1), date(2026, 12, 6))
    (papers,) = [f for f in on.findings if f.rule_id == "RIC-PAPERS"]
    assert papers.status != "not_applicable"
