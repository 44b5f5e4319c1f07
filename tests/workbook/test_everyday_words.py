"""Attendance, sectors, topics and document kinds as managers type them load (item 1 and 2
of issue 11); a refused word says "did you mean"; an ambiguous word is read one way and
asked about; the vocabulary is data shipped with the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support.builders import minimal_workbook_sheets
from support.validation import run, texts

from csp_audit.model import contract
from csp_audit.model.contract import VOCABULARY_FILE, vocabulary_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("typed, status", [
    ("Attended", "present"), ("Apols", "apologies"), ("DNA", "absent"),
    ("Present - virtual", "present"), ("In attendance", "present"),
    ("Deputy attended", "substitute"), ("Did not attend", "absent"),
    ("apologies.", "apologies"), ("Apologies received", "apologies"),
])
def test_attendance_as_minutes_word_it_loads(tmp_path: Path, typed: str, status: str) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"][1][2] = typed
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    assert result.records.attendance[0].status == status


@pytest.mark.parametrize("typed, sector", [
    ("Fire & Rescue", "fire"), ("Integrated Care Board", "health"), ("ICB", "health"),
    ("Youth Offending Service", "youth_justice"), ("Probation Trust", "probation"),
    ("CRC", "probation"), ("Housing Association", "housing"), ("Fire and Rescue Authority",
                                                                "fire"),
])
def test_sectors_in_full_load(tmp_path: Path, typed: str, sector: str) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"][3][2] = typed
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    assert result.records.members[2].sector == sector


def test_a_refused_word_says_did_you_mean(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"][1][2] = "apologise"
    sheets["Members"][2][1] = "responsable authority"
    errors = texts(run(tmp_path, sheets), "error")
    assert any("Attendance!C2: status: 'apologise' is not one of the accepted values; did you "
               "mean 'apologies'?" in e for e in errors), errors
    assert any("did you mean 'responsible_authority'?" in e for e in errors), errors


def test_an_ambiguous_word_is_read_one_way_and_asked_about(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"][4][2] = "Public Health"
    result = run(tmp_path, sheets)
    assert result.ok
    assert result.records.members[3].sector == "health"
    assert any("sector 'Public Health' is read as health: public health teams moved into "
               "councils in 2013" in w for w in texts(result, "warning"))


@pytest.mark.parametrize("sheet, row, column, typed, slug", [
    ("Agenda", 1, 2, "VAWG", "vawg"), ("Agenda", 2, 2, "Strategic assessment",
                                       "strategic_assessment"),
    ("Agenda", 3, 2, "Drugs", "drugs"), ("Documents", 1, 1, "Leaflet", "leaflet"),
])
def test_a_topic_or_kind_off_the_list_loads_with_a_warning(
        tmp_path: Path, sheet: str, row: int, column: int, typed: str, slug: str) -> None:
    sheets = minimal_workbook_sheets()
    sheets[sheet][row][column] = typed
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    records = result.records.agenda if sheet == "Agenda" else result.records.documents
    assert (records[row - 1].topic if sheet == "Agenda" else records[0].kind) == slug
    assert any(f"'{typed}' is not one the shipped checklists read" in w and f"loaded as {slug}"
               in w for w in texts(result, "warning"))


def test_other_is_always_accepted(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Documents"][1][1] = "Other"
    result = run(tmp_path, sheets)
    assert result.ok and not texts(result, "warning")


def test_no_word_stands_for_two_values_of_one_list() -> None:
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    raw.pop("ambiguous")
    for name, values in raw.items():
        seen: dict[str, str] = {}
        for value, words in values.items():
            for word in words:
                assert isinstance(word, str), f"{name}: {word!r} must be quoted"
                key = vocabulary_key(word)
                assert seen.setdefault(key, value) == value, f"{name}: {word} twice"
                assert key not in {vocabulary_key(v) for v in values if v != value}, word


def test_every_vocabulary_value_is_a_contract_choice() -> None:
    columns = {"status": ("Attendance", "status"), "role": ("Members", "role"),
               "sector": ("Members", "sector"), "body": ("Meetings", "body"),
               "topic": ("Agenda", "topic"), "document_kind": ("Documents", "kind"),
               "dhr_decision": ("DHR", "decision"), "qa_outcome": ("DHR", "qa_outcome")}
    for name, (sheet, column) in columns.items():
        choices = contract.sheet_for(sheet).column(column).choices
        assert set(contract.VOCABULARY[name].synonyms.values()) <= set(choices), name


def test_the_vocabulary_ships_in_the_wheel(tmp_path: Path) -> None:
    """A non-editable `pip install .` must find vocabulary.yaml beside contract.py."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w",
                            str(tmp_path), str(ROOT)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip().splitlines()[-1:]}")
    wheel = next(tmp_path.glob("csp_audit-*.whl"))
    assert "csp_audit/model/vocabulary.yaml" in zipfile.ZipFile(wheel).namelist()
