"""The shipped checklists say what docs/rules.md says, cite their sources, and use only the check
kinds, parameters and workbook values that docs/check-kinds.md and the contract define.

These tests read the YAML directly, so they guard the content even before the engine's
loader exists; the last test also runs each file through `csp-audit checklists lint`.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from csp_audit.model import contract

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKLISTS = ROOT / "checklists"
RULES_MD = ROOT / "docs" / "rules.md"
SOURCES_MD = ROOT / "docs" / "sources.md"
EXAMPLE = ROOT / "tests" / "fixtures" / "checklists" / "example-local.yaml"
ALL_FILES = [*sorted(CHECKLISTS.glob("*.yaml")), EXAMPLE]

PREFIXES = {
    "national": "NAT-",
    "national-wales": "NAT-",
    "hallmarks": "HM-",
    "north-east-lincolnshire": "NEL-",
    "norfolk": "NFK-",
    "sefton": "SEF-",
    "richmond": "RIC-",
    "thurrock": "THU-",
}
SEED_CHECKLISTS = ("north-east-lincolnshire", "norfolk", "sefton", "richmond", "thurrock")

# NOTE: the ids docs/rules.md fixed when it was vendored; it must keep naming every one.
RULES_MD_IDS = frozenset({
    "NAT-RA-MEMBERSHIP", "NAT-STRATEGIC-ASSESSMENT", "NAT-PARTNERSHIP-PLAN", "NAT-PLAN-TO-PCC",
    "NAT-CONSULTATION", "NAT-PUBLIC-MEETING", "NAT-ISP", "NAT-REOFFENDING-STRATEGY",
    "NAT-SUBSTANCE-STRATEGY",
    "NAT-SERIOUS-VIOLENCE", "NAT-SCRUTINY", "NAT-DHR-DECISION", "NAT-DHR-HOME-OFFICE",
    "NAT-DHR-COMPLETION",
    "NAT-DHR-PUBLICATION", "NAT-ASB-PROCEDURE", "NAT-ASB-DATA", "NAT-ASB-REVIEWS",
    "NAT-COUNTY-AGREEMENT",
    "HM-SKILLS-REVIEW", "HM-ISP-REVIEW", "HM-BOARD-FREQUENCY", "HM-RA-ATTENDANCE",
    "HM-TOR-REVIEW",
    "HM-COMMUNITY-FEEDBACK", "HM-PLAN-PUBLISHED",
    "NEL-QUARTERLY-BOARD", "NEL-ABSENCE", "NEL-MEMBERSHIP-REVIEW",
    "NFK-QUORUM", "NFK-PAPERS", "NFK-MINUTES", "NFK-DECLARATIONS", "NFK-CHAIR-ELECTION",
    "SEF-QUORUM", "SEF-PAPERS", "SEF-STANDING-ITEMS", "SEF-CHAIR-ELECTION",
    "RIC-PAPERS", "RIC-MINUTES", "RIC-CHAIR-ELECTION", "RIC-TASK-GROUP-REPORTS",
    "THU-MEETING-MONTHS", "THU-QUORUM",
})
ID_PATTERN = re.compile(r"\b(?:NAT|HM|NEL|NFK|SEF|RIC|THU)-[A-Z][A-Z-]*[A-Z]\b")


def load(name: str) -> dict:
    return yaml.safe_load((CHECKLISTS / f"{name}.yaml").read_text(encoding="utf-8"))


def shipped() -> dict[str, dict]:
    return {path.stem: load(path.stem) for path in sorted(CHECKLISTS.glob("*.yaml"))}


def rules_md_ids() -> set[str]:
    return set(ID_PATTERN.findall(RULES_MD.read_text(encoding="utf-8")))


def seed_rows() -> dict[str, str]:
    """Checklist id -> seed file, from the table in docs/sources.md (the seeds themselves
    are not in the repository)."""
    rows: dict[str, str] = {}
    for line in SOURCES_MD.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and SEED_FILE.fullmatch(cells[2]):
            rows[cells[0]] = cells[2]
    return rows


def effective_rules(name: str, files: dict[str, dict]) -> dict[str, dict]:
    """Rules a checklist ends up with: its parents' (in order), its own, then its overrides."""
    data = files[name]
    rules: dict[str, dict] = {}
    for parent in data.get("extends") or []:
        rules.update(effective_rules(parent, files))
    for rule in data.get("rules") or []:
        rules[rule["id"]] = dict(rule)
    for change in data.get("overrides") or []:
        assert change["id"] in rules, f"{name} overrides unknown rule {change['id']}"
        merged = dict(rules[change["id"]])
        merged["params"] = {**merged.get("params", {}), **change.get("params", {})}
        if change.get("replace_sources"):
            merged["sources"] = list(change["sources"])
        else:
            merged["sources"] = list(merged["sources"]) + list(change.get("sources") or [])
        for key in ("guidance", "not_applicable", "title"):
            if key in change:
                merged[key] = change[key]
        rules[change["id"]] = merged
    return rules


def kinds_table() -> dict[str, set[str]]:
    """Kind name -> parameter names, read from the table in docs/check-kinds.md."""
    text = (ROOT / "docs" / "check-kinds.md").read_text(encoding="utf-8")
    kinds: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"`[a-z_]+`", cells[0]):
            names: set[str] = set()
            for span in re.findall(r"`([^`]+)`", cells[1]):
                names.update(re.findall(r"^[a-z_]+", span))
                names.update(re.findall(r"[\s,]([a-z_]+):", span))
            kinds[cells[0].strip("`")] = names
    return kinds


def test_every_rule_id_in_rules_md_is_shipped() -> None:
    """Shipped, or retired with what replaced it (a rule id never changes meaning)."""
    files = shipped()
    defined = {rule["id"] for data in files.values() for rule in data.get("rules") or []}
    retired = {r["id"]: r for data in files.values() for r in data.get("retired") or []}
    for rule_id, entry in retired.items():
        assert rule_id not in defined, f"{rule_id} is both shipped and retired"
        assert set(entry["replaced_by"]) <= defined, rule_id
    missing = rules_md_ids() - defined - set(retired)
    assert not missing, f"rules.md ids with no rule in checklists/: {sorted(missing)}"


def test_docs_rules_md_keeps_every_fixed_id() -> None:
    """Tests and users' waivers refer to these ids, so the vendored reference never loses one."""
    missing = RULES_MD_IDS - rules_md_ids()
    assert not missing, f"ids no longer in docs/rules.md: {sorted(missing)}"


def test_rule_ids_are_unique_and_carry_their_checklist_prefix() -> None:
    seen: dict[str, str] = {}
    for name, data in shipped().items():
        assert data["id"] == name, f"{name}.yaml has id {data['id']!r}"
        for rule in data.get("rules") or []:
            assert rule["id"] not in seen, f"{rule['id']} in both {seen.get(rule['id'])} and {name}"
            seen[rule["id"]] = name
            assert rule["id"].startswith(PREFIXES[name]), f"{rule['id']} in {name}"
            assert rule["id"] == rule["id"].upper()


def test_every_rule_has_a_cited_source_and_plain_guidance() -> None:
    for data in shipped().values():
        for rule in data.get("rules") or []:
            assert isinstance(rule["statutory"], bool), rule["id"]
            assert rule["sources"], f"{rule['id']} has no source"
            for source in rule["sources"]:
                assert source["cite"].strip(), f"{rule['id']} has an empty cite"
                assert "url" in source, f"{rule['id']}: say url: null when there is none"
            assert 0 < len(rule["title"]) <= 80, f"{rule['id']} title too long"
            assert len(rule["guidance"].split()) >= 10, f"{rule['id']} guidance too thin"


def test_every_statutory_rule_cites_legislation_or_gov_uk() -> None:
    files = shipped()
    for name in files:
        for rule_id, rule in effective_rules(name, files).items():
            if not rule["statutory"]:
                continue
            hosts = {urlparse(s["url"]).hostname or "" for s in rule["sources"] if s["url"]}
            assert any(h == "gov.uk" or h.endswith(".gov.uk") for h in hosts), (
                f"{name}: statutory rule {rule_id} has no legislation.gov.uk or gov.uk URL"
            )


SEED_TITLES = {
    "north-east-lincolnshire": "North East Lincolnshire Community Safety Partnership Board "
                               "Terms of Reference (undated, 2022 or later)",
    "norfolk": "Norfolk Countywide Community Safety Partnership (CCSP) Terms of Reference "
               "(2010)",
    "sefton": "Sefton Safer Communities Partnership Terms of Reference (2012)",
    "richmond": "Richmond upon Thames Community Safety Partnership Strategy Group Terms of "
                "Reference (March 2008)",
    "thurrock": "Thurrock Community Safety Partnership Strategic Board Terms of Reference "
                "(December 2008)",
}
"""Each seed's real title and date, as its citations print them (docs/sources.md)."""
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def test_each_seed_checklist_extends_national_and_hallmarks_and_cites_its_tor() -> None:
    for name in SEED_CHECKLISTS:
        data = load(name)
        assert data["extends"] == ["national", "hallmarks"], name
        document = data["source_document"]
        assert SEED_FILE.fullmatch(document), f"{name}: {document} is not a seed file name"
        assert seed_rows()[name] == document, f"{name}: docs/sources.md names another seed"
        for rule in data["rules"]:
            assert any(s["cite"].startswith(SEED_TITLES[name]) for s in rule["sources"]), (
                f"{rule['id']} does not cite the clause of {SEED_TITLES[name]}"
            )


def test_no_citation_prints_a_seed_file_name() -> None:
    """A council report's reader cannot use `002_b1fecf4bed6d1d42.txt`; the file stays in
    the checklist's source_document key and docs/sources.md."""
    files = shipped()
    for name in files:
        for rule_id, rule in effective_rules(name, files).items():
            for source in rule["sources"]:
                assert not SEED_FILE.search(source["cite"]), f"{name} {rule_id}: {source}"
                assert ".txt" not in source["cite"], f"{name} {rule_id}: {source}"


def test_sources_md_maps_each_seed_title_to_its_file() -> None:
    text = " ".join((ROOT / "docs" / "sources.md").read_text(encoding="utf-8").split())
    for name in SEED_CHECKLISTS:
        assert load(name)["source_document"] in text, name
        assert SEED_TITLES[name] in text, name


def test_hallmarks_and_national_cite_no_partnership_of_their_own() -> None:
    """A shared checklist citing one seed's terms would print them in every other
    partnership's report; seeds add their clauses by overrides instead."""
    for name in ("hallmarks", "national", "national-wales"):
        for rule in load(name).get("rules") or []:
            for source in rule["sources"]:
                assert not SEED_FILE.search(source["cite"]), f"{name} {rule['id']}"
                assert "Terms of Reference" not in source["cite"], f"{name} {rule['id']}"
                assert " ToR" not in source["cite"], f"{name} {rule['id']}: {source['cite']}"


def test_each_seed_report_cites_only_its_own_terms_of_reference() -> None:
    files = shipped()
    for name in SEED_CHECKLISTS:
        others = [title for seed, title in SEED_TITLES.items() if seed != name]
        for rule_id, rule in effective_rules(name, files).items():
            for source in rule["sources"]:
                assert not any(title in source["cite"] for title in others), (
                    f"{name} {rule_id} cites another seed: {source['cite']}")


def test_seed_cites_name_the_document_then_the_clause() -> None:
    """`Sefton Safer Communities Partnership Terms of Reference (2012), Membership para 5:
    ...`: the document as its readers know it, then the clause."""
    for name in SEED_CHECKLISTS:
        data = load(name)
        changes = (data.get("rules") or []) + (data.get("overrides") or [])
        for rule in changes:
            for source in rule.get("sources") or []:
                if source["cite"].startswith(SEED_TITLES[name]):
                    clause = source["cite"].removeprefix(SEED_TITLES[name])
                    assert clause.startswith(", ") and len(clause) > 4, source["cite"]


def test_wales_replaces_english_regulations_and_drops_england_only_duties() -> None:
    files = shipped()
    wales = effective_rules("national-wales", files)
    assert set(wales) == set(effective_rules("national", files))
    for rule_id in ("NAT-PLAN-TO-PCC", "NAT-COUNTY-AGREEMENT", "NAT-COUNTY-AGREEMENT-PCC"):
        assert wales[rule_id].get("not_applicable"), rule_id
    for rule_id in ("NAT-RA-MEMBERSHIP", "NAT-PUBLIC-MEETING", "NAT-PARTNERSHIP-PLAN"):
        cites = " ".join(s["cite"] for s in wales[rule_id]["sources"])
        assert "2007/3076" in cites and "2007/1830" not in cites, rule_id


def test_richmond_raises_board_frequency_to_ten() -> None:
    rules = effective_rules("richmond", shipped())
    assert rules["HM-BOARD-FREQUENCY"]["params"]["min"] == 10
    assert effective_rules("sefton", shipped())["HM-BOARD-FREQUENCY"]["params"]["min"] == 4


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_kinds_params_and_values_match_the_contract(path: Path) -> None:
    kinds = kinds_table()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in (data.get("rules") or []) + (data.get("overrides") or []):
        params = rule.get("params") or {}
        kind = rule.get("kind")
        if kind is not None:
            assert kind in kinds, f"{rule['id']}: unknown kind {kind}"
            unknown = set(params) - kinds[kind]
            assert not unknown, f"{rule['id']}: {kind} has no params {sorted(unknown)}"
        check_values(rule["id"], params)
        for step in rule.get("dated_params") or []:
            unknown = set(step["params"]) - kinds.get(kind or "", set(step["params"]))
            assert not unknown, f"{rule['id']} dated_params: {sorted(unknown)}"
            check_values(rule["id"], step["params"])


def check_values(rule_id: str, params: dict) -> None:
    """Every body, topic, document kind and sector named is one the workbook can hold."""
    if "body" in params:
        assert params["body"] in contract.MEETING_BODIES, rule_id
    for key in ("topic", "when_topic"):
        if key in params:
            assert params[key] in contract.AGENDA_TOPICS, rule_id
    for topic in list(params.get("topics", [])) + list(params.get("agenda_topics", [])):
        assert topic in contract.AGENDA_TOPICS, f"{rule_id}: topic {topic}"
    for key in ("kind", "strategy_kind", "assessment_kind"):
        if key in params:
            assert params[key] in contract.DOCUMENT_KINDS, f"{rule_id}: {params[key]}"
    for kind in list(params.get("kinds", [])) + list(params.get("or_kinds", [])):
        assert kind in contract.DOCUMENT_KINDS, f"{rule_id}: document kind {kind}"
    for sector in list(params.get("sectors", [])) + list(params.get("abolished", {})):
        assert sector in contract.SECTORS, f"{rule_id}: sector {sector}"
    for month in params.get("months", []):
        assert 1 <= month <= 12, rule_id


def test_example_local_checklist_adds_and_overrides() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    files = shipped() | {data["id"]: data}
    rules = effective_rules(data["id"], files)
    assert rules_md_ids() & {r for r in rules if r.startswith(("NAT-", "HM-"))}
    assert {rule["id"] for rule in data["rules"]} <= set(rules)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_lint_accepts_every_shipped_file(path: Path) -> None:
    from typer.testing import CliRunner

    from csp_audit.cli.app import app

    result = CliRunner().invoke(app, ["checklists", "lint", str(path)])
    if "No such command" in result.output:
        pytest.skip("csp-audit checklists lint is not built yet")
    assert result.exit_code == 0, result.output


def test_docs_worked_example_is_the_fixture() -> None:
    text = (ROOT / "docs" / "checklists.md").read_text(encoding="utf-8")
    block = text.split("## Worked example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert yaml.safe_load(block) == yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
