"""`make bench`: time the portfolio pipeline against the floor, at 1/4, 1/2 and full size.

Every step runs as the user runs it, as a child process of the installed console script,
timed on the wall clock, its peak RSS read from that child's own rusage (os.wait4). The
floor (bench/floor.py) reads the same workbooks cell by cell with python-calamine and
inserts the same rows with raw sqlite3.executemany. Prints a table, writes the results and
says which of issue 5's targets are met.

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


def run(command: list[str], keep_output: bool = False) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS in MB, (when kept) stdout and CPU seconds of one child.

    The child is reaped with os.wait4, whose rusage is that child's own (its worker
    processes' CPU included), so each step's figures are its own and not the largest of
    every child so far. Peak RSS is the larger of the child's own peak and the sum over the
    child and its workers, sampled every 50 ms (shared pages counted in each: an upper
    bound)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out if keep_output else subprocess.DEVNULL,
                                 stderr=err, text=True)
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


def scale(workbooks: list[Path], year: str, scratch: Path) -> dict[str, float]:
    """One size: load, check and report of all `workbooks`, then the floor on the same."""
    db = scratch / "bench.db"
    files = [str(p) for p in workbooks]
    load, load_rss, _, load_cpu = run([str(BIN / "csp-audit"), "load", *files, "--db",
                                       str(db)])
    check, check_rss, _, check_cpu = run([str(BIN / "csp-audit"), "check", "--all", "--db",
                                          str(db), "--year", year, "--fail-on", "never",
                                          "--format", "json"])
    report, report_rss, _, report_cpu = run([
        str(BIN / "csp-audit"), "report", "--all", "--db", str(db), "--year", year,
        "--format", "html,json", "--portfolio", "--out", str(scratch / "reports")])
    floor, floor_rss, printed, floor_cpu = run([sys.executable, str(HERE / "floor.py"),
                                                str(scratch / "floor.db"), *files],
                                               keep_output=True)
    records = int(printed.strip().splitlines()[-1])
    pipeline = load + check + report
    pipeline_cpu = load_cpu + check_cpu + report_cpu
    for leftover in (db, scratch / "floor.db", scratch / "reports"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    return {"partnerships": len(workbooks), "records": records, "load_s": load,
            "check_s": check, "report_s": report, "pipeline_s": pipeline, "floor_s": floor,
            "ratio": pipeline / floor, "us_per_record": pipeline / records * 1e6,
            "load_cpu_s": load_cpu, "check_cpu_s": check_cpu, "report_cpu_s": report_cpu,
            "pipeline_cpu_s": pipeline_cpu, "floor_cpu_s": floor_cpu,
            "cpu_ratio": pipeline_cpu / floor_cpu,
            "peak_rss_mb": max(load_rss, check_rss, report_rss), "load_rss_mb": load_rss,
            "check_rss_mb": check_rss, "report_rss_mb": report_rss, "floor_rss_mb": floor_rss}


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


def verdicts(sizes: list[dict[str, float]], help_s: float, sample_s: float) -> dict[str, dict]:
    full = sizes[-1]
    per_record = [size["us_per_record"] for size in sizes]
    spread = (max(per_record) - min(per_record)) / min(per_record)
    rss = [size["peak_rss_mb"] for size in sizes]
    checks = {
        "pipeline <= 2x floor": (full["ratio"], TARGETS["ratio"], "x"),
        "pipeline < 30 s": (full["pipeline_s"], TARGETS["portfolio_s"], "s"),
        "peak RSS < 300 MB": (full["peak_rss_mb"], TARGETS["rss_mb"], "MB"),
        "sample audit <= 0.8 s": (sample_s, TARGETS["sample_audit_s"], "s"),
        "--help <= 0.25 s": (help_s, TARGETS["help_s"], "s"),
        "time per record flat within 20%": (spread, TARGETS["flatness"], ""),
    }
    out = {name: {"value": round(value, 3), "target": target, "unit": unit,
                  "met": value <= target} for name, (value, target, unit) in checks.items()}
    growth = rss[-1] / rss[0] if rss[0] else 1.0
    out["peak RSS not growing with workbooks"] = {
        "value": round(growth, 3), "target": 1.25, "unit": "x (full / quarter)",
        "met": growth <= 1.25}
    return out


def table(sizes: list[dict[str, float]], help_s: float, sample_s: float,
          results: dict[str, dict]) -> str:
    lines = [f"{'partnerships':>12} {'records':>8} {'load s':>7} {'check s':>7} "
             f"{'report s':>8} {'total s':>7} {'floor s':>7} {'ratio':>6} {'us/rec':>7} "
             f"{'RSS MB':>7} {'CPU s':>6} {'floor CPU':>9} {'CPU ratio':>9}"]
    for s in sizes:
        lines.append(f"{s['partnerships']:>12} {s['records']:>8} {s['load_s']:>7.2f} "
                     f"{s['check_s']:>7.2f} {s['report_s']:>8.2f} {s['pipeline_s']:>7.2f} "
                     f"{s['floor_s']:>7.2f} {s['ratio']:>6.2f} {s['us_per_record']:>7.1f} "
                     f"{s['peak_rss_mb']:>7.1f} {s['pipeline_cpu_s']:>6.2f} "
                     f"{s['floor_cpu_s']:>9.2f} {s['cpu_ratio']:>9.2f}")
    lines.append("(seconds are wall clock; CPU s is user + system time of the children, "
                 "steadier on a shared machine)")
    lines += ["", f"csp-audit --help (median): {help_s:.3f} s",
              f"sample audit, sefton to HTML+JSON (median): {sample_s:.3f} s", ""]
    for name, verdict in results.items():
        mark = "met" if verdict["met"] else "NOT MET"
        lines.append(f"  {mark:>7}  {name}: {verdict['value']} {verdict['unit']} "
                     f"(target {verdict['target']})")
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
        sizes = [scale(workbooks[:cut], options.year, scratch) for cut in cuts]
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
