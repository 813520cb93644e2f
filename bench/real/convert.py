#!/usr/bin/env python3
"""Turn the real HumanEval and HumanEval+ data into CodeGrader exercises, submissions and manifests (the real-harness
bench; nothing of the data is committed: it is read from the clones the user brought and written under bench/out).

    python3 bench/real/convert.py OUT --human-eval-data HumanEval.jsonl.gz [--plus-data HumanEvalPlus.jsonl.gz]

Writes, under OUT:
  base/exercises/humaneval_NNN/   exercise.yaml (limits only: 3 s a call, human-eval's time-out for a whole problem),
                                  statement.md (the prompt), reference.py (prompt + canonical_solution) and tests.py:
                                  the problem's own `test` field unchanged (METADATA, `def check(candidate)`), one test
                                  named `check`; the prompt's helpers that check() uses (HumanEval/32 `poly`,
                                  38 `encode_cyclic`, 50 `encode_shift`) are copied above it, as human-eval's program
                                  has them from the prompt
  base/submissions/humaneval_NNN.py   prompt + canonical_solution (what human-eval's harness runs for the same sample)
  base/samples.jsonl              human-eval's samples: {"task_id", "completion": canonical_solution}
  base/manifest.csv               `submission,exercise-dir` per line, for `codegrader batch - manifest.csv`
With --plus-data (HumanEval+, the EvalPlus release file):
  plus/exercises/humaneval_NNN/   exercise.yaml: one `call:` per base_input then per plus_input (`entry(*args)`, the
                                  JSON arguments as Python literals), no `expect`: the reference, HumanEval+'s
                                  canonical solution, computes every expected value (EvalPlus's ground truth does
                                  the same); tolerance { rel: 1.0e-7, abs: atol } (EvalPlus: np.allclose(out, exp,
                                  rtol=1e-07, atol=atol) when not equal, atol forced to 1e-6 for float answers when
                                  the dataset says 0; a tolerance never applies to ints or strings); HumanEval/32
                                  (find_zero) has a checker.py instead: |poly(xs, answer)| <= atol, EvalPlus's
                                  special oracle; limits { time: 4s, memory: 1GiB, values: 2000000 } (EvalPlus: at
                                  least 4 s a call, 4 GiB; two problems answer lists of a million items)
  plus/submissions/humaneval_NNN.py   HumanEval+'s prompt + canonical_solution (the text EvalPlus grades)
  plus/samples.jsonl              EvalPlus's samples: {"task_id", "solution"}
  plus/HumanEvalPlus.jsonl        the data uncompressed, for EvalPlus's HUMANEVAL_OVERRIDE_PATH
  base-calls/                     HumanEval's base tests as generate.py writes them: base_input calls only, the same
                                  reference, tolerance and checker as plus/; the submissions are HumanEval's own
                                  canonical solutions (those of base/)
  cross/                          plus/'s exercises with HumanEval's own canonical solutions as submissions (some
                                  fail HumanEval+: a check that both graders see the same failures)
  problems.json                   per problem: task id, exercise id, entry, base and plus input counts
Only the standard library is used; deterministic for the same input files.
"""
from __future__ import annotations

import argparse
import ast
import gzip
import json
import math
import shutil
from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def exercise_id(task_id: str) -> str:
    return f"humaneval_{int(task_id.split('/')[1]):03d}"


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def yaml_float(x: float) -> str:
    """A float that YAML 1.1 reads as a float too (docs/exercise-format.md: a dot in the mantissa, `1.0e-6`)."""
    mantissa, exponent = f"{x:e}".split("e")
    return f"{float(mantissa)!r}e{int(exponent)}"


def literal(value) -> str:
    """A Python expression for a JSON value (repr, except non-finite floats, which repr writes as bare names)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def prompt_helpers(prompt: str, entry: str, test: str) -> str:
    """The prompt's top-level functions other than the entry that the test uses, with the prompt's imports."""
    tree = ast.parse(prompt)
    used = {n.id for n in ast.walk(ast.parse(test)) if isinstance(n, ast.Name)}
    helpers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name != entry and n.name in used]
    if not helpers:
        return ""
    lines = prompt.splitlines()
    imports = [ast.get_source_segment(prompt, n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    bodies = ["\n".join(lines[n.lineno - 1:n.end_lineno]) for n in helpers]
    return "# from the problem's prompt (human-eval's program has them there)\n" + "\n".join(imports) + "\n\n\n" + "\n\n\n".join(bodies) + "\n\n"


def statement(problem: dict) -> str:
    return f"# {problem['task_id']}: `{problem['entry_point']}`\n\n```python\n{problem['prompt'].rstrip()}\n```\n"


def write_base(out: Path, problems: list[dict]) -> None:
    for sub in ("exercises", "submissions"):
        (out / sub).mkdir(parents=True)
    manifest, samples = [], []
    for p in problems:
        eid, entry = exercise_id(p["task_id"]), p["entry_point"]
        folder = out / "exercises" / eid
        folder.mkdir()
        program = p["prompt"] + p["canonical_solution"]
        (folder / "reference.py").write_text(program)
        (folder / "statement.md").write_text(statement(p))
        (folder / "tests.py").write_text(prompt_helpers(p["prompt"], entry, p["test"]) + p["test"].lstrip("\n"))
        (folder / "exercise.yaml").write_text("\n".join([
            f"title: {yaml_quote(p['task_id'] + ' ' + entry)}",
            "statement: statement.md",
            f"entry: {entry}",
            "reference: reference.py",
            "limits: { time: 3s }",
            f"x-source: {yaml_quote(p['task_id'] + ', openai/human-eval data/HumanEval.jsonl.gz; tests in tests.py')}",
        ]) + "\n")
        (out / "submissions" / f"{eid}.py").write_text(program)
        manifest.append(f"submissions/{eid}.py,exercises/{eid}")
        samples.append(json.dumps({"task_id": p["task_id"], "completion": p["canonical_solution"]}))
    (out / "manifest.csv").write_text("\n".join(manifest) + "\n")
    (out / "samples.jsonl").write_text("\n".join(samples) + "\n")


FIND_ZERO_CHECKER = '''"""EvalPlus's special oracle for HumanEval/32 (find_zero): any x with |poly(xs, x)| <= atol is accepted."""
import math

ATOL = {atol!r}


def _poly(xs, x):
    return sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)])


def check(input, expected, actual):
    xs = input["args"][0]
    try:
        value = abs(_poly(xs, actual))
    except Exception as e:  # noqa: BLE001 - not a number: not a zero
        return False, f"poly(xs, answer) failed: {{type(e).__name__}}"
    if value <= ATOL:
        return True
    return False, f"|poly(xs, answer)| = {{value!r}} > {{ATOL}}"
'''


def write_calls(out: Path, problems: list[dict], kinds: tuple[str, ...], submissions: dict[str, str] | None = None) -> None:
    """HumanEval+ problems as `call:` tests (the inputs of `kinds`), the canonical solution as reference; each
    submission is the same canonical solution, or `submissions[task_id]` when given."""
    for sub in ("exercises", "submissions"):
        (out / sub).mkdir(parents=True)
    manifest, samples = [], []
    for p in problems:
        eid, entry = exercise_id(p["task_id"]), p["entry_point"]
        folder = out / "exercises" / eid
        folder.mkdir()
        program = p["prompt"] + p["canonical_solution"]
        (folder / "reference.py").write_text(program)
        (folder / "statement.md").write_text(statement(p))
        atol = float(p["atol"] or 0)
        lines = [
            f"title: {yaml_quote(p['task_id'] + ' ' + entry + ' (HumanEval+ ' + ' + '.join(kinds) + ')')}",
            "statement: statement.md",
            f"entry: {entry}",
            "reference: reference.py",
            # EvalPlus: at least 4 s a call, 4 GiB (EVALPLUS_MAX_MEMORY_BYTES); HumanEval/100 and /130 answer lists
            # of a million items: more than the default 128 MiB and 1,000,000 values
            "limits: { time: 4s, memory: 1GiB, values: 2000000 }",
            f"x-source: {yaml_quote(p['task_id'] + ', evalplus/humanevalplus_release HumanEvalPlus.jsonl.gz')}",
        ]
        if entry == "find_zero":
            (folder / "checker.py").write_text(FIND_ZERO_CHECKER.format(atol=atol))
            lines.append("checker: checker.py")
        else:
            lines.append(f"tolerance: {{ rel: 1.0e-7, abs: {yaml_float(atol or 1.0e-6)} }}")
        lines.append("tests:")
        for kind in kinds:
            for j, args in enumerate(p[f"{kind}_input"]):
                lines += [f"  - name: {kind}-{j:04d}", f"    call: {yaml_quote(entry + '(' + ', '.join(literal(a) for a in args) + ')')}"]
        (folder / "exercise.yaml").write_text("\n".join(lines) + "\n")
        solution = program if submissions is None else submissions[p["task_id"]]
        (out / "submissions" / f"{eid}.py").write_text(solution)
        manifest.append(f"submissions/{eid}.py,exercises/{eid}")
        samples.append(json.dumps({"task_id": p["task_id"], "solution": solution}))
    (out / "manifest.csv").write_text("\n".join(manifest) + "\n")
    (out / "samples.jsonl").write_text("\n".join(samples) + "\n")


def convert(out: Path, human_eval_data: Path, plus_data: Path | None) -> list[dict]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    base = read_jsonl(human_eval_data)
    write_base(out / "base", base)
    rows = {p["task_id"]: {"task_id": p["task_id"], "exercise": exercise_id(p["task_id"]), "entry": p["entry_point"]} for p in base}
    if plus_data is not None:
        opener = gzip.open if plus_data.name.endswith(".gz") else open
        with opener(plus_data, "rt", encoding="utf-8") as f:
            text = f.read()
        plus = [json.loads(line) for line in text.splitlines() if line.strip()]
        write_calls(out / "plus", plus, ("base", "plus"))
        (out / "plus" / "HumanEvalPlus.jsonl").write_text(text)
        original = {p["task_id"]: p["prompt"] + p["canonical_solution"] for p in base}
        write_calls(out / "base-calls", plus, ("base",), original)
        write_calls(out / "cross", plus, ("base", "plus"), original)
        for p in plus:
            row = rows.setdefault(p["task_id"], {"task_id": p["task_id"], "exercise": exercise_id(p["task_id"]), "entry": p["entry_point"]})
            row["base_inputs"], row["plus_inputs"] = len(p["base_input"]), len(p["plus_input"])
    problems = list(rows.values())
    (out / "problems.json").write_text(json.dumps(problems, indent=1) + "\n")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--human-eval-data", type=Path, required=True, help="openai/human-eval's data/HumanEval.jsonl.gz")
    parser.add_argument("--plus-data", type=Path, help="HumanEval+ (evalplus/humanevalplus_release HumanEvalPlus.jsonl.gz)")
    a = parser.parse_args()
    problems = convert(a.out, a.human_eval_data, a.plus_data)
    print(f"{len(problems)} problems; base inputs {sum(p.get('base_inputs', 0) for p in problems)}, "
          f"plus inputs {sum(p.get('plus_inputs', 0) for p in problems)}")


if __name__ == "__main__":
    main()
