#!/usr/bin/env python3
"""The floor of any fork-per-submission grader on this machine: /usr/bin/python3 forks one bare child per submission.

Run by bench.py (or alone: python3 bench/batch/floor.py SUBMISSIONS_DIR JOBS). The parent imports what codegrader's
zygote imports ahead (src/CodeGrader.Worker/ForkServer/PreloadedModules.cs) and compiles the 20 test calls once; each
child execs one submission and calls every test, checking each answer against the table's expected value, then
exits with _exit. No sandbox, no host process, no protocol, no timing per test, no report: what is left is the
submission's own work, a fork and an exit. Prints one JSON line: {"n", "jobs", "wall_s", "cpu_s", "passed"}.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the tests table)

PRELOADED = ["array", "bisect", "collections", "collections.abc", "copy", "dataclasses", "datetime", "decimal", "enum",
             "fractions", "functools", "heapq", "itertools", "json", "math", "numbers", "operator", "random", "re",
             "statistics", "string", "typing", "unicodedata"]


def child(path: Path, calls) -> int:
    """In the forked child: 0 when every test passes, 1 otherwise."""
    namespace = {"__name__": "solution"}
    try:
        exec(compile(path.read_bytes(), str(path), "exec"), namespace)
        function = namespace["is_palindrome"]
    except BaseException:  # noqa: BLE001 (a submission may raise anything)
        return 1
    ok = True
    for test, arguments in calls:
        try:
            value = function(eval(arguments, {}))
            ok = ok and test.raises is None and value == test.expect
        except BaseException as error:  # noqa: BLE001
            ok = ok and test.raises is not None and type(error).__name__ == test.raises
    return 0 if ok else 1


def main() -> int:
    folder, jobs = Path(sys.argv[1]), int(sys.argv[2])
    for name in PRELOADED:
        __import__(name)
    calls = [(test, compile(test.arg, "<test>", "eval")) for test in generate.TESTS]
    submissions = sorted(folder.glob("*.py"))
    running: set[int] = set()
    passed = 0
    start = time.perf_counter()

    def reap() -> None:
        nonlocal passed
        pid, status = os.wait()
        running.discard(pid)
        passed += os.waitstatus_to_exitcode(status) == 0

    for path in submissions:
        while len(running) >= jobs:
            reap()
        pid = os.fork()
        if pid == 0:
            os._exit(child(path, calls))
        running.add(pid)
    while running:
        reap()
    wall = time.perf_counter() - start
    times = os.times()
    print(json.dumps({"n": len(submissions), "jobs": jobs, "wall_s": wall,
                      "cpu_s": times.user + times.system + times.children_user + times.children_system, "passed": passed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
