"""Which files named on the command line are read as workbooks, and what the others are
called: Excel's lock files (`~$name.xlsx`) skipped in a glob or refused alone for what
they are, a workbook open in Excel read as last saved, a workbook given twice read once,
and an old .xls, a password-protected workbook or an .xlsb named for what it is."""

from __future__ import annotations

from pathlib import Path

from support.commands import run, workbook

EXCEL_OWNER_FILE = (b"\x05Alice" + b" " * 48 + b"\x05\x00A\x00l\x00i\x00c\x00e\x00"
                    + b" \x00" * 50)
"""What Excel writes to `~$name.xlsx` while name.xlsx is open: the user's name, twice."""


def lock_file(path: Path) -> Path:
    lock = path.with_name("~$" + path.name)
    lock.write_bytes(EXCEL_OWNER_FILE)
    return lock


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


def test_a_workbook_given_twice_is_read_once(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    result = run("load", good, tmp_path / "." / good.name, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Loaded") == 1
    assert "is given twice; it is read once" in result.stderr
    assert "also loaded from" not in result.stderr


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
            "and save it as an Excel Workbook (.xlsx) from Excel, or as Excel 2007-365 (.xlsx) "
            "or ODF Spreadsheet (.ods) from LibreOffice Calc") in result.stdout
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


def test_a_path_with_no_name_of_its_own_is_refused_not_a_traceback(tmp_path: Path) -> None:
    """An empty argument (a shell variable that was never set) or the root folder has no
    file name to look for a lock file beside; it is refused as a folder without CSVs."""
    for argument in ("", "/"):
        for command in (["validate", argument], ["load", argument, "--db", tmp_path / "a.db"],
                        ["audit", argument, "--out", tmp_path / "out"]):
            result = run(*command)
            assert result.exit_code == 2, (command, result.output)
            assert "is a directory holding no CSV files" in result.output, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "a.db").exists()
