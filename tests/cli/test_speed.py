"""What keeps csp-audit fast, checked without timing anything: `--help` imports no heavy
library, the load progress bar stays out of captured output, and the bench script runs
(on 2 partnerships x 1 year; `make bench` is the real measurement)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_audit.cli import printing as console
from csp_audit.cli.app import app

ROOT = Path(__file__).resolve().parent.parent.parent
HEAVY = ("sqlmodel", "sqlalchemy", "openpyxl", "jinja2", "weasyprint", "holidays", "rich",
         "yaml", "python_calamine")
"""pydantic is left out: Typer itself imports it for a subcommand's --help."""
LIST_HEAVY = f"""
import sys
sys.argv = ["csp-audit", *sys.argv[1:]]
from csp_audit.cli.app import main
try:
    main()
except SystemExit:
    pass
heavy = {HEAVY!r}
print(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["load", "--help"], ["report", "--help"]])
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", LIST_HEAVY, *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert "Usage" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_the_heavy_check_can_fail() -> None:
    """The same probe sees a heavy import when a command really runs."""
    done = subprocess.run([sys.executable, "-c", LIST_HEAVY, "checklists", "list"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert "yaml" in done.stderr.strip().splitlines()[-1]


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    with console.load_progress(300) as advance:
        assert advance is None
    result = CliRunner().invoke(app, ["load", str(ROOT / "sample_data" / "sefton.xlsx"),
                                      str(ROOT / "sample_data" / "richmond.xlsx"),
                                      "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0, result.output
    assert "Loading" not in result.output and "\x1b[" not in result.output


def test_progress_bar_advances_once_per_workbook_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with console.load_progress(3) as advance:
        assert advance is not None
        for _ in range(3):
            advance(None)  # type: ignore[arg-type]
    with console.load_progress(1) as single:
        assert single is None


def test_progress_bar_runs_no_thread_while_workers_fork(monkeypatch) -> None:
    """The load forks worker processes while the bar shows; a refresh thread holding
    stderr's lock at that moment would hang the worker as it flushes stderr on exit."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    before = threading.active_count()
    with console.load_progress(3) as advance:
        assert advance is not None and threading.active_count() == before
        advance(None)  # type: ignore[arg-type]
        assert threading.active_count() == before


@pytest.fixture(scope="module")
def bench_2x1(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess,
                                                                 Path]:
    """One run of the bench on 2 partnerships x 1 year: what it printed, and its results."""
    folder = tmp_path_factory.mktemp("bench")
    results = folder / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--data", str(folder / "data"),
         "--partnerships", "2", "--years", "1", "--quick", "--repeat", "2",
         "--results", str(results)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    return done, results


def test_bench_runs_on_two_partnerships_of_one_year(bench_2x1) -> None:
    done, results = bench_2x1
    assert done.returncode == 0, done.stderr
    assert "ratio" in done.stdout and "--help" in done.stdout
    document = json.loads(results.read_text("utf-8"))
    assert [size["partnerships"] for size in document["sizes"]] == [1, 2]
    assert all(size["records"] > 100 and size["floor_s"] > 0 for size in document["sizes"])
    assert [size["runs"] for size in document["sizes"]] == [1, 2]  # repeated at full size
    assert document["machine"]["nproc"] >= 1
    assert set(document["targets"]) >= {"pipeline <= 2x floor", "--help <= 0.25 s"}


SPEED_FIGURES = {"load_cpu_ratio", "check_cpu_ratio", "report_cpu_ratio", "cpu_ratio",
                 "ratio", "load_ratio", "pipeline_s", "pipeline_cpu_s", "peak_rss_mb"}
"""What issue 17 reads per size and way of running: each step's CPU against the floor's."""
SPEED_TARGETS = {"pipeline <= 2x floor", "pipeline CPU <= 3.5x floor CPU",
                 "load CPU <= 1.6x floor CPU", "sample audit <= 0.5 s",
                 "peak RSS no worse than before", "--help no worse than before"}


def test_bench_reports_cpu_ratios_both_ways_and_issue_17s_targets(bench_2x1) -> None:
    done, results = bench_2x1
    assert done.returncode == 0, done.stderr
    for heading in ("both cores", "one process", "check x", "report x", "total x"):
        assert heading in done.stdout
    document = json.loads(results.read_text("utf-8"))
    for size in document["sizes"]:
        for figures in (size, size["one_process"]):
            assert set(figures) >= SPEED_FIGURES
            assert figures["cpu_ratio"] == pytest.approx(
                figures["pipeline_cpu_s"] / size["floor_cpu_s"])
            assert figures["load_cpu_ratio"] == pytest.approx(
                figures["load_cpu_s"] / size["floor_cpu_s"])
    assert set(document["targets"]) >= SPEED_TARGETS
    for name in SPEED_TARGETS:
        verdict = document["targets"][name]
        assert "17" in verdict["issue"] and verdict["met"] == (verdict["value"]
                                                               <= verdict["target"])
        assert name in done.stdout


def test_only_the_full_bench_size_writes_the_tracked_results() -> None:
    """A quick `bench/run.py --partnerships 20` must not overwrite the published figures."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    assert bench_run.results_path(300, 10) == ROOT / "bench" / "results.json"
    for partnerships, years in ((20, 10), (300, 1), (2, 1)):
        path = bench_run.results_path(partnerships, years)
        assert path.name == f"results-{partnerships}x{years}.json"
        ignored = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=ROOT)
        assert ignored.returncode == 0, f"{path} is not git-ignored"


def test_each_figure_of_repeated_runs_is_its_median() -> None:
    """The ratios divide by the floor, whose CPU moves by up to a tenth between runs: the
    full size is run several times and each figure is the median of its runs."""
    spec = importlib.util.spec_from_file_location("bench_run_medians",
                                                  ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    runs = [{"load_s": 3.0, "load_cpu_s": 9.0}, {"load_s": 1.0, "load_cpu_s": 2.0},
            {"load_s": 2.0, "load_cpu_s": 4.0}]
    assert bench.medians(runs) == {"load_s": 2.0, "load_cpu_s": 4.0}
    assert bench.medians(runs[:1]) == runs[0]
