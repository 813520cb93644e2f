#!/usr/bin/env python3
"""The baseline a teacher's CI would use: one `python3 -m pytest` run per submission, under `timeout`.

    python3 -B bench/batch/baseline.py bench/out [--jobs 2] [--sample 200]

Runs, for each submission of a deterministic sample, with J runs at a time:

    SUBMISSION=<sub> timeout -k 1 10 /usr/bin/python3 -m pytest -q -p no:cacheprovider test_palindrome.py

in <out>/baseline (written by generate.py), and measures the wall time of the whole sample and the
CPU time of all the runs (getrusage of the children, so pytest's own start-up counts). Each run's
outcome goes to <out>/baseline/results.jsonl. Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

PYTHON = "/usr/bin/python3"  # Debian's python3, where python3-pytest installs pytest
TIMEOUT_S = 10               # for the whole pytest run of one submission

# pytest's exit codes, and timeout's (124: timed out, 137: killed after the grace period).
OUTCOMES = {0: "passed", 1: "failed", 2: "interrupted", 3: "internal_error", 4: "usage_error",
            5: "no_tests", 124: "timeout", 137: "timeout"}


@dataclass
class Run:
    submission: str  # file name, e.g. sub-00001.py
    exit_code: int
    outcome: str     # "passed" means every pytest test passed
    wall_s: float
    cpu_s: float     # user + system, pytest included


@dataclass
class Baseline:
    sample: list[Run]
    jobs: int
    wall_s: float
    cpu_user_s: float
    cpu_sys_s: float

    @property
    def cpu_s(self) -> float:
        return self.cpu_user_s + self.cpu_sys_s


def sample_of(files: list[Path], size: int) -> list[Path]:
    """`size` files spread evenly over the sorted list (every file when size >= len(files))."""
    files = sorted(files)
    if size >= len(files):
        return files
    return [files[i * len(files) // size] for i in range(size)]


def command(test_file: Path) -> list[str]:
    return ["timeout", "-k", "1", str(TIMEOUT_S), PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            str(test_file)]


def run_one(submission: Path, test_file: Path) -> Run:
    env = dict(os.environ, SUBMISSION=str(submission.resolve()), PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    process = subprocess.Popen(command(Path(test_file.name)), cwd=test_file.parent, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # wait4 rather than wait: the rusage of this one run (timeout, and pytest which it waited for).
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if code < 0:  # killed by a signal before timeout could report it
        code = 128 - code
    return Run(submission.name, code, OUTCOMES.get(code, "error"), wall, usage.ru_utime + usage.ru_stime)


def run_baseline(out: Path, jobs: int, sample_size: int) -> Baseline:
    test_file = out / "baseline" / "test_palindrome.py"
    sample = sample_of(list((out / "submissions").glob("*.py")), sample_size)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = list(pool.map(lambda s: run_one(s, test_file), sample))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    with open(out / "baseline" / "results.jsonl", "w", encoding="utf-8") as f:
        for run in runs:
            f.write(json.dumps(asdict(run)) + "\n")
    return Baseline(runs, jobs, wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="?", default=Path("bench/out"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    b = run_baseline(args.out, args.jobs, args.sample)
    n = len(b.sample)
    finished = [r for r in b.sample if r.outcome != "timeout"] or b.sample
    print(f"pytest per submission: {n} submissions, {args.jobs} jobs, {b.wall_s:.2f} s wall, "
          f"{n / b.wall_s:.2f} subs/s, {1000 * b.cpu_s / n:.1f} ms CPU per submission; "
          f"{n - len(finished)} timed out; median of the others: "
          f"{1000 * median(r.wall_s for r in finished):.0f} ms wall, {1000 * median(r.cpu_s for r in finished):.0f} ms CPU")


if __name__ == "__main__":
    main()
