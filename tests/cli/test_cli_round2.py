"""What a second user trial of the command line found: Excel's lock files picked up by a
glob, a refusal that called the database unchanged after loading others, a calendar-year
partnership in a portfolio run, years and as-of days beyond any workbook, and an --out that
is a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()

EXCEL_OWNER_FILE = (b"\x05Alice" + b" " * 48 + b"\x05\x00A\x00l\x00i\x00c\x00e\x00"
                    + b" \x00" * 50)
"""What Excel writes to `~$name.xlsx` while name.xlsx is open: the user's name, twice."""


def run(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def workbook(folder: Path, code: str = "testshire", year_start: str = "01-04",
             name: str | None = None) -> Path:
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "code":
            row[1] = code
        if row[0] == "year_start":
            row[1] = year_start
    return write_workbook(folder / (name or f"{code}.xlsx"), sheets)


def refused_workbook(folder: Path) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    return write_workbook(folder / "refused.xlsx", sheets)


def lock_file(path: Path) -> Path:
    lock = path.with_name("~$" + path.name)
    lock.write_bytes(EXCEL_OWNER_FILE)
    return lock


# -- Excel's lock files ------------------------------------------------------------------


def test_load_of_a_glob_skips_excels_lock_file_with_a_warning(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    lock = lock_file(good)
    result = run("load", lock, good, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert (f"warning: {lock}: is the lock file Excel keeps while testshire.xlsx is open; "
            "it is not a workbook, so it is skipped") in result.stderr
    assert f"Loaded {good} as testshire" in result.stdout
    assert "Refused" not in result.stderr


def test_a_lock_file_alone_is_refused_for_what_it_is(tmp_path: Path) -> None:
    lock = lock_file(workbook(tmp_path))
    for command in (["load", lock, "--db", tmp_path / "audit.db"],
                    ["audit", lock, "--out", tmp_path / "out"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert (f"{lock}: is the lock file Excel keeps while testshire.xlsx is open; it is "
                "not a workbook") in result.stderr
        assert "text file" not in result.output
    result = run("validate", lock)
    assert result.exit_code == 2
    assert "is the lock file Excel keeps while testshire.xlsx is open" in result.stdout
    assert not (tmp_path / "audit.db").exists()


def test_a_stale_lock_file_says_it_can_go(tmp_path: Path) -> None:
    lock = tmp_path / "~$gone.xlsx"
    lock.write_bytes(EXCEL_OWNER_FILE)
    result = run("validate", lock)
    assert result.exit_code == 2
    assert "gone.xlsx is not beside it, so Excel left it behind: it can be deleted" in (
        result.stdout)


def test_validate_and_audit_of_a_glob_skip_the_lock_file(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    lock = lock_file(good)
    result = run("validate", good, lock)
    assert result.exit_code == 0, result.output
    assert f"{lock}: is the lock file" in result.stderr
    result = run("audit", good, lock, "--out", tmp_path / "out", "--format", "md",
                 "--year", "2024-25", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "testshire-2024-25.md").exists()


def test_a_workbook_named_like_a_lock_file_is_still_read(tmp_path: Path) -> None:
    """Only a small file that is not a zip is a lock file: a real workbook is a zip."""
    real = workbook(tmp_path, name="~$real.xlsx")
    result = run("validate", real)
    assert result.exit_code == 0, result.output


# -- what a refusal says of the database ---------------------------------------------------


def test_a_refusal_after_a_load_does_not_call_the_database_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    result = run("load", workbook(tmp_path), refused_workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert "Loaded" in result.stdout
    assert "unchanged" not in result.stderr
    assert ("Refused " + str(tmp_path / "refused.xlsx") + ": 1 error; nothing from it was "
            "loaded (what the database held for its partnership before is kept).") in (
        result.stderr)


def test_a_refusal_of_everything_says_whether_a_database_was_made(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    refused = refused_workbook(tmp_path)
    result = run("load", refused, "--db", db)
    assert result.exit_code == 2
    assert "1 error; nothing from it was loaded and no database was made." in result.stderr
    assert not db.exists()
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    result = run("load", refused, "--db", db)
    assert "1 error; nothing from it was loaded; the database is unchanged." in result.stderr


def test_a_refused_audit_with_a_temporary_database_speaks_of_no_database(
        tmp_path: Path) -> None:
    result = run("audit", workbook(tmp_path), refused_workbook(tmp_path), "--out",
                 tmp_path / "out")
    assert result.exit_code == 2
    assert "1 error; nothing from it was loaded." in result.stderr
    assert "database" not in result.stderr.split("Refused")[1].split("\n")[0]


# -- --out ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "audit"])
def test_an_out_that_is_a_file_is_refused_before_any_work(tmp_path: Path,
                                                          command: str) -> None:
    db = tmp_path / "audit.db"
    good = workbook(tmp_path)
    assert run("load", good, "--db", db).exit_code == 0
    afile = tmp_path / "afile"
    afile.write_text("notes")
    first = ["report", "--all", "--db", db] if command == "report" else ["audit", good]
    result = run(*first, "--out", afile, "--format", "md")
    assert result.exit_code == 2
    assert result.stderr == f"error: --out {afile} is a file, not a folder\n"
    result = run(*first, "--out", afile / "reports", "--format", "md")
    assert result.exit_code == 2
    assert f"error: --out {afile / 'reports'}: {afile} is a file, not a folder" in (
        result.stderr)
    assert afile.read_text() == "notes"


# -- --year and --as-of against each partnership's year ----------------------------------


@pytest.fixture
def mixed_db(tmp_path: Path) -> Path:
    """April-year testshire and calendar-year calshire in one database."""
    db = tmp_path / "mixed.db"
    result = run("load", workbook(tmp_path), workbook(tmp_path, "calshire", "01-01"),
                 "--db", db)
    assert result.exit_code == 0, result.output
    return db


def runs_stored(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from audit_run").fetchone()[0]


@pytest.mark.parametrize("output", ["table", "json"])
def test_a_split_year_names_the_calendar_year_partnership_and_checks_none(
        mixed_db: Path, output: str) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", "2024-25", "--format", output,
                 "--fail-on", "never")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: calshire: its reporting year is the calendar year, so --year 2024-25 names "
        "none of its years: write --year 2024",
        "hint: --year 2024 audits each partnership's year that starts in 2024: 2024 for a "
        "calendar year, 2024-25 for a year from April"]
    assert runs_stored(mixed_db) == 0


def test_report_all_with_a_split_year_writes_nothing(mixed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run("report", "--all", "--db", mixed_db, "--year", "2024-25", "--out", out,
                 "--format", "md")
    assert result.exit_code == 2
    assert "error: calshire: its reporting year is the calendar year" in result.stderr
    assert not out.exists()
    assert runs_stored(mixed_db) == 0


def test_the_single_year_form_audits_each_partnership_and_says_which_year(
        mixed_db: Path) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", "2024", "--format", "json",
                 "--fail-on", "never")
    assert result.exit_code == 0, result.output
    import json

    years = {audit["partnership"]["code"]: audit["year"] for audit in json.loads(result.stdout)}
    assert years == {"calshire": "2024", "testshire": "2024-25"}
    assert ("note: --year 2024 is each partnership's reporting year that starts in 2024: "
            "2024-25 (1 April 2024 to 31 March 2025) for a year from April, 2024 for a "
            "calendar year; for April 2023 to March 2024 write --year 2023-24") in (
        result.stderr)


def test_an_as_of_outside_one_partnerships_year_names_it(mixed_db: Path) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", "2024", "--as-of",
                 "2025-03-31")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: calshire: --as-of 2025-03-31 is outside the reporting year 2024 (1 January "
        "2024 to 31 December 2024)")
    assert runs_stored(mixed_db) == 0


@pytest.mark.parametrize("year", ["1800-01", "1949", "2101-02", "9999"])
def test_a_year_beyond_any_workbook_date_is_refused(mixed_db: Path, year: str) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", year)
    assert result.exit_code == 2
    assert (f"error: bad year '{year}': a workbook's dates run from 1950 to 2100, so no "
            f"reporting year starts in {year[:4]}") in result.stderr
    assert "calshire" not in result.stderr


def test_an_as_of_after_today_is_refused(mixed_db: Path) -> None:
    from datetime import date, timedelta

    tomorrow = date.today() + timedelta(days=1)
    result = run("check", "--partnership", "testshire", "--db", mixed_db, "--as-of",
                 tomorrow.isoformat())
    assert result.exit_code == 2
    assert "is after today" in result.stderr
    assert runs_stored(mixed_db) == 0


# -- files Excel writes that are not .xlsx ------------------------------------------------


def test_an_old_xls_and_a_password_protected_workbook_are_told_apart(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    old = tmp_path / "old.xls"
    old.write_bytes(ole + b"\x00" * 600 + "Workbook".encode("utf-16-le") + b"\x00" * 4000)
    locked = tmp_path / "locked.xlsx"
    # NOTE: the stream name straddles a 1 MB read, as it may in a real file
    locked.write_bytes(ole + b"\x00" * ((1 << 20) - 12) + "EncryptionInfo".encode("utf-16-le"))
    result = run("validate", old, locked)
    assert result.exit_code == 2
    assert (f"{old}: is an old Excel 97-2003 workbook (.xls), not an .xlsx workbook; open it "
            "in Excel and save it as an Excel Workbook (.xlsx)") in result.stdout
    assert f"{locked}: is password-protected (encrypted with a password to open it)" in (
        result.stdout)
    old_line = next(line for line in result.stdout.splitlines() if f"error: {old}" in line)
    assert "password-protected" not in old_line


def test_an_xlsb_is_named_for_what_it_is(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "binary.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    result = run("load", path, "--db", tmp_path / "audit.db")
    assert result.exit_code == 2
    assert f"{path}: is an Excel Binary Workbook (.xlsb), not an .xlsx workbook" in (
        result.stderr)


# -- more mistakes -------------------------------------------------------------------------


def test_a_workbook_given_twice_is_read_once(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    result = run("load", good, tmp_path / "." / good.name, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Loaded") == 1
    assert "is given twice; it is read once" in result.stderr
    assert "also loaded from" not in result.stderr


def test_audit_refuses_a_bad_year_before_loading(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    result = run("audit", workbook(tmp_path), "--out", tmp_path / "out", "--db", db,
                 "--year", "1800-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad year '1800-01'" in result.stderr
    assert not db.exists()


def test_template_into_a_folder_asks_for_a_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "book.xlsx"
    folder.mkdir()
    result = run("template", folder, "--force")
    assert result.exit_code == 2
    assert f"error: {folder} is a folder; give the workbook's file name" in result.stderr


def test_check_periods_hints_at_the_single_year_only_when_it_would_serve() -> None:
    from datetime import date

    from csp_audit.model.errors import UsageError
    from csp_audit.model.periods import check_periods

    today = date(2026, 12, 5)
    april = {f"p{number:02d}": (4, 1) for number in range(7)}
    with pytest.raises(UsageError) as refused:
        check_periods({"cal": (1, 1), **april}, "2027-28", None, today)
    assert str(refused.value).splitlines() == [
        "cal: its reporting year is the calendar year, so --year 2027-28 names none of its "
        "years: write --year 2027",
        "error: p00, p01, p02, p03, p04 and 2 more: the reporting year 2027-28 has not "
        "started yet (it starts on 1 April 2027)"]
    with pytest.raises(UsageError, match="\nhint: --year 2024 audits"):
        check_periods({**april, "cal": (1, 1)}, "2024-25", None, today)
    check_periods(april, "2024", date(2025, 3, 31), today)


def test_a_workbook_open_in_excel_is_read_as_last_saved_with_a_warning(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    lock_file(good)
    result = run("load", good, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert (f"warning: {good} may be open in Excel (~$testshire.xlsx is beside it): what is "
            "read is the workbook as last saved, without changes not yet saved there") in (
        result.stderr)
    other = workbook(tmp_path, "otherton")
    assert "may be open" not in run("validate", other).stderr
