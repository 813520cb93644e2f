#!/usr/bin/env python3
"""The baseline for the many-exercises bench, in the style of openai/human-eval's harness (written for this bench):

for each problem, a forked process execs the submission and the problem's `check(candidate)` (one `assert` per input,
expected values as literals), then calls `check(entry)`; the problem passes when that returns within the time-out.
J problems at a time (a thread pool, each thread waiting on its own process), no sandbox, no per-input report: the
first failing assert ends the problem.

    python3 bench/many/baseline.py OUT [--jobs J] [--timeout 3]

Prints one JSON object: {"wall_s", "passed", "failed", "timed_out", "problems"}.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _run(program: str, entry: str, result) -> None:
    try:
        namespace: dict = {}
        with open(os.devnull, "w") as sink:
            sys.stdout = sys.stderr = sink
            exec(compile(program, "problem", "exec"), namespace)
            namespace["check"](namespace[entry])
        result.value = 1
    except BaseException:  # noqa: BLE001 - any failure of the candidate is a failure
        result.value = 2


def check_one(out: Path, problem: dict, timeout: float) -> str:
    program = (out / "submissions" / f"{problem['id']}.py").read_text() + "\n\n" + (out / "tests" / f"{problem['id']}.py").read_text()
    context = multiprocessing.get_context("fork")
    result = context.Value("i", 0)
    process = context.Process(target=_run, args=(program, problem["entry"], result))
    process.start()
    process.join(timeout)
    # The child's own word first: with two threads starting processes, multiprocessing's clean-up in one thread's
    # start() can reap the other thread's finished child under it, and is_alive() then says True for a process that
    # ended in time (it showed as a problem "timed out" after well under a second, now and then, at --jobs 2).
    if result.value == 0 and process.is_alive():
        process.kill()
        process.join()
        return "timed_out"
    process.join()
    return "passed" if result.value == 1 else "failed"


def run(out: Path, jobs: int, timeout: float = 3.0) -> dict:
    problems = json.loads((out / "problems.json").read_text())
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(lambda p: check_one(out, p, timeout), problems))
    wall = time.perf_counter() - start
    return {
        "wall_s": wall,
        "problems": len(problems),
        "passed": outcomes.count("passed"),
        "failed": outcomes.count("failed"),
        "timed_out": outcomes.count("timed_out"),
        "outcomes": dict(zip((p["id"] for p in problems), outcomes)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=3.0)
    a = parser.parse_args()
    summary = run(a.out, a.jobs, a.timeout)
    summary.pop("outcomes")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
