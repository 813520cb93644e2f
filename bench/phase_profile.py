"""Shared by the batch benches: run `codegrader batch` timed, and print where its time went, phase by phase.

`run_timed` runs a command under /usr/bin/time -v and samples the host process's own CPU time (/proc/PID/stat of the
`dotnet ... codegrader.dll` or published `codegrader` process, its children excluded) while it runs. `profile` reads the batch's own outputs:
exercises.jsonl (each exercise's preparation) and results.jsonl (`timings` of each submission's report).

The phases, summed over exercises or submissions, each with its share of their sum (they overlap in time):
  preparation        exercises.jsonl prepare_ms (load, compile checks, the reference's run or the disk cache)
  worker start       worker_start_ms: asking for a worker until it is ready (forked from the zygote, or spawned with
                     its own CPython while the zygote starts), sandbox included; beside it the median of the reports'
                     worker starts and an unconfined worker's median start (spawn to ready), for comparison
  load               load_ms: compiling and importing the submission
  tests              tests_ms: the tests, host clock
  host share         the host process's own CPU time (start-up, spawning, encoding, judging, writing), measured apart
Beside them, from results.jsonl's growth while the batch runs: the time to its first report (the runtime's start, the
sandbox probe, the first preparation and the first worker) and from its last report to the exit (the batch's documents
written from results.jsonl, the workers and the zygote ended): what a batch pays once, whatever its size.
"""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def same_python(python: str) -> str:
    """Points codegrader's workers at the CPython a baseline runs (`python`): CODEGRADER_LIBPYTHON, unless set, names
    its shared library (Debian's, whose static twin the linked worker has in it). Otherwise codegrader takes the python3
    first on PATH, which may be another build (a pyenv 3.11.7 ran the candidates' code 25% slower than Debian's
    /usr/bin/python3 on the machine measured). Returns what the workers run, to print."""
    if not os.environ.get("CODEGRADER_LIBPYTHON"):
        found = subprocess.run([python, "-c", "import os, sysconfig; v = sysconfig.get_config_var; "
                                "print(os.path.join(v('LIBDIR') or '', v('INSTSONAME') or ''))"],
                               capture_output=True, text=True).stdout.strip()
        if found and os.path.isfile(found):
            os.environ["CODEGRADER_LIBPYTHON"] = found
    return os.environ.get("CODEGRADER_LIBPYTHON") or "python3 on PATH (codegrader's own search)"


@dataclass
class Timed:
    returncode: int
    wall_s: float
    cpu_s: float | None        # user + system of the whole tree (/usr/bin/time)
    peak_rss_mib: float | None  # the largest single process (/usr/bin/time)
    host_cpu_s: float | None    # the dotnet host process alone
    first_result_s: float | None = None  # from the start to the first report in results.jsonl (`watch`), to ~20 ms
    last_result_s: float | None = None   # from the start to the last one


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _host_cpu(root: int) -> float | None:
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            # `dotnet .../codegrader.dll`, or the published host's own executable (what ./codegrader runs)
            if any(a.endswith(b"codegrader.dll") for a in argv[:2]) or argv[0].endswith(b"/artifacts/cli/codegrader"):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
        except OSError:
            pass
        stack.extend(_children(pid))
    return None


def run_timed(command: list[str], stdout=None, stderr=None, env: dict[str, str] | None = None, watch: Path | None = None) -> Timed:
    """`watch`: the batch's results.jsonl, whose growth gives the times of the first and the last report."""
    timing = Path(f"/tmp/codegrader-bench-time-{os.getpid()}.txt")
    start = time.perf_counter()
    process = subprocess.Popen(["/usr/bin/time", "-v", "-o", str(timing), *command], stdout=stdout, stderr=stderr, env=env)
    host = None
    size, first, last = 0, None, None
    while process.poll() is None:
        sample = _host_cpu(process.pid)
        host = sample if sample is not None else host
        if watch is not None:
            grown = watch.stat().st_size if watch.exists() else 0
            if grown > size:
                size, last = grown, time.perf_counter() - start
                first = last if first is None else first
        time.sleep(0.02)
    wall = time.perf_counter() - start
    text = timing.read_text() if timing.exists() else ""
    timing.unlink(missing_ok=True)

    def field(name: str) -> float | None:
        m = re.search(rf"{re.escape(name)}: ([0-9.]+)", text)
        return float(m.group(1)) if m else None

    user, system, rss = field("User time (seconds)"), field("System time (seconds)"), field("Maximum resident set size (kbytes)")
    return Timed(process.returncode, wall, None if user is None or system is None else user + system,
                 None if rss is None else rss / 1024, host, first, last)


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def median_start_ms(out: Path) -> float | None:
    starts = [r["timings"]["worker_start_ms"] for r in _lines(out / "results.jsonl") if "worker_start_ms" in r.get("timings", {})]
    return statistics.median(starts) if starts else None


def profile(out: Path, timed: Timed, jobs: int, unconfined_start_ms: float | None) -> list[tuple[str, str]]:
    """Rows (phase, figure) for the batch whose outputs are in `out`: each phase's summed duration, per item, and its share
    of the phases' sum (the phases overlap in time: exercises are prepared while submissions are graded, J of each at once)."""
    exercises = _lines(out / "exercises.jsonl")
    results = _lines(out / "results.jsonl")
    n = len(results)

    def total(key: str) -> float:
        return sum(r.get("timings", {}).get(key, 0.0) or 0.0 for r in results)

    prepare = sum(e["prepare_ms"] for e in exercises)
    start = total("worker_start_ms")
    load, tests = total("load_ms"), total("tests_ms")
    host = None if timed.host_cpu_s is None else timed.host_cpu_s * 1000
    phases = [prepare, start, load, tests, host or 0.0]
    whole = sum(phases) or 1.0
    starts = [r["timings"]["worker_start_ms"] for r in results if "worker_start_ms" in r.get("timings", {})]
    compare = f"; median {statistics.median(starts):.1f} ms" if starts else ""
    if unconfined_start_ms is not None:
        compare += f", an unconfined worker spawned afresh {unconfined_start_ms:.1f} ms"

    def row(name: str, ms: float | None, per: int, unit: str) -> tuple[str, str]:
        if ms is None:
            return (name, "n/a")
        each = f", {ms / per:.1f} ms per {unit}" if per else ""
        return (name, f"{ms / 1000:7.2f} s  {100 * ms / whole:5.1f}%{each}")

    cached = sum(1 for e in exercises if e.get("from_disk_cache"))
    start_name, start_figure = row("worker start (to ready, sandbox included)", start, n, "submission")
    ends = []
    if timed.first_result_s is not None and timed.last_result_s is not None:
        ends = [("start to the first report", f"{timed.first_result_s:7.2f} s  (runtime, sandbox probe, first preparation, first worker)"),
                ("last report to exit", f"{timed.wall_s - timed.last_result_s:7.2f} s  (report.json, junit.xml, results.csv, summary; workers ended)")]
    return [
        ("wall", f"{timed.wall_s:7.2f} s  (--jobs {jobs}: {timed.wall_s * jobs:.2f} s of slot time)"),
        *ends,
        row(f"preparation ({len(exercises)} exercises, {cached} from the disk cache)", prepare, len(exercises), "exercise"),
        (start_name, start_figure + compare),
        row("load (compile + import the submission)", load, n, "submission"),
        row("tests (host clock)", tests, n, "submission"),
        row("host share (the host process's own CPU)", host, n, "submission"),
        ("whole tree CPU", "n/a" if timed.cpu_s is None else f"{timed.cpu_s:7.2f} s"),
        ("host peak RSS", "n/a" if timed.peak_rss_mib is None else f"{timed.peak_rss_mib:7.1f} MiB"),
    ]


def print_rows(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(name) for name, _ in rows)
    for name, figure in rows:
        print(f"  {name:<{width}}  {figure}")
