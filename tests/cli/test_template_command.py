"""`csp-audit template` keeps what it would overwrite (unless --force, even a file made
while it was building) and writes only to an .xlsx file name, never a folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.commands import run


def test_template_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "ours.xlsx"
    path.write_bytes(b"a workbook someone filled in")
    result = run("template", path)
    assert result.exit_code == 2
    assert f"error: {path} already exists; pass --force to overwrite it" in result.stderr
    assert path.read_bytes() == b"a workbook someone filled in"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ours.xlsx"]
    forced = run("template", path, "--force")
    assert forced.exit_code == 0, forced.output
    assert path.read_bytes()[:2] == b"PK"


def test_template_keeps_a_file_made_while_it_was_being_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csp_audit.workbook import template

    path = tmp_path / "race.xlsx"
    real_build = template.build_template

    def build_then_someone_saves(example: bool = False):
        workbook = real_build(example)
        path.write_bytes(b"saved meanwhile")
        return workbook

    monkeypatch.setattr(template, "build_template", build_then_someone_saves)
    result = run("template", path)
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert path.read_bytes() == b"saved meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.xlsx"]


@pytest.mark.parametrize("name", ["template.csv", "template", "template.xls"])
def test_template_refuses_a_name_that_is_not_xlsx(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    result = run("template", path)
    assert result.exit_code == 2
    assert (f"error: {path}: the template is an Excel workbook; give a file name ending "
            ".xlsx") in result.stderr
    assert not path.exists()
    assert run("template", tmp_path / "UPPER.XLSX").exit_code == 0


def test_template_into_a_folder_asks_for_a_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "book.xlsx"
    folder.mkdir()
    result = run("template", folder, "--force")
    assert result.exit_code == 2
    assert f"error: {folder} is a folder; give the workbook's file name" in result.stderr
