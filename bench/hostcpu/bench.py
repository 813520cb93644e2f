#!/usr/bin/env python3
"""The host's own CPU per submission in `codegrader batch`, two builds side by side (issue 14).

    python3 bench/hostcpu/bench.py [--rounds 3] [--baseline DIR] [--variant NAME:VAR=VALUE,...] [--jobs 2]
                                   [--shapes many-warm,many-cold,batch,plus-warm]
                                   [--batch 1000]

DIR is another checkout of CodeGrader, already built (`DIR/codegrader --help` once); without it only this checkout
runs; each --variant runs this checkout again with environment variables of its own (a runtime setting to try).
Each round runs every shape once with each build, in turn (the order reversed every other round), so the machine's
load lands on all alike. Each run is `dotnet
artifacts/cli/codegrader.dll batch ...` started directly (no wrapper script), and measured exactly at its exit: the
host's own CPU (utime + stime of the dotnet process, every thread, its children excluded) read from /proc while it is
a zombie, then the whole tree's CPU and the host's peak RSS from wait4's rusage.

Shapes (inputs generated under bench/out/hostcpu/, git-ignored):
  many-warm  bench/many's work, --inputs base: 164 exercises, one submission each; expected values from a disk cache
             filled by an untimed run first
  many-cold  the same with the cache folder emptied before each run (every reference runs)
  plus-warm  bench/many's work, --inputs plus (HumanEval+ shape: about 98,000 inputs), expected values from a disk cache
  batch      bench/batch's exercise, --batch submissions (1,000), --mix correct=80,wrong=12,raising=8 (no time-outs)

Prints, per shape and build, the median (min-max) of wall, host CPU, host CPU per submission and the tree's CPU, and
the ratio of each to the baseline's median. Also writes bench/out/hostcpu/summary.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / "bench" / "out" / "hostcpu"
TICK = os.sysconf("SC_CLK_TCK")
sys.path.insert(0, str(HERE.parent / "many"))
import generate as many_generate  # noqa: E402  (bench/many/generate.py)

BATCH_MIX = "correct=80,wrong=12,raising=8"


@dataclass
class Run:
    wall_s: float
    host_cpu_s: float
    tree_cpu_s: float
    peak_rss_mib: float
    returncode: int


def log(message: str) -> None:
    print(f"hostcpu: {message}", file=sys.stderr, flush=True)


def measured(command: list[str], stderr_path: Path, env: dict[str, str]) -> Run:
    """Runs the command, reads the process's own CPU from /proc while it is a zombie, then reaps it."""
    with open(stderr_path, "w") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        wall = time.perf_counter() - start
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        host = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime: every thread, no children
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, host, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


class Build:
    def __init__(self, name: str, root: Path, env: dict[str, str] | None = None):
        self.name = name
        self.root = root
        self.env = dict(os.environ, **(env or {}))
        self.dll = root / "artifacts" / "cli" / "codegrader.dll"
        subprocess.run([str(root / "codegrader"), "--help"], stdout=subprocess.DEVNULL, check=True)  # builds it, untimed

    def batch(self, shape: str, args: list[str], jobs: int) -> Run:
        args = [a.replace("{build}", self.name) for a in args]  # a disk cache per build: its key names the worker binary
        out = OUT / "runs" / f"{shape}-{self.name}"
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        command = ["dotnet", str(self.dll), "batch", *args, "--jobs", str(jobs), "--out", str(out)]
        return measured(command, out.parent / f"{shape}-{self.name}.stderr.txt", self.env)


def shapes(batch_n: int, wanted: list[str]) -> dict[str, tuple[list[str], int, Path | None]]:
    """shape -> (batch arguments but --out and --jobs, submissions, a cache folder to empty before each run or None)."""
    many = OUT / "many"
    problems = many_generate.generate(many, 164, "base", 20, 1)
    plus = OUT / "plus"
    plus_problems = many_generate.generate(plus, 164, "plus", 20, 1) if "plus-warm" in wanted else []
    batch = OUT / "batch"
    subprocess.run([sys.executable, "-B", str(HERE.parent / "batch" / "generate.py"), str(batch_n), "--out", str(batch), "--mix", BATCH_MIX],
                   stdout=subprocess.DEVNULL, check=True)
    manifest = str(many / "manifest.csv")
    return {
        "many-warm": (["-", manifest, "--cache-dir", str(OUT / "cache-warm-{build}")], len(problems), None),
        "many-cold": (["-", manifest, "--cache-dir", str(OUT / "cache-cold")], len(problems), OUT / "cache-cold"),
        "plus-warm": (["-", str(plus / "manifest.csv"), "--cache-dir", str(OUT / "cache-plus-{build}")], len(plus_problems), None),
        "batch": ([str(HERE.parent / "batch" / "exercise"), str(batch / "submissions"), "--no-cache"], batch_n, None),
    }


def summary(runs: list[Run], n: int) -> dict[str, str]:
    def fig(values: list[float], unit: str, scale: float = 1.0, digits: int = 2) -> str:
        v = [x * scale for x in values]
        return f"{statistics.median(v):.{digits}f} {unit} ({min(v):.{digits}f}-{max(v):.{digits}f})"
    return {
        "wall": fig([r.wall_s for r in runs], "s"),
        "host CPU": fig([r.host_cpu_s for r in runs], "s"),
        "host CPU per submission": fig([r.host_cpu_s / n for r in runs], "ms", 1000, 1),
        "tree CPU": fig([r.tree_cpu_s for r in runs], "s"),
        "host peak RSS": fig([r.peak_rss_mib for r in runs], "MiB", digits=0),
        "exit codes": ",".join(sorted({str(r.returncode) for r in runs})),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout of CodeGrader, built")
    parser.add_argument("--shapes", default="many-warm,many-cold,batch")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--variant", action="append", default=[], metavar="NAME:VAR=VALUE[,VAR=VALUE]",
                        help="also run this checkout with these environment variables (e.g. tiering-off:DOTNET_TieredCompilation=0)")
    parser.add_argument("--batch", type=int, default=1000, help="submissions in the batch shape (default 1000)")
    a = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    builds = [Build("this", REPO)]
    if a.baseline:
        builds.insert(0, Build("baseline", a.baseline.resolve()))
    for variant in a.variant:
        name, _, assignments = variant.partition(":")
        builds.append(Build(name, REPO, dict(kv.split("=", 1) for kv in assignments.split(",") if kv)))
    wanted = [s for s in a.shapes.split(",") if s]
    work = shapes(a.batch, wanted)
    for shape in wanted:
        if shape not in work:
            parser.error(f"unknown shape {shape!r}: one of {', '.join(work)}")
    for shape in ("many-warm", "plus-warm"):
        if shape in wanted:
            log(f"filling the {shape} caches (untimed)")
            for build in builds:
                build.batch("fill", work[shape][0], a.jobs)
    results: dict[str, dict[str, list[Run]]] = {s: {b.name: [] for b in builds} for s in wanted}
    for round_ in range(a.rounds):
        order = builds if round_ % 2 == 0 else builds[::-1]
        for shape in wanted:
            args, n, empty = work[shape]
            for build in order:
                if empty is not None and empty.exists():
                    shutil.rmtree(empty)
                run = build.batch(shape, args, a.jobs)
                results[shape][build.name].append(run)
                log(f"round {round_ + 1} {shape} {build.name}: wall {run.wall_s:.2f} s, host CPU {run.host_cpu_s:.2f} s, "
                    f"tree CPU {run.tree_cpu_s:.2f} s, exit {run.returncode}, load {os.getloadavg()[0]:.1f}")

    table: dict[str, dict] = {}
    for shape in wanted:
        n = work[shape][1]
        table[shape] = {name: summary(runs, n) for name, runs in results[shape].items()}
        print(f"\n{shape} ({n} submissions, --jobs {a.jobs}, {a.rounds} rounds; median (min-max))")
        rows = list(next(iter(table[shape].values())).keys())
        names = [b.name for b in builds]
        others = [name for name in names if name != "baseline"] if "baseline" in names else []
        print(f"  {'':<26}" + "".join(f"{name:<30}" for name in names) + "".join(f"{name}/baseline  " for name in others))
        for row in rows:
            line = f"  {row:<26}" + "".join(f"{table[shape][name][row]:<30}" for name in names)
            if row != "exit codes":
                def med(name: str) -> float:
                    return float(table[shape][name][row].split()[0])
                line += "".join(f"{med(name) / med('baseline'):<{len(name) + 11}.2f}" if med("baseline") else "n/a" for name in others)
            print(line)
    (OUT / "summary.json").write_text(json.dumps(table, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
