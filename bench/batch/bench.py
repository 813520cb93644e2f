#!/usr/bin/env python3
"""The batch benchmark: `codegrader batch` against one `python3 -m pytest` run per submission.

Run it through bench/batch/run.sh (which installs the OS packages it needs first):

    bash bench/batch/run.sh [N] [--jobs J] [--baseline-sample S] [--seed SEED] [--mix correct=75,...]

Steps: generate N submissions (generate.py) -> run the pytest baseline on an evenly spaced sample
(baseline.py) -> run `./codegrader batch` on all N under /usr/bin/time -v -> fork a bare child per submission
(floor.py: what any fork-per-submission grader reaches here) -> print one table.
Progress goes to stderr; the table goes to stdout and to bench/out/summary.json, so two runs (two
commits) can be compared line by line. Targets are printed beside the figures, never asserted.
Exit code 0 when both sides ran, 1 when `codegrader batch` failed or produced no results.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import baseline as baseline_mod
import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import phase_profile  # noqa: E402  (bench/phase_profile.py, shared with bench/many)

REPO = Path(__file__).resolve().parents[2]
OUT = Path("bench/out")                  # relative to REPO; git-ignored
EXERCISE = Path("bench/batch/exercise")  # relative to REPO
CODEGRADER = os.environ.get("CODEGRADER", "./codegrader")  # another build to measure, if set


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Reading bench/out/report/results.jsonl. The batch command's format is not final: every field
# this benchmark reads is named here, once, and anything missing reads as None ("n/a").
# ---------------------------------------------------------------------------------------------

FIELDS = {
    # per line (one graded submission)
    "submission": ("submission",),         # path of the graded file (matched by its file name)
    "verdict": ("verdict",),               # accepted, wrong_answer, ... (codegrader/report@1)
    "tests": ("tests",),                   # list, one object per test (codegrader/report@1)
    "start_ms": ("timings", "worker_start_ms"),  # worker start-to-ready, ms (sandbox included)
    "load_ms": ("timings", "load_ms"),     # compile and import of the submission, ms
    "test_timings": ("tests",),            # list, one object per test run (the same list as "tests")
    # per item of "tests"
    "status": ("status",),                 # passed, failed, error, timeout, ...
    # per item of "test_timings" (milliseconds in report@1, turned into us below)
    "host_ms": ("time_ms",),               # host clock around one test request
    "call_ms": ("call_ms",),               # the worker's own time inside the call
}


def get(obj, name: str):
    """The value at FIELDS[name] inside obj, or None when any step is missing."""
    for key in FIELDS[name]:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def us(ms: float | None) -> float | None:
    return None if ms is None else ms * 1000.0


def number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass
class Graded:
    file: str | None
    verdict: str | None
    statuses: list[str]
    start_ms: float | None
    load_ms: float | None
    host_us: list[float]
    call_us: list[float]
    overhead_us: list[float]  # host_us - call_us, per test where both are present


def parse_line(line: dict) -> Graded:
    submission, verdict = get(line, "submission"), get(line, "verdict")
    tests, timings = get(line, "tests"), get(line, "test_timings")
    tests = tests if isinstance(tests, list) else []
    timings = timings if isinstance(timings, list) else []
    pairs = [(us(number(get(t, "host_ms"))), us(number(get(t, "call_ms"))))
             for t in timings if get(t, "status") != "not_run"]
    return Graded(
        file=Path(submission).name if isinstance(submission, str) else None,
        verdict=verdict if isinstance(verdict, str) else None,
        statuses=[s for s in (get(t, "status") for t in tests) if isinstance(s, str)],
        start_ms=number(get(line, "start_ms")),
        load_ms=number(get(line, "load_ms")),
        host_us=[h for h, _ in pairs if h is not None],
        call_us=[c for _, c in pairs if c is not None],
        overhead_us=[h - c for h, c in pairs if h is not None and c is not None],
    )


def read_results(path: Path) -> tuple[list[Graded], int]:
    """Every parseable line of results.jsonl, and how many lines were not JSON objects."""
    graded, bad = [], 0
    for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except ValueError:
            line = None
        if isinstance(line, dict):
            graded.append(parse_line(line))
        else:
            bad += 1
    return graded, bad


# ---------------------------------------------------------------------------------------------
# Running `codegrader batch`.
# ---------------------------------------------------------------------------------------------

@dataclass
class CodegraderRun:
    exit_code: int | None = None
    wall_s: float | None = None
    max_rss_kb: float | None = None
    cpu_s: float | None = None
    timed: phase_profile.Timed | None = None
    results: list[Graded] = field(default_factory=list)
    bad_lines: int = 0
    error: str | None = None  # why there are no results
    libpython: str | None = None  # what codegrader's workers run (phase_profile.same_python)


def tail(path: Path, lines: int = 8) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines() if path.exists() else []
    return "\n".join("    " + line for line in text[-lines:])


def run_codegrader(jobs: int) -> CodegraderRun:
    run = CodegraderRun()
    # Untimed: the first ./codegrader call builds the host and the worker (about a minute).
    log(f"building codegrader ({CODEGRADER} --help; quick when up to date)")
    build = subprocess.run([CODEGRADER, "--help"], cwd=REPO, capture_output=True, text=True)
    if build.returncode != 0:
        run.error = f"{CODEGRADER} --help failed (exit {build.returncode}):\n" + "\n".join(
            "    " + line for line in (build.stdout + build.stderr).strip().splitlines()[-8:])
        return run

    report = REPO / OUT / "report"
    shutil.rmtree(report, ignore_errors=True)  # never read a previous run's results
    run.libpython = phase_profile.same_python(baseline_mod.PYTHON)  # the CPython pytest runs on
    command = [CODEGRADER, "batch", str(EXERCISE), str(OUT / "submissions"),
               "--jobs", str(jobs), "--out", str(OUT / "report")]
    log("running " + " ".join(command))
    with open(REPO / OUT / "codegrader.stdout", "wb") as stdout, open(REPO / OUT / "codegrader.stderr", "wb") as stderr:
        # /usr/bin/time -v around it, and the host process's own CPU sampled from /proc while it runs.
        run.timed = phase_profile.run_timed(command, stdout=stdout, stderr=stderr, watch=report / "results.jsonl")
    done = run.timed
    run.wall_s = run.timed.wall_s
    run.exit_code = done.returncode
    run.max_rss_kb = None if run.timed.peak_rss_mib is None else run.timed.peak_rss_mib * 1024
    run.cpu_s = run.timed.cpu_s

    # Any exit code will do as long as there are results (a batch with an internal_error may exit 3).
    results = report / "results.jsonl"
    if results.exists():
        run.results, run.bad_lines = read_results(results)
    if not run.results:
        stderr_text = (REPO / OUT / "codegrader.stderr").read_text(encoding="utf-8", errors="replace")
        hint = " (the batch command does not exist yet)" if "argument 'batch'" in stderr_text else ""
        what = "wrote no JSON objects to" if results.exists() else "did not write"
        run.error = (f"`codegrader batch` exited with {done.returncode} and {what} {OUT / 'report' / 'results.jsonl'}"
                     f"{hint}; the end of {OUT / 'codegrader.stderr'}:\n" + tail(REPO / OUT / "codegrader.stderr"))
    return run


# ---------------------------------------------------------------------------------------------
# Figures and the table.
# ---------------------------------------------------------------------------------------------

NA = "n/a"


def fmt(value: float | None, spec: str, unit: str = "") -> str:
    return NA if value is None else f"{value:{spec}}{unit}"


def median_p90(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def counts_text(counter: Counter) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items())) or NA


def row(label: str, *cells: str) -> str:
    return f"{label:<38}" + "".join(f"{cell:<24}" for cell in cells).rstrip()


def read_manifest() -> dict[str, tuple[str, str]]:
    lines = (REPO / OUT / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {file: (category, style) for file, category, style in (line.split("\t") for line in lines)}


def report(args, counts: dict[str, int], base: baseline_mod.Baseline | None, cg: CodegraderRun) -> dict:
    """Prints the table and returns the same figures for summary.json."""
    n, jobs = args.n, args.jobs
    manifest = read_manifest()
    by_file = {g.file: g for g in cg.results if g.file}
    ran = bool(cg.results)

    # Throughput and CPU, both sides.
    cg_wall = cg.wall_s if ran else None
    cg_rate = n / cg.wall_s if ran else None
    cg_cpu_ms = 1000 * cg.cpu_s / n if ran and cg.cpu_s is not None else None
    cg_rss_mib = cg.max_rss_kb / 1024 if ran and cg.max_rss_kb is not None else None
    sample = base.sample if base else []
    py_rate = len(sample) / base.wall_s if base else None
    py_cpu_ms = 1000 * base.cpu_s / len(sample) if base else None
    ratio = cg_rate / py_rate if cg_rate and py_rate else None

    # Time spent at limits, which no grader can avoid: timeouts x limit / jobs.
    cg_timeouts = sum(g.statuses.count("timeout") for g in cg.results) if ran else None
    py_timeouts = sum(r.outcome == "timeout" for r in sample) if base else None
    cg_floor = cg_timeouts * generate.TIME_LIMIT_S / jobs if ran else None
    py_floor = py_timeouts * baseline_mod.TIMEOUT_S / jobs if base else None
    finished = [r for r in sample if r.outcome != "timeout"]
    py_run_wall = median_p90([1000 * r.wall_s for r in finished])
    py_run_cpu = median_p90([1000 * r.cpu_s for r in finished])

    # The overhead split, from results.jsonl.
    start = median_p90([g.start_ms for g in cg.results if g.start_ms is not None])
    load = median_p90([g.load_ms for g in cg.results if g.load_ms is not None])
    host = median_p90([us for g in cg.results for us in g.host_us])
    call = median_p90([us for g in cg.results for us in g.call_us])
    overhead = median_p90([us for g in cg.results for us in g.overhead_us])

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    print(f"CodeGrader batch benchmark (commit {commit or NA}, {os.cpu_count()} CPUs, seed {args.seed})")
    print(f"Python: pytest runs {baseline_mod.PYTHON}, codegrader's workers {cg.libpython or NA}")
    print(row("submissions", f"{n}", "(" + ", ".join(f"{c} {k}" for c, k in counts.items()) + ")"))
    print(row("tests per submission", f"{len(generate.TESTS)}", f"(limit {generate.TIME_LIMIT_S} s per test)"))
    print(row("jobs", f"{jobs}"))
    print()
    print(row("", "codegrader batch", "pytest per submission", "target"))
    print(row("exit code", fmt(cg.exit_code, "d")))
    print(row("submissions run", f"{len(cg.results)}" if ran else NA, f"{len(sample)} (sample)" if base else NA))
    print(row("wall", fmt(cg_wall, ".2f", " s"), fmt(base and base.wall_s, ".2f", " s"), "<= 10 s at 1,000"))
    print(row("submissions/s", fmt(cg_rate, ".1f"), fmt(py_rate, ".2f")))
    print(row("ratio (codegrader / pytest)", fmt(ratio, ".1f", "x"), "", ">= 15x"))
    print(row("CPU per submission", fmt(cg_cpu_ms, ".1f", " ms"), fmt(py_cpu_ms, ".1f", " ms")))
    print(row("host peak RSS (largest process)", fmt(cg_rss_mib, ".1f", " MiB"), "", "<= 300 MiB at 10,000"))
    print(row("timed out", f"{cg_timeouts} tests" if ran else NA, f"{py_timeouts} runs" if base else NA))
    print(row("timeout floor (count x limit / jobs)", fmt(cg_floor, ".1f", " s"), fmt(py_floor, ".1f", " s")))
    print(row("median run not timed out (p90)", "",
              f"{fmt(py_run_wall[0], '.0f')} ({fmt(py_run_wall[1], '.0f')}) ms wall" if base else NA))
    print(row("", "", f"{fmt(py_run_cpu[0], '.0f')} ({fmt(py_run_cpu[1], '.0f')}) ms CPU" if base else ""))
    if base and len(sample) < n:
        print(f"  pytest: measured on {len(sample)} of the {n} submissions (evenly spaced), rate extrapolated")
    broken = sum(r.outcome not in ("passed", "failed", "timeout") for r in sample)
    if broken:
        print(f"  pytest: {broken} runs ended neither passed, failed nor timed out (see {OUT}/baseline/results.jsonl)")
    print()
    print("per-submission overhead (codegrader, results.jsonl)    median / p90")
    print(row("  sandbox start (start_ms)", f"{fmt(start[0], '.2f')} / {fmt(start[1], '.2f')} ms"))
    print(row("  compile and import (load_ms)", f"{fmt(load[0], '.2f')} / {fmt(load[1], '.2f')} ms"))
    print(row("  per-test round trip (host_us)", f"{fmt(host[0], '.0f')} / {fmt(host[1], '.0f')} us"))
    print(row("  per-test in the call (call_us)", f"{fmt(call[0], '.0f')} / {fmt(call[1], '.0f')} us"))
    print(row("  per-test overhead (host - call)", f"{fmt(overhead[0], '.0f')} / {fmt(overhead[1], '.0f')} us"))
    print()

    agreement = verdicts_section(manifest, by_file, base)
    if cg.bad_lines:
        print(f"results.jsonl: {cg.bad_lines} lines were not JSON objects")
    if ran and len(cg.results) != n:
        print(f"results.jsonl: {len(cg.results)} results for {n} submissions")

    return {
        "commit": commit, "cpus": os.cpu_count(), "seed": args.seed, "n": n, "jobs": jobs, "mix": counts,
        "codegrader": {"exit_code": cg.exit_code, "wall_s": cg_wall, "subs_per_s": cg_rate,
                       "cpu_ms_per_sub": cg_cpu_ms, "max_rss_mib": cg_rss_mib, "timed_out_tests": cg_timeouts,
                       "timeout_floor_s": cg_floor, "start_ms": start, "load_ms": load, "host_us": host,
                       "call_us": call, "overhead_us": overhead, "error": cg.error},
        "pytest": {"sample": len(sample), "wall_s": base and base.wall_s, "subs_per_s": py_rate,
                   "cpu_ms_per_sub": py_cpu_ms, "timed_out_runs": py_timeouts, "timeout_floor_s": py_floor,
                   "run_wall_ms": py_run_wall, "run_cpu_ms": py_run_cpu},
        "ratio": ratio, "agreement": agreement,
    }


def verdicts_section(manifest, by_file, base) -> dict:
    """Verdict counts per generator category, and codegrader vs pytest on the baseline's sample."""
    categories = list(generate.MIX)
    py_by_file = {r.submission: r.outcome for r in base.sample} if base else {}
    print("verdicts by generator category (codegrader: all; pytest: sample)")
    for category in categories:
        files = [f for f, (c, _) in manifest.items() if c == category]
        cg_counts = Counter(by_file[f].verdict or NA for f in files if f in by_file)
        py_counts = Counter(py_by_file[f] for f in files if f in py_by_file)
        print(row(f"  {category}", f"codegrader: {counts_text(cg_counts)}"))
        print(row("", f"pytest: {counts_text(py_counts)}"))

    compared = [f for f in sorted(py_by_file) if f in by_file and by_file[f].verdict]
    disagree = [f for f in compared if (by_file[f].verdict == "accepted") != (py_by_file[f] == "passed")]
    print(row("accepted vs all pytest tests passed", f"{len(compared) - len(disagree)} of {len(compared)} agree"
              if compared else NA))
    for f in disagree:
        category, style = manifest.get(f, (NA, NA))
        print(f"  disagree: {f} ({category}/{style}): codegrader {by_file[f].verdict}, pytest {py_by_file[f]}")
    return {"compared": len(compared), "disagree": disagree}


def run_floor(jobs: int) -> dict | None:
    """bench/batch/floor.py on every submission: one bare fork per submission, no sandbox, host or protocol."""
    log(f"floor: {baseline_mod.PYTHON} forking one bare child per submission, {jobs} at a time")
    done = subprocess.run([baseline_mod.PYTHON, "-B", str(Path(__file__).resolve().parent / "floor.py"),
                           str(OUT / "submissions"), str(jobs)], cwd=REPO, capture_output=True, text=True)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None
    except (ValueError, IndexError):
        return None


def floor_section(floor: dict | None, cg_rate: float | None, cg_cpu_ms: float | None, py_rate: float | None) -> dict | None:
    """What a grader that forks a bare child per submission reaches on this machine, beside codegrader and pytest."""
    if not floor or not floor.get("n"):
        print("floor: bench/batch/floor.py did not run")
        return None
    rate, cpu_ms = floor["n"] / floor["wall_s"], 1000 * floor["cpu_s"] / floor["n"]
    print(f"floor: {baseline_mod.PYTHON} forking one bare child per submission (no sandbox, no host, no protocol;"
          " bench/batch/floor.py)")
    print(row("  submissions/s", fmt(rate, ".1f"), f"{fmt(rate / py_rate if py_rate else None, '.1f', 'x')} pytest:"
              " the most a fork-per-submission grader shows here"))
    print(row("  CPU per submission", fmt(cpu_ms, ".1f", " ms"), f"{floor['passed']} of {floor['n']} passed every test"))
    print(row("  codegrader against the floor", f"{fmt(cg_rate / rate if cg_rate else None, '.2f', 'x')} its rate",
              f"{fmt(cg_cpu_ms / cpu_ms if cg_cpu_ms else None, '.2f', 'x')} its CPU per submission"))
    print()
    return {"subs_per_s": rate, "cpu_ms_per_sub": cpu_ms, "passed": floor["passed"]}


def unconfined_start_ms(jobs: int, size: int = 40) -> float | None:
    """The median start of an unconfined worker (--no-sandbox) over `size` correct submissions: the interpreter's own start."""
    sample = REPO / OUT / "unconfined-submissions"
    shutil.rmtree(sample, ignore_errors=True)
    sample.mkdir(parents=True)
    rows = [line.split("\t") for line in (REPO / OUT / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    for name, *_ in [r for r in rows if len(r) > 1 and r[1] == "correct"][:size]:
        shutil.copy(REPO / OUT / "submissions" / name, sample / name)
    out = REPO / OUT / "unconfined-report"
    shutil.rmtree(out, ignore_errors=True)
    log(f"unconfined sample ({size} correct submissions, --no-sandbox) for the interpreter's own start")
    subprocess.run([CODEGRADER, "batch", str(EXERCISE), str(sample), "--jobs", str(jobs), "--out", str(out), "--no-sandbox"],
                   cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return phase_profile.median_start_ms(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=1000, help="submissions to generate and grade (default 1000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel jobs on both sides (default: nproc)")
    parser.add_argument("--baseline-sample", type=int, default=None,
                        help="submissions the pytest baseline runs (default min(N, 200); 0 skips it)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--mix", type=generate.parse_mix, default=generate.MIX,
                        help="percent per category (default correct=75,wrong=12,raising=8,slow=4,loop=1)")
    args = parser.parse_args()
    if args.n < 1 or args.jobs < 1:
        parser.error("N and --jobs must be positive")
    sample = min(args.n, 200) if args.baseline_sample is None else min(args.n, args.baseline_sample)
    os.chdir(REPO)

    generate.check_exercise_yaml()
    counts = generate.generate(args.n, OUT, args.seed, args.mix)
    log(f"generated {args.n} submissions in {OUT / 'submissions'}")

    base = None
    if sample > 0:
        log(f"pytest baseline: {sample} submissions, {args.jobs} at a time (about {sample * 0.15 / args.jobs:.0f} s "
            "plus 10 s per looping submission)")
        base = baseline_mod.run_baseline(OUT, args.jobs, sample)

    cg = run_codegrader(args.jobs)
    floor = run_floor(args.jobs)
    summary = report(args, counts, base, cg)
    c = summary["codegrader"]
    summary["floor"] = floor_section(floor, c["subs_per_s"], c["cpu_ms_per_sub"], summary["pytest"]["subs_per_s"])
    if cg.timed is not None:
        interpreter_ms = unconfined_start_ms(args.jobs)
        rows = phase_profile.profile(REPO / OUT / "report", cg.timed, args.jobs, interpreter_ms)
        phase_profile.print_rows("Profile (bench/phase_profile.py)", rows)
        summary["profile"] = rows
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if cg.error:
        print(f"\nbench: FAILED: {cg.error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
