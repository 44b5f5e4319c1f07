"""Several workbooks or partnerships on several cores (csp_audit.pipeline.parallel): the same
output, byte for byte, as one process, on SQLite and PostgreSQL; one item starts no pool;
errors raised in a worker reach the command as they would from one process."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.errors import InputError, Problem, UsageError
from csp_audit.pipeline import parallel

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = sorted(str(path) for path in (ROOT / "sample_data").glob("*.xlsx"))
runner = CliRunner()


def whose(item: int) -> tuple[int, int]:
    return item, os.getpid()


def refuse(item: int) -> int:
    if item == 2:
        raise InputError([Problem("book.xlsx", "no good", "Meetings", "C4")])
    return item


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many workers each pool started had (pools are started in this process)."""
    started: list[int] = []
    real = parallel._pool

    def counting(workers: int, *args: object) -> object:
        started.append(workers)
        return real(workers, *args)

    monkeypatch.setattr(parallel, "_pool", counting)
    return started


def test_several_items_run_in_workers_and_come_back_in_order(monkeypatch, pools) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    results = list(parallel.in_order(whose, range(12)))
    assert [item for item, _pid in results] == list(range(12))
    assert os.getpid() not in {pid for _item, pid in results}
    assert pools == [2]


@pytest.mark.parametrize(("workers", "items"), [("2", 1), ("1", 5), ("0", 5)])
def test_one_item_or_one_worker_starts_no_pool(monkeypatch, pools, workers: str,
                                               items: int) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, workers)
    assert {pid for _item, pid in parallel.in_order(whose, range(items))} == {os.getpid()}
    assert pools == []


def test_an_input_error_in_a_worker_keeps_its_problems(monkeypatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    with pytest.raises(InputError) as raised:
        list(parallel.in_order(refuse, range(6)))
    assert raised.value.problems == [Problem("book.xlsx", "no good", "Meetings", "C4")]
    assert str(raised.value) == "book.xlsx: Meetings!C4: no good"
    assert str(pickle.loads(pickle.dumps(UsageError("no partnership 'x'")))) == (
        "no partnership 'x'")


def pipeline(db: str, out: Path) -> dict[str, object]:
    """load, check --all and report --all as a user runs them; what each printed and
    every report file's bytes."""
    load = runner.invoke(app, ["load", *SAMPLES, "--db", db])
    check = runner.invoke(app, ["check", "--all", "--db", db, "--year", "2024-25",
                                "--format", "json", "--fail-on", "never"])
    report = runner.invoke(app, ["report", "--all", "--db", db, "--year", "2024-25",
                                 "--format", "html,json,md,xlsx", "--portfolio", "--out",
                                 str(out)])
    assert (load.exit_code, check.exit_code, report.exit_code) == (0, 0, 0), (
        load.output + check.output + report.output)
    return {"load": load.output, "check": check.stdout, "check_err": check.stderr,
            "report": report.output.replace(str(out), "OUT"),
            "files": {path.name: path.read_bytes() for path in sorted(out.iterdir())
                      if path.suffix != ".xlsx"},
            "xlsx": sorted(path.name for path in out.glob("*.xlsx"))}


def test_the_portfolio_in_workers_writes_what_one_process_writes(
        request: pytest.FixtureRequest, monkeypatch, pools, tmp_path: Path, db: str) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    pooled = pipeline(db, tmp_path / "pooled")
    assert pools == [2, 2, 2], "load, check and report each used the pool"
    if db.startswith("postgresql"):
        request.getfixturevalue("postgres_server").empty_database(db.rsplit("/", 1)[1])
    else:
        db = str(tmp_path / "alone.db")
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    alone = pipeline(db, tmp_path / "alone")
    assert pools == [2, 2, 2]
    assert pooled == alone
    assert len(pooled["files"]) == 3 * len(SAMPLES) + 1  # html, json, md; portfolio html


def test_a_refused_workbook_among_several_is_reported_as_alone(monkeypatch, pools,
                                                                 tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip at all")
    books = [SAMPLES[0], str(broken), SAMPLES[1]]
    outputs = []
    for workers in ("2", "1"):
        monkeypatch.setenv(parallel.WORKERS_ENV, workers)
        result = runner.invoke(app, ["load", *books, "--db", str(tmp_path / f"{workers}.db")])
        assert result.exit_code == 2
        outputs.append(result.output)
    assert pools == [2]
    assert outputs[0] == outputs[1]
    assert "broken.xlsx" in outputs[0] and "Traceback" not in outputs[0]
