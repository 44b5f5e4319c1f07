"""Reports that fail half-way: a renderer dying mid-write, a full disk, a read-only folder.

Every format is written to a temporary file beside its target and moved into place, so the
folder holds the earlier report or the whole new one, never half a file and never a stray
temporary; the user gets one `error:` line and exit 2, never a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from support.faults import immutable, one_line_error, runner, tiny_disk, workbook
from support.system_tools import need_weasyprint

from csp_audit.cli.app import app
from csp_audit.model.errors import UsageError
from csp_audit.pipeline.load import load_workbooks
from csp_audit.report.formats import FORMATS, output_path, write_reports
from csp_audit.report.templates import options_for


def report_context() -> dict[str, Any]:
    from support.report_fixtures import previous_result, sample_records, sample_result

    from csp_audit.report.context import build_context

    return build_context(sample_result(), sample_records(), previous_result(), False)


def half_then_fail(error: BaseException) -> Any:
    """A `Path.write_bytes` that writes half its bytes and then fails, as a disk filling up
    or a renderer dying mid-write would."""
    def write_bytes(self: Path, data: bytes) -> int:
        with open(self, "wb") as handle:
            handle.write(bytes(data[: len(data) // 2]))
        raise error
    return write_bytes


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   RuntimeError("renderer failed")], ids=["disk-full", "crash"])
def test_a_report_failing_half_way_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, fmt: str, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fmt == "pdf":
        need_weasyprint()
    context = report_context()
    target = output_path(tmp_path, context, fmt)
    target.write_bytes(b"the earlier report")
    monkeypatch.setattr(Path, "write_bytes", half_then_fail(error))
    expected = UsageError if isinstance(error, OSError) else RuntimeError
    with pytest.raises(expected, match="No space left" if expected is UsageError else "failed"):
        write_reports(context, [fmt], tmp_path, options_for())
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert target.read_bytes() == b"the earlier report"


@pytest.fixture
def reported_db(tmp_path: Path) -> Path:
    db = tmp_path / "audit.db"
    assert load_workbooks([workbook(tmp_path, "testshire", 3, "small")], str(db))[0].ok
    return db


def report_args(db: Path, out: Path, formats: str = "html,json,junit,md,xlsx") -> list[str]:
    return ["report", "--partnership", "testshire", "--year", "2024-25", "--db", str(db),
            "--out", str(out), "--format", formats]


def test_a_report_onto_a_full_disk_leaves_only_whole_files(tmp_path: Path,
                                                            reported_db: Path) -> None:
    """Room for the two smallest reports and half the third: the third is refused with one
    line, and the command leaves nothing behind: a report command writes all its files or
    none (the two that fitted are not kept either)."""
    reference = tmp_path / "reference"
    assert runner.invoke(app, report_args(reported_db, reference)).exit_code == 0
    by_size = sorted(reference.iterdir(), key=lambda p: p.stat().st_size)
    smallest_first = ",".join(
        next(f for f, spec in FORMATS.items() if path.name.endswith("." + spec.extension))
        for path in by_size)
    pages = [-(-path.stat().st_size // 4096) for path in by_size]
    room_kib = 4 * (pages[0] + pages[1] + max(1, pages[2] // 2))
    with tiny_disk(tmp_path / "disk", f"{room_kib}k") as disk:
        result = runner.invoke(app, report_args(reported_db, disk, smallest_first))
        one_line_error(result, "cannot write", "No space left on device")
        assert sorted(path.name for path in disk.iterdir()) == []


def test_a_read_only_out_folder_gives_one_clear_error(tmp_path: Path,
                                                      reported_db: Path) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    with immutable(out):
        result = runner.invoke(app, report_args(reported_db, out))
    one_line_error(result, "cannot write", str(out))
    assert list(out.iterdir()) == []


def test_a_report_needing_a_new_run_from_a_read_only_database_gives_one_clear_error(
    reported_db: Path, tmp_path: Path
) -> None:
    """`report` stores the audit it runs: a database it cannot write is refused plainly."""
    with immutable(reported_db):
        result = runner.invoke(app, report_args(reported_db, tmp_path / "out"))
    one_line_error(result, "readonly database")
