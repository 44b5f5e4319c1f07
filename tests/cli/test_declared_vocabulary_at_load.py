"""--checklists on validate and load (issue 11, build item 2): a topic and a document kind
the partnership's own checklist declares are read quietly, as check, report and audit read
them, in a workbook a manager keeps in LibreOffice Calc, and the warning that its checklist
is not a shipped one (whose remedy is --checklists) is not said; without the folder they
are warned of, as before, and a missing folder is refused before anything is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.commands import run
from support.declared import mytown, off_list, vawg_workbook
from support.libreoffice import resave_through_libreoffice


def calc_workbook(tmp_path: Path) -> Path:
    """The VAWG workbook ('VAWG' topics, a 'VAWG strategy'), saved again by Calc."""
    return resave_through_libreoffice(vawg_workbook(tmp_path))


def warnings_of(output: str) -> list[str]:
    return off_list([line for line in output.splitlines() if "warning:" in line])


@pytest.mark.parametrize("command", ["validate", "load"])
def test_a_declared_topic_and_kind_load_quietly_with_checklists(tmp_path: Path,
                                                                 command: str) -> None:
    book = calc_workbook(tmp_path)
    folder = mytown(tmp_path / "our-checklists").parent
    extra = ("--db", tmp_path / "audit.db") if command == "load" else ()
    warned = run(command, book, *extra)
    assert warned.exit_code == 0, warned.output
    said = warnings_of(warned.output)
    assert any("topic 'VAWG'" in w for w in said), warned.output
    assert any("kind 'VAWG strategy'" in w for w in said), warned.output
    assert "checklist 'mytown' is not a shipped checklist" in warned.output
    quiet = run(command, book, *extra, "--checklists", folder)
    assert quiet.exit_code == 0, quiet.output
    assert warnings_of(quiet.output) == [], quiet.output
    assert "not a shipped checklist" not in quiet.output, quiet.output


@pytest.mark.parametrize("command", ["validate", "load"])
def test_a_missing_checklists_folder_is_refused_before_anything_is_read(tmp_path: Path,
                                                                        command: str) -> None:
    db = tmp_path / "kept.db"
    extra = ("--db", db) if command == "load" else ()
    result = run(command, vawg_workbook(tmp_path), *extra, "--checklists", tmp_path / "nosuch")
    assert result.exit_code == 2
    assert "checklists folder not found" in result.stderr
    assert "Traceback" not in result.output
    assert not db.exists()


@pytest.mark.parametrize("command", ["validate", "load"])
def test_checklists_means_the_same_in_validate_and_load(command: str) -> None:
    text = " ".join(run(command, "--help").stdout.split())
    assert "--checklists DIR A folder of your own checklists (repeatable); they may extend " \
           "or replace the shipped ones." in text
