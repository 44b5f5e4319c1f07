"""`make bench`: time the portfolio pipeline against the floor, at 1/4, 1/2 and full size.

Every step runs as the user runs it, as a child process of the installed console script,
timed on the wall clock, its peak RSS read from that child's own rusage (os.wait4), at each
size twice: on both cores (the default) and in one process (CSP_AUDIT_WORKERS=1). The
floor (bench/floor.py) reads the same workbooks cell by cell with python-calamine and
inserts the same rows with raw sqlite3.executemany. Prints the wall and CPU tables (each
step's CPU against the floor's), writes the results and says which of issue 5's and issue
17's targets are met.

Only the full default size (300 x 10) writes the tracked bench/results.json; any other size
writes the git-ignored bench/results-PxY.json (e.g. results-20x10.json), so a quick run
never overwrites the published figures.

Usage: python bench/run.py [--data bench/data] [--partnerships 300] [--years 10]
       [--year 2025-26] [--results FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
FULL_SIZE = (300, 10)
TARGETS = {"ratio": 2.0, "portfolio_s": 30.0, "rss_mb": 300.0, "sample_audit_s": 0.8,
           "help_s": 0.25, "flatness": 0.20}
"""Issue 5's targets."""
SPEED_TARGETS = {"cpu_ratio": 3.5, "load_cpu_ratio": 1.6, "sample_audit_s": 0.5}
"""Issue 17's targets (with issue 5's pipeline <= 2x the floor's wall on both cores)."""
BEFORE = {"peak_rss_mb": 200.8, "help_s": 0.088}
"""bench/results.json before issue 17's speed work (6 December 2026, commit 0d83de0): peak
RSS and --help must be no worse, within NOISE."""
NOISE = 0.05
"""How far a repeat run on a quiet machine moves these figures (bench/README.md: 3%)."""
ONE_PROCESS = {"CSP_AUDIT_WORKERS": "1"}
STEPS = ("load", "check", "report")


def tree_rss_mb(root: int) -> float:
    """The summed RSS of `root` and every process below it (its worker processes)."""
    total_kb, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            todo += map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
            total_kb += next((int(line.split()[1]) for line in
                              Path(f"/proc/{pid}/status").read_text().splitlines()
                              if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            continue
    return total_kb / 1024


def run(command: list[str], keep_output: bool = False,
        env: dict[str, str] | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS in MB, (when kept) stdout and CPU seconds of one child.

    The child is reaped with os.wait4, whose rusage is that child's own (its worker
    processes' CPU included), so each step's figures are its own and not the largest of
    every child so far. Peak RSS is the larger of the child's own peak and the sum over the
    child and its workers, sampled every 50 ms (shared pages counted in each: an upper
    bound)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out if keep_output else subprocess.DEVNULL,
                                 stderr=err, text=True, env={**os.environ, **(env or {})})
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_rss_mb(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
            sampler.start()
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        child.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(command[:3])} ... exited {code}:\n"
                             f"{err.read()[-2000:]}")
        out.seek(0)
        return (seconds, max(usage.ru_maxrss / 1024, peak[0]), out.read(),
                usage.ru_utime + usage.ru_stime)


def pipeline(files: list[str], year: str, scratch: Path,
             env: dict[str, str] | None = None) -> dict[str, float]:
    """Load, check and report of `files` into a fresh database: each step's wall and CPU
    seconds and peak RSS."""
    db = scratch / "bench.db"
    commands = {
        "load": ["load", *files, "--db", str(db)],
        "check": ["check", "--all", "--db", str(db), "--year", year, "--fail-on", "never",
                  "--format", "json"],
        "report": ["report", "--all", "--db", str(db), "--year", year, "--format",
                   "html,json", "--portfolio", "--out", str(scratch / "reports")]}
    steps: dict[str, float] = {}
    for step, args in commands.items():
        wall, rss, _, cpu = run([str(BIN / "csp-audit"), *args], env=env)
        steps |= {f"{step}_s": wall, f"{step}_cpu_s": cpu, f"{step}_rss_mb": rss}
    for leftover in (db, scratch / "reports"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    return steps


def against_floor(steps: dict[str, float], floor_s: float, floor_cpu_s: float,
                  records: int) -> dict[str, float]:
    """The steps' totals, and each step's wall and CPU against the floor's."""
    total = sum(steps[f"{step}_s"] for step in STEPS)
    total_cpu = sum(steps[f"{step}_cpu_s"] for step in STEPS)
    return {**steps, "pipeline_s": total, "ratio": total / floor_s,
            "load_ratio": steps["load_s"] / floor_s,
            "us_per_record": total / records * 1e6, "pipeline_cpu_s": total_cpu,
            **{f"{step}_cpu_ratio": steps[f"{step}_cpu_s"] / floor_cpu_s for step in STEPS},
            "cpu_ratio": total_cpu / floor_cpu_s,
            "peak_rss_mb": max(steps[f"{step}_rss_mb"] for step in STEPS)}


def scale(workbooks: list[Path], year: str, scratch: Path, repeat: int = 1) -> dict:
    """One size: the pipeline on both cores, then in one process, then the floor, `repeat`
    times in turn, each figure the median of its runs (the floor's CPU moves by up to 10%
    from one run to the next, and every ratio divides by it); the both-cores figures at the
    top level (as before), the one-process ones under "one_process"."""
    files = [str(p) for p in workbooks]
    both_runs, single_runs, floor_runs = [], [], []
    for _ in range(repeat):
        both_runs.append(pipeline(files, year, scratch))
        single_runs.append(pipeline(files, year, scratch, ONE_PROCESS))
        floor_runs.append(run([sys.executable, str(HERE / "floor.py"),
                               str(scratch / "floor.db"), *files], keep_output=True))
        (scratch / "floor.db").unlink(missing_ok=True)
    both, single = medians(both_runs), medians(single_runs)
    floor, floor_rss, floor_cpu = (statistics.median(r[i] for r in floor_runs)
                                   for i in (0, 1, 3))
    records = int(floor_runs[0][2].strip().splitlines()[-1])
    return {"partnerships": len(workbooks), "records": records, "runs": repeat,
            "floor_s": floor, "floor_cpu_s": floor_cpu, "floor_rss_mb": floor_rss,
            **against_floor(both, floor, floor_cpu, records),
            "one_process": against_floor(single, floor, floor_cpu, records)}


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over the runs (one run: itself)."""
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def help_cold_start(runs: int = 7) -> float:
    return statistics.median(run([str(BIN / "csp-audit"), "--help"])[0] for _ in range(runs))


def load_average() -> float:
    return os.getloadavg()[0]


def sample_audit(scratch: Path, runs: int = 3) -> float:
    """One sample partnership's audit end to end (load, check, HTML and JSON reports)."""
    command = [str(BIN / "csp-audit"), "audit", str(ROOT / "sample_data" / "sefton.xlsx"),
               "--year", "2024-25", "--format", "html,json", "--fail-on", "never",
               "--out", str(scratch / "sample")]
    return statistics.median(run(command)[0] for _ in range(runs))


def machine() -> dict[str, object]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) // 1024 for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_mb": memory,
            "load_average_1min": round(load_average(), 2),
            "python": platform.python_version(), "system": platform.platform()}


def verdicts(sizes: list[dict], help_s: float, sample_s: float) -> dict[str, dict]:
    """Each target of issue 5 and issue 17, on the full size: its value and whether met."""
    full = sizes[-1]
    per_record = [size["us_per_record"] for size in sizes]
    spread = (max(per_record) - min(per_record)) / min(per_record)
    rss = [size["peak_rss_mb"] for size in sizes]
    growth = rss[-1] / rss[0] if rss[0] else 1.0
    checks = {
        "pipeline <= 2x floor": (full["ratio"], TARGETS["ratio"], "x wall, both cores",
                                 "5, 17"),
        "pipeline CPU <= 3.5x floor CPU": (full["cpu_ratio"], SPEED_TARGETS["cpu_ratio"],
                                           "x CPU, both cores", "17"),
        "load CPU <= 1.6x floor CPU": (full["one_process"]["load_cpu_ratio"],
                                       SPEED_TARGETS["load_cpu_ratio"], "x CPU, one process",
                                       "17"),
        "sample audit <= 0.5 s": (sample_s, SPEED_TARGETS["sample_audit_s"], "s", "17"),
        "peak RSS no worse than before": (full["peak_rss_mb"],
                                          round(BEFORE["peak_rss_mb"] * (1 + NOISE), 1),
                                          f"MB (before {BEFORE['peak_rss_mb']}, +5%)", "17"),
        "--help no worse than before": (help_s, round(BEFORE["help_s"] * (1 + NOISE), 3),
                                        f"s (before {BEFORE['help_s']}, +5%)", "17"),
        "pipeline < 30 s": (full["pipeline_s"], TARGETS["portfolio_s"], "s", "5"),
        "peak RSS < 300 MB": (full["peak_rss_mb"], TARGETS["rss_mb"], "MB", "5"),
        "sample audit <= 0.8 s": (sample_s, TARGETS["sample_audit_s"], "s", "5"),
        "--help <= 0.25 s": (help_s, TARGETS["help_s"], "s", "5"),
        "time per record flat within 20%": (spread, TARGETS["flatness"], "", "5"),
        "peak RSS not growing with workbooks": (growth, 1.25, "x (full / quarter)", "5"),
    }
    return {name: {"value": round(value, 3), "target": target, "unit": unit,
                   "met": value <= target, "issue": issue}
            for name, (value, target, unit, issue) in checks.items()}


WALL = (("load s", "load_s", 7, ".2f"), ("check s", "check_s", 7, ".2f"),
        ("report s", "report_s", 8, ".2f"), ("total s", "pipeline_s", 7, ".2f"),
        ("floor s", "floor_s", 7, ".2f"), ("ratio", "ratio", 6, ".2f"),
        ("load x", "load_ratio", 6, ".2f"), ("us/rec", "us_per_record", 7, ".1f"),
        ("RSS MB", "peak_rss_mb", 7, ".1f"))
CPU = (("load s", "load_cpu_s", 7, ".2f"), ("check s", "check_cpu_s", 7, ".2f"),
       ("report s", "report_cpu_s", 8, ".2f"), ("total s", "pipeline_cpu_s", 7, ".2f"),
       ("floor s", "floor_cpu_s", 7, ".2f"), ("load x", "load_cpu_ratio", 6, ".2f"),
       ("check x", "check_cpu_ratio", 7, ".2f"), ("report x", "report_cpu_ratio", 8, ".2f"),
       ("total x", "cpu_ratio", 7, ".2f"))
"""The columns of the wall and CPU tables: heading, key, width, format."""


def rows(title: str, columns: tuple, sizes: list[dict]) -> list[str]:
    """One table: a row per size and way of running (both cores, one process)."""
    lines = [f"{title:<12} {'partnerships':>12} {'records':>8} "
             + " ".join(f"{heading:>{width}}" for heading, _, width, _ in columns)]
    for size in sizes:
        for way, figures in (("both cores", size), ("one process", size["one_process"])):
            figures = {**size, **figures}
            lines.append(f"{way:<12} {size['partnerships']:>12} {size['records']:>8} "
                         + " ".join(f"{figures[key]:>{width}{form}}"
                                    for _, key, width, form in columns))
    return lines


def table(sizes: list[dict], help_s: float, sample_s: float,
          results: dict[str, dict]) -> str:
    lines = [*rows("wall", WALL, sizes), "", *rows("CPU", CPU, sizes),
             "(wall seconds and ratios against the floor's wall; CPU is user + system time of "
             "each step's processes, steadier on a shared machine, each step's against the "
             "floor's CPU; x = times the floor)"]
    lines += ["", f"csp-audit --help (median): {help_s:.3f} s",
              f"sample audit, sefton to HTML+JSON (median): {sample_s:.3f} s", ""]
    for name, verdict in results.items():
        mark = "met" if verdict["met"] else "NOT MET"
        lines.append(f"  {mark:>7}  {name}: {verdict['value']} {verdict['unit']} "
                     f"(target {verdict['target']}; issue {verdict['issue']})")
    return "\n".join(lines)


def results_path(partnerships: int, years: int) -> Path:
    """The tracked results.json only for the published full size, so smaller runs keep it."""
    if (partnerships, years) == FULL_SIZE:
        return HERE / "results.json"
    return HERE / f"results-{partnerships}x{years}.json"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--partnerships", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--year", default="2025-26", help="Reporting year to audit.")
    parser.add_argument("--results", type=Path, default=None,
                        help="Where to write the results (default: bench/results.json at "
                             "the full 300 x 10 only, else bench/results-PxY.json, "
                             "git-ignored).")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Runs at the full size, each figure their median (the smaller "
                             "sizes run once).")
    parser.add_argument("--quick", action="store_true",
                        help="One run of --help and of the sample audit (for the smoke test).")
    options = parser.parse_args(argv)
    if options.results is None:
        options.results = results_path(options.partnerships, options.years)
    sys.path.insert(0, str(HERE))
    from generate import generate

    generate(options.data, options.partnerships, options.years)
    workbooks = sorted(options.data.glob("bench-*.xlsx"))
    count = len(workbooks)
    cuts = sorted({max(1, count // 4), max(1, count // 2), count})
    with tempfile.TemporaryDirectory(prefix="csp-bench-") as folder:
        scratch = Path(folder)
        sizes = [scale(workbooks[:cut], options.year, scratch,
                       options.repeat if cut == count else 1) for cut in cuts]
        runs = 1 if options.quick else 7
        help_s = help_cold_start(runs)
        sample_s = sample_audit(scratch, 1 if options.quick else 3)
    print(f"load average (1 min) at the end: {load_average():.2f} on {os.cpu_count()} CPUs",
          file=sys.stderr)
    results = verdicts(sizes, help_s, sample_s)
    print(table(sizes, help_s, sample_s, results))
    options.results.write_text(json.dumps({
        "machine": machine(), "partnerships": count, "years": options.years,
        "year": options.year, "sizes": sizes, "help_s": help_s, "sample_audit_s": sample_s,
        "targets": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {options.results}")


if __name__ == "__main__":
    main()
