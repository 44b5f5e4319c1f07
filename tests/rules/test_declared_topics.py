"""A checklist declares the extra agenda topics and document kinds its rules read (issue 11,
build item 2): lint accepts a rule naming one, a child inherits its parent's, the rule
rates a workbook holding it, and the load warning is quiet for a declared one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.commands import run
from support.declared import mytown, off_list, vawg_workbook

from csp_audit.model.errors import InputError
from csp_audit.pipeline.load import validate_fully
from csp_audit.rules.checklists import Library, load_file
from csp_audit.rules.input_warnings import RuleIds


def test_lint_accepts_a_rule_naming_a_declared_topic_and_kind(tmp_path: Path) -> None:
    result = run("checklists", "lint", mytown(tmp_path / "lists"))
    assert result.exit_code == 0, result.output


def test_lint_refuses_an_undeclared_topic_and_says_how_to_declare_it(tmp_path: Path) -> None:
    path = mytown(tmp_path / "lists", declares="")
    result = run("checklists", "lint", path)
    assert result.exit_code == 2
    assert (f"{path}: rule MYT-VAWG: topic: 'vawg' is not a topic the Agenda sheet allows"
            in result.stderr)
    assert "or declared under topics: in this checklist or one it extends" in result.stderr
    assert "or declared under document_kinds:" in result.stderr


def test_a_child_checklist_inherits_its_parents_declarations(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    mytown(folder, rules="", name="mytown-base")
    child = mytown(folder, declares="", extends="[mytown-base]")
    assert run("checklists", "lint", child).exit_code == 0
    resolved = Library([folder]).resolve(["mytown"])
    assert "vawg" in resolved.declared["topic"]
    assert "vawg_strategy" in resolved.declared["kind"]
    assert {"MYT-VAWG", "MYT-VAWG-STRATEGY"} <= {rule.id for rule in resolved.rules}


@pytest.mark.parametrize("declares, wrong", [
    ("topics:\n  VAWG: Violence against women and girls\n", "'VAWG' is not a slug"),
    ("topics:\n  vawg: ''\n", "'vawg' needs a one-line description"),
])
def test_a_declaration_is_a_slug_with_a_description(tmp_path: Path, declares: str,
                                                    wrong: str) -> None:
    with pytest.raises(InputError) as caught:
        load_file(mytown(tmp_path / "lists", declares=declares))
    assert wrong in str(caught.value)


def test_the_load_warning_is_quiet_for_values_the_applied_checklists_declare(
        tmp_path: Path) -> None:
    book = vawg_workbook(tmp_path)
    declared = validate_fully(book, RuleIds([mytown(tmp_path / "lists").parent]))
    assert declared.ok
    assert off_list([str(p) for p in declared.warnings]) == []
    undeclared = validate_fully(book, RuleIds([mytown(tmp_path / "other", declares="",
                                                      rules="").parent]))
    said = off_list([str(p) for p in undeclared.warnings])
    assert any("topic 'VAWG'" in w and "loaded as vawg, which a local checklist may name "
               "once it declares it under topics:" in w for w in said), said
    assert any("kind 'VAWG strategy'" in w and "under document_kinds:" in w for w in said)


def test_a_rule_reading_a_declared_topic_rates_the_workbook_end_to_end(tmp_path: Path) -> None:
    folder = mytown(tmp_path / "lists").parent
    out = tmp_path / "out"
    result = run("audit", vawg_workbook(tmp_path), "--out", out, "--format", "json",
                 "--year", "2024-25", "--fail-on", "never", "--checklists", folder)
    assert result.exit_code == 0, result.output
    assert "is not one the shipped checklists read" not in result.output
    findings = {f["rule_id"]: f for f in json.loads(
        (out / "testshire-2024-25.json").read_text("utf-8"))["findings"]}
    assert findings["MYT-VAWG"]["status"] == "green", findings["MYT-VAWG"]
    assert findings["MYT-VAWG-STRATEGY"]["status"] == "green", findings["MYT-VAWG-STRATEGY"]
