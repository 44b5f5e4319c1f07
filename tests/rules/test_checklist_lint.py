"""`checklists lint` as a person writing a checklist meets it: every problem of every file
at once, each `FILE: rule RULE-ID: parameter: what is wrong (expected ...)` in plain English,
and parameters naming a workbook value checked against the contract."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model import contract
from csp_audit.model.errors import InputError
from csp_audit.rules.checklist_problems import CONTRACT_PARAMS, contract_values
from csp_audit.rules.checklists import Library, load_file
from csp_audit.rules.kinds import KINDS

runner = CliRunner()

RULE = """\
  - id: {id}
    title: A rule
    statutory: false
    sources: [{{cite: "Riverside Terms of Reference (2024), para 1", url: null}}]
    kind: {kind}
    params: {params}
    guidance: Do what the terms of reference say and record it in the workbook.
"""


def checklist(folder: Path, name: str, rules: str, overrides: str = "") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f'id: {name}\ntitle: "{name}"\nversion: "1"\nextends: [national, '
                    f'hallmarks]\nrules:\n{rules}' + (f"overrides:\n{overrides}"
                                                      if overrides else ""))
    return path


def lint(*paths: Path):
    return runner.invoke(app, ["checklists", "lint", *map(str, paths)])


def test_a_body_no_meeting_can_have_is_refused_naming_file_rule_and_parameter(
        tmp_path: Path) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(
        id="RSP-QUORUM", kind="quorum", params="{body: bord, responsible_authorities: 3}"))
    result = lint(path)
    assert result.exit_code == 2
    assert (f"error: {path}: rule RSP-QUORUM: body: 'bord' is not a body the Meetings sheet "
            f"allows (expected one of board, executive, public, task_group or scrutiny; did "
            f"you mean 'board'?)") in result.stderr


def test_a_topic_no_agenda_item_can_have_is_refused(tmp_path: Path) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(
        id="RSP-DOI", kind="agenda_topic_each_meeting",
        params="{body: board, topic: declarations}") + RULE.format(
        id="RSP-ITEMS", kind="agenda_topics_in_year",
        params="{topics: [prevent, hatecrime]}"))
    result = lint(path)
    assert result.exit_code == 2
    assert (f"{path}: rule RSP-DOI: topic: 'declarations' is not a topic the Agenda sheet "
            f"allows (expected one of declarations_of_interest,") in result.stderr
    assert "did you mean 'declarations_of_interest'?)" in result.stderr
    assert (f"{path}: rule RSP-ITEMS: topics item 2: 'hatecrime' is not a topic the Agenda "
            f"sheet allows") in result.stderr
    assert "did you mean 'hate_crime'?)" in result.stderr


@pytest.mark.parametrize(("kind", "params", "named"), [
    ("document_recency", "{kind: tor, green_months: 12}", "kind: 'tor' is not a kind the "
     "Documents sheet"),
    ("document_in_year", "{kinds: [annual_report, plan]}", "kinds item 2: 'plan'"),
    ("strategy_with_assessment", "{assessment_kind: needs_assessment}", "assessment_kind:"),
    ("attendance_rate", "{role: responsible}", "role: 'responsible' is not a role the "
     "Members sheet"),
    ("membership_sectors", "{sectors: [council, nhs]}", "sectors item 2: 'nhs' is not a "
     "sector"),
    ("membership_sectors", "{abolished: {pct: 2013-04-01}}", "abolished: 'pct'"),
    ("document_in_year", "{kinds: [annual_report], agenda_topics: [perf]}",
     "agenda_topics item 1: 'perf'"),
    ("agenda_topic_each_meeting", "{topic: prevent, when_topic: risks}", "when_topic: 'risks'"),
])
def test_every_parameter_naming_a_workbook_value_is_checked(tmp_path: Path, kind: str,
                                                            params: str, named: str) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(id="RSP-X", kind=kind, params=params))
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert f"{path}: rule RSP-X: {named}" in str(caught.value)


def test_every_kind_parameter_that_could_name_a_workbook_value_is_mapped() -> None:
    """A new kind with a `body` or `topic` parameter is checked by name; one with another
    text parameter must be added to CONTRACT_PARAMS (or here, when it is free text)."""
    free_text = {"where", "timing", "groups", "organisation", "what"}  # register fields,
    # checked by the kind's own model; case_step_recorded's words for when the law says a
    # step is due; and names a partnership gives its sub-groups, partners and reports
    for name, kind in KINDS.items():
        for param, field in kind.params.model_fields.items():
            annotation = field.annotation
            parts = {annotation, *typing.get_args(annotation)}
            if typing.get_origin(annotation) in (list, dict, types.UnionType, typing.Union):
                parts |= {a for p in typing.get_args(annotation)
                          for a in typing.get_args(p) or (p,)}
            if str in parts and typing.get_origin(annotation) is not typing.Literal:
                assert param in CONTRACT_PARAMS or param in free_text, f"{name}.{param}"


def test_allowed_values_come_from_the_contract() -> None:
    assert contract_values(CONTRACT_PARAMS["body"]) == contract.MEETING_BODIES
    assert contract_values(CONTRACT_PARAMS["topics"]) == contract.AGENDA_TOPICS
    assert contract_values(CONTRACT_PARAMS["kind"]) == contract.DOCUMENT_KINDS
    assert contract_values(CONTRACT_PARAMS["role"]) == contract.MEMBER_ROLES
    assert contract_values(CONTRACT_PARAMS["sectors"]) == contract.SECTORS


def test_an_override_naming_a_bad_body_is_refused(tmp_path: Path) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(
        id="RSP-X", kind="meeting_count", params="{min: 4}"),
        "  - id: HM-BOARD-FREQUENCY\n    params: {body: boards}\n")
    result = lint(path)
    assert result.exit_code == 2
    assert (f"{path}: override HM-BOARD-FREQUENCY: body: 'boards' is not a body the Meetings "
            f"sheet allows") in result.stderr


def test_check_refuses_a_checklist_with_a_bad_body_instead_of_a_silent_red(
        tmp_path: Path) -> None:
    checklist(tmp_path, "riverside", RULE.format(
        id="RSP-QUORUM", kind="quorum", params="{body: bord, responsible_authorities: 3}"))
    with pytest.raises(InputError, match="rule RSP-QUORUM: body: 'bord'"):
        Library([tmp_path])


BROKEN = """\
id: riverside
title: Riverside
version: "1"
extends: [national, hallmark]
colour: blue
rules:
  - id: RSP-BOARD
    title: Board meets
    sources: [{cite: "Riverside ToR para 1"}]
    kind: meeting_cuont
    params: {body: board, min: 4}
    guidance: Meet more often.
  - id: RSP-PAPERS
    title: Papers on time
    sources: [{cite: "Riverside ToR para 2", page: 4}]
    kind: circulation_deadline
    params: {body: bord, field: papers, direction: before, working_days: five}
  - id: rsp-chair
    title: ""
    sources: []
    kind: chair_election
    params: {month: 13, chair: yes}
    guidance: Elect the chair.
overrides:
  - id: NAT-SCRUTINY
    params: {green_months: 0}
"""

SECOND = """\
id: eastside
title: Eastside
version: "1"
extends: [national, hallmarks]
rules:
  - id: ESP-ABSENCE
    title: Absence
    sources: [{cite: "Eastside ToR para 4"}]
    kind: consecutive_absence
    params: {role: ra, max: 1}
    guidance: Write to the absent authority.
overrides:
  - id: HM-NOT-A-RULE
    params: {min: 6}
"""


def test_every_problem_of_every_file_is_reported_at_once_in_plain_english(
        tmp_path: Path) -> None:
    first = tmp_path / "riverside.yaml"
    first.write_text(BROKEN)
    second = tmp_path / "eastside.yaml"
    second.write_text(SECOND)
    result = lint(first, second)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    expected = [
        f"{first}: colour: not a checklist field (expected one of id, title, version,",
        f"{first}: rule RSP-BOARD: kind: 'meeting_cuont' is not a check kind (expected one of",
        f"{first}: rule RSP-PAPERS: sources item 1, page: not a source field (expected one "
        f"of cite or url)",
        f"{first}: rule RSP-PAPERS: guidance: missing (expected a sentence or two",
        f"{first}: rule RSP-PAPERS: field: 'papers' is not allowed (expected one of "
        f"papers_circulated, minutes_circulated or minutes_published)",
        f"{first}: rule RSP-PAPERS: working_days: 'five' is not a whole number (expected",
        f"{first}: rule RSP-PAPERS: body: 'bord' is not a body the Meetings sheet allows",
        f"{first}: rule rsp-chair: id: 'rsp-chair' is not in the right form (expected an id "
        f"such as SEF-QUORUM",
        f"{first}: rule rsp-chair: title: is empty (expected",
        f"{first}: rule rsp-chair: sources: is empty (expected",
        f"{first}: rule rsp-chair: month: 13 is too large (expected 12 or less)",
        f"{first}: rule rsp-chair: chair: not a parameter of kind chair_election (expected "
        f"one of body, month or office)",
        f"{first}: extends: 'hallmark' is not a checklist (expected one of hallmarks,",
        f"{first}: override NAT-SCRUTINY: green_months: 0 is too small (expected 1 or more)",
        f"{second}: rule ESP-ABSENCE: max: 1 is too small (expected 2 or more)",
        f"{second}: rule ESP-ABSENCE: role: 'ra' is not a role the Members sheet allows",
        f"{second}: override HM-NOT-A-RULE: no checklist it extends defines this rule "
        f"(expected the id of a rule in national, hallmarks",
    ]
    for start in expected:
        assert any(line.startswith(f"error: {start}") for line in lines), start
    assert lines[-1] == f"{len(expected)} errors: the checklists are not valid."
    for line in lines[:-1]:
        assert re.fullmatch(r"error: \S+\.yaml: [^:]+(: [^:]+)?: .+", line), line
        for jargon in ("Input should", "Field required", "pydantic", "Extra inputs",
                       "Value error", "type=", "[", "For further information"):
            assert jargon not in line.split(": ", 2)[2], line


def test_a_file_that_is_not_yaml_or_not_a_mapping_is_one_plain_problem(tmp_path: Path) -> None:
    text = tmp_path / "text.yaml"
    text.write_text("just words\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n")
    result = lint(text, broken)
    assert result.exit_code == 2
    assert (f"error: {text}: is not a checklist (expected a mapping with id, title, version "
            f"and rules)") in result.stderr
    assert f"error: {broken}: line 2, column 1: not valid YAML" in result.stderr


def test_a_valid_file_still_lints_clean(tmp_path: Path) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(
        id="RSP-QUORUM", kind="quorum", params="{body: board, responsible_authorities: 3}"))
    result = lint(path)
    assert result.exit_code == 0, result.output
    assert f"{path}: valid (" in result.stdout


def test_a_valid_file_says_how_many_rules_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text('id: one\ntitle: One rule\nversion: "1"\narea: local\nrules:\n'
                    "  - id: ONE-BOARD\n    title: Four board meetings\n"
                    "    sources: [{cite: ToR}]\n    kind: meeting_count\n"
                    "    params: {body: board, min: 4}\n    guidance: Meet.\n")
    result = lint(path)
    assert result.exit_code == 0
    assert result.output == f"{path}: valid (1 rule after extends and overrides)\n"


@pytest.mark.parametrize("second_params", ["{body: board, min: 4}", "{body: bord, min: 0}"])
def test_a_rule_id_used_twice_in_one_file_is_reported_even_when_the_second_has_other_errors(
        tmp_path: Path, second_params: str) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(
        id="RSP-BOARD", kind="meeting_count", params="{body: board, min: 4}") + RULE.format(
        id="RSP-BOARD", kind="meeting_count", params=second_params))
    result = lint(path)
    assert result.exit_code == 2
    duplicate = [line for line in result.stderr.splitlines() if "already defined" in line]
    assert duplicate == [f"error: {path}: rule RSP-BOARD: is already defined in checklist "
                         f"riverside (expected a new id, or an override to change that rule)"]
    if "bord" in second_params:
        assert "'bord' is not a body" in result.stderr
        assert "0 is too small" in result.stderr


def test_a_rule_repeating_a_parents_id_is_reported_even_when_it_has_other_errors(
        tmp_path: Path) -> None:
    path = checklist(tmp_path, "riverside", RULE.format(
        id="NAT-SCRUTINY", kind="meeting_count", params="{body: bord}"))
    result = lint(path)
    assert result.exit_code == 2
    assert (f"error: {path}: rule NAT-SCRUTINY: is already defined in checklist national "
            f"(expected a new id, or an override to change that rule)") in result.stderr
    assert "'bord' is not a body" in result.stderr


def test_a_yaml_syntax_error_names_the_file_line_and_column_not_the_parsers_string(
        tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('id: broken\ntitle: "Broken"\n  version: "1"\n')
    result = lint(broken)
    assert result.exit_code == 2
    assert "<unicode string>" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert re.fullmatch(rf"error: {re.escape(str(broken))}: line 3, column \d+: not valid "
                        rf"YAML: [a-z].*", line), line
