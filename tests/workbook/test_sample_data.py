"""The five committed sample workbooks load, cover three reporting years, and rebuild
deterministically from sample_data/build_samples.py."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from csp_audit.model.records import PartnershipRecords
from csp_audit.workbook.validate import validate_workbook

SAMPLE_DATA = Path(__file__).resolve().parent.parent.parent / "sample_data"
CODES = ("north-east-lincolnshire", "norfolk", "sefton", "richmond", "thurrock")
RA_SECTORS = {"council", "police", "fire", "health", "probation"}
PERSONAL = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\b\.?\s+[A-Z]")


def load(path: Path) -> PartnershipRecords:
    result = validate_workbook(path)
    assert result.ok, [str(p) for p in result.errors]
    assert result.records is not None
    return result.records


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    subprocess.run([sys.executable, str(SAMPLE_DATA / "build_samples.py"), "--out", str(out)],
                   check=True, capture_output=True, text=True)
    return out


def test_one_workbook_per_seed_partnership() -> None:
    assert sorted(p.stem for p in SAMPLE_DATA.glob("*.xlsx")) == sorted(CODES)


@pytest.mark.parametrize("code", CODES)
def test_sample_validates_without_errors_or_warnings(code: str) -> None:
    result = validate_workbook(SAMPLE_DATA / f"{code}.xlsx")
    assert result.problems == [], [str(p) for p in result.problems]


@pytest.mark.parametrize("code", CODES)
def test_sample_covers_2022_23_to_2024_25_with_its_own_checklist(code: str) -> None:
    records = load(SAMPLE_DATA / f"{code}.xlsx")
    partnership = records.partnership
    assert (partnership.code, partnership.checklist, partnership.nation) == (
        code, code, "England")
    assert partnership.tier == ("county" if code == "norfolk" else "unitary")
    boards = [m.date for m in records.meetings if m.body == "board"]
    for start in (2022, 2023, 2024):
        in_year = [d for d in boards if date(start, 4, 1) <= d <= date(start + 1, 3, 31)]
        assert len(in_year) >= 4, (code, start)
    assert {m.body for m in records.meetings} >= {"board", "public", "scrutiny"}
    current = {m.sector for m in records.members
               if m.is_responsible_authority and m.member_on(date(2024, 4, 1))}
    assert current >= RA_SECTORS
    assert all(m.date.weekday() < 5 for m in records.meetings)


@pytest.mark.parametrize("code", CODES)
def test_people_are_recorded_by_job_title_not_by_name(code: str) -> None:
    records = load(SAMPLE_DATA / f"{code}.xlsx")
    titles = [t for m in records.members for t in (m.representative, m.deputy) if t]
    assert titles
    assert not [t for t in titles if PERSONAL.search(t)]


def test_registers_and_attendance_forms_vary_across_the_samples() -> None:
    sefton = load(SAMPLE_DATA / "sefton.xlsx")
    thurrock = load(SAMPLE_DATA / "thurrock.xlsx")
    richmond = load(SAMPLE_DATA / "richmond.xlsx")
    assert sefton.has_register("dhr") and sefton.dhr_cases
    assert richmond.has_register("dhr") and not richmond.dhr_cases
    assert not thurrock.has_register("dhr")
    matrix = openpyxl.load_workbook(SAMPLE_DATA / "richmond.xlsx", read_only=True)
    header = next(matrix["Attendance"].iter_rows(max_row=1, values_only=True))
    assert header[0] == "organisation" and "SG-2024-05" in header
    assert len(richmond.attendance) > 300
    assert {w.rule_id for w in thurrock.waivers} == {"THU-MEETING-MONTHS"}
    police_authority = [m for m in thurrock.members if m.sector == "police_authority"]
    assert police_authority and police_authority[0].left is None


def test_sefton_2024_25_plants_the_documented_poor_practice() -> None:
    sefton = load(SAMPLE_DATA / "sefton.xlsx")
    year = (date(2024, 4, 1), date(2025, 3, 31))
    in_year = {m.meeting_id for m in sefton.meetings if year[0] <= m.date <= year[1]}
    assert not [m for m in sefton.meetings if m.body == "public" and m.meeting_id in in_year]
    topics = {a.topic for a in sefton.agenda if a.meeting_id in in_year}
    assert "hate_crime" not in topics
    assert {"prevent", "domestic_abuse", "asb", "iom", "youth_justice"} <= topics
    assert any(a.restricted for a in sefton.agenda)
    pending = [c for c in sefton.dhr_cases if c.decision == "pending"]
    assert pending and pending[0].decision_date is None


def test_rebuilding_gives_the_same_records(rebuilt: Path) -> None:
    for code in CODES:
        assert load(rebuilt / f"{code}.xlsx") == load(SAMPLE_DATA / f"{code}.xlsx"), code


def test_rebuilding_twice_is_byte_identical(rebuilt: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SAMPLE_DATA / "build_samples.py"), "--out",
                    str(tmp_path)], check=True, capture_output=True)
    for code in CODES:
        assert (tmp_path / f"{code}.xlsx").read_bytes() == (
            rebuilt / f"{code}.xlsx").read_bytes(), code
