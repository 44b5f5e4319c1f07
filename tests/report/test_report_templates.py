"""A custom template (`--templates DIR`) that fails: one line naming its file and line and
what is wrong, exit 2, no traceback, and no report file written, whether the report is
rendered here or in a worker process (report --all, csp_audit/parallel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.pipeline import parallel

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = sorted(str(path) for path in (ROOT / "sample_data").glob("*.xlsx"))[:3]
runner = CliRunner()

BROKEN = {
    # name: (template file, its text, the line that fails, what the message says)
    "syntax": ("report.md.j2", "# Report\n\n{{ broken \n", 3, "syntax error: "),
    "undefined": ("report.md.j2", "# Report\n{{ finding.x }}\n", 2, "'finding' is undefined"),
    "missing include": ("report.md.j2", "# Report\n\n{% include 'nope.j2' %}\n", 3,
                        "includes 'nope.j2', which is no template here or built in"),
    "missing default": ("report.html.j2", "{% extends 'default:nope.html.j2' %}\n", 1,
                        "includes 'default:nope.html.j2', which is no template here or built in"),
    "division": ("report.html.j2", "<!doctype html>\n<p>\n{{ 1/0 }}\n</p>\n", 3,
                 "division by zero (ZeroDivisionError)"),
}


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("db") / "audit.db")
    result = runner.invoke(app, ["load", *SAMPLES, "--db", db])
    assert result.exit_code == 0, result.output
    return db


def templates(tmp_path: Path, broken: str) -> tuple[Path, Path, int, str]:
    name, text, line, what = BROKEN[broken]
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_text(text, "utf-8")
    return folder, folder / name, line, what


def assert_refused(result: object, template: Path, line: int, what: str, out: Path) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [message] = result.stderr.splitlines()
    assert message.startswith(f"error: template {template.resolve()}, line {line}: "), message
    assert what in message and message.endswith("; no report was written"), message
    assert not out.exists() or sorted(out.iterdir()) == []


@pytest.mark.parametrize("workers", ["1", "2"], ids=["one-process", "workers"])
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_report_all_with_a_broken_template_writes_nothing(
        loaded_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str,
        workers: str) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, workers)
    folder, template, line, what = templates(tmp_path, broken)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--all", "--db", loaded_db, "--year", "2024-25",
                                 "--format", "json,md,html", "--portfolio", "--templates",
                                 str(folder), "--out", str(out)])
    assert_refused(result, template, line, what, out)


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_audit_with_a_broken_template_writes_nothing(tmp_path: Path, broken: str) -> None:
    folder, template, line, what = templates(tmp_path, broken)
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", SAMPLES[0], "--year", "2024-25", "--format",
                                 "json,md,html", "--templates", str(folder), "--out", str(out),
                                 "--fail-on", "never"])
    assert_refused(result, template, line, what, out)


def test_a_broken_template_leaves_the_earlier_reports_as_they_were(
        loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["report", "--all", "--db", loaded_db, "--year", "2024-25", "--format", "json,md",
            "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    folder, template, line, what = templates(tmp_path, "undefined")
    result = runner.invoke(app, [*args, "--templates", str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_good_custom_template_is_used(loaded_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text("# {{ partnership.name }}: {{ overall }}\n", "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--all", "--db", loaded_db, "--year", "2024-25",
                                 "--format", "md", "--templates", str(folder), "--out",
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert all(path.read_text("utf-8").startswith("# ") for path in out.iterdir())
    assert len(list(out.iterdir())) == len(SAMPLES)


def test_audit_refuses_a_template_syntax_error_before_loading(tmp_path: Path) -> None:
    folder, template, line, what = templates(tmp_path, "syntax")
    db, out = tmp_path / "kept.db", tmp_path / "out"
    result = runner.invoke(app, ["audit", SAMPLES[0], "--db", str(db), "--templates",
                                 str(folder), "--out", str(out)])
    assert_refused(result, template, line, what, out)
    assert result.stdout == "" and not db.exists()
