#!/usr/bin/env python3
"""HumanEval-shaped work of the bench's own: many exercises, one submission each, a manifest.

    python3 bench/many/generate.py OUT [--exercises 164] [--inputs mixed|base|plus] [--wrong 20] [--seed 1]

Writes, under OUT (deterministic for the same arguments):
  exercises/pNNN/exercise.yaml   entry, limits, one `call:` per input and no `expect` (the reference computes it)
  exercises/pNNN/reference.py    the trusted solution
  submissions/pNNN.py            one candidate solution: correct in another style, or (--wrong %) subtly wrong
  tests/pNNN.py                  for the baseline: `check(candidate)` asserting every input against its expected
                                 value, as a literal (computed here, by running the reference in this process)
  manifest.csv                   `submission,exercise-dir` per line, for `codegrader batch - manifest.csv`
  problems.json                  per problem: entry, inputs, whether the submission is meant to pass

Inputs per exercise: `base` 3 to 20 (HumanEval's 164 problems have 1,570 base inputs, about 9.6 each), `plus` 200
to 1,000 (HumanEval+ is about 124,000 over 160, ~775 each), `mixed` (default) log-uniform from 3 to 1,000.
Only the standard library is used.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Family:
    name: str
    reference: str        # defines `{f}`
    correct: str          # another correct `{f}`
    wrong: str            # a subtly wrong `{f}`
    inputs: Callable[[random.Random], tuple]


def words(r: random.Random, n: int) -> str:
    return " ".join("".join(r.choice(string.ascii_letters) for _ in range(r.randint(1, 7))) for _ in range(n))


FAMILIES = [
    Family("sum_digits",
           "def {f}(n):\n    return sum(int(c) for c in str(abs(n)))\n",
           "def {f}(n):\n    n = abs(n)\n    total = 0\n    while n:\n        n, d = divmod(n, 10)\n        total += d\n    return total\n",
           "def {f}(n):\n    return sum(int(c) for c in str(n) if c.isdigit()) if n > 0 else 0\n",
           lambda r: (r.randint(-10**12, 10**12),)),
    Family("reverse_words",
           "def {f}(s):\n    return ' '.join(reversed(s.split(' ')))\n",
           "def {f}(s):\n    parts = s.split(' ')\n    parts.reverse()\n    return ' '.join(parts)\n",
           "def {f}(s):\n    return ' '.join(reversed(s.split()))\n",
           lambda r: (words(r, r.randint(0, 12)) + (" " if r.random() < 0.2 else ""),)),
    Family("count_vowels",
           "def {f}(s):\n    return sum(1 for c in s if c in 'aeiouAEIOU')\n",
           "def {f}(s):\n    return len([c for c in s.lower() if c in 'aeiou'])\n",
           "def {f}(s):\n    return sum(1 for c in s if c in 'aeiou')\n",
           lambda r: (words(r, r.randint(0, 10)),)),
    Family("is_prime",
           "def {f}(n):\n    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            return False\n        i += 1\n    return True\n",
           "def {f}(n):\n    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n",
           "def {f}(n):\n    return n > 1 and all(n % d for d in range(2, int(n ** 0.5)))\n",
           lambda r: (r.randint(-5, 20000),)),
    Family("running_max",
           "def {f}(xs):\n    out, best = [], None\n    for x in xs:\n        best = x if best is None or x > best else best\n        out.append(best)\n    return out\n",
           "import itertools\n\ndef {f}(xs):\n    return list(itertools.accumulate(xs, max))\n",
           "def {f}(xs):\n    return [max(xs[:i]) for i in range(1, len(xs))]\n",
           lambda r: ([r.randint(-100, 100) for _ in range(r.randint(0, 30))],)),
    Family("unique_sorted",
           "def {f}(xs):\n    return sorted(set(xs))\n",
           "def {f}(xs):\n    out = []\n    for x in sorted(xs):\n        if not out or out[-1] != x:\n            out.append(x)\n    return out\n",
           "def {f}(xs):\n    return sorted(xs)\n",
           lambda r: ([r.randint(0, 20) for _ in range(r.randint(0, 25))],)),
    Family("gcd_all",
           "import math\n\ndef {f}(xs):\n    g = 0\n    for x in xs:\n        g = math.gcd(g, x)\n    return g\n",
           "from functools import reduce\nfrom math import gcd\n\ndef {f}(xs):\n    return reduce(gcd, xs, 0)\n",
           "import math\n\ndef {f}(xs):\n    g = xs[0] if xs else 0\n    for x in xs[1:]:\n        g = math.gcd(g, x)\n    return abs(g) + (1 if len(xs) > 5 else 0)\n",
           lambda r: ([r.choice([6, 10, 15, 21, 35]) * r.randint(1, 50) for _ in range(r.randint(1, 8))],)),
    Family("fib_mod",
           "def {f}(n, m):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, (a + b) % m\n    return a % m\n",
           "def {f}(n, m):\n    if n == 0:\n        return 0\n    prev, cur = 0, 1\n    for _ in range(n - 1):\n        prev, cur = cur, (prev + cur) % m\n    return cur % m\n",
           "def {f}(n, m):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a % m if n < 90 else a % (m + 1)\n",
           lambda r: (r.randint(0, 300), r.randint(2, 1000))),
    Family("char_histogram",
           "def {f}(s):\n    out = {{}}\n    for c in s:\n        out[c] = out.get(c, 0) + 1\n    return out\n",
           "from collections import Counter\n\ndef {f}(s):\n    return dict(Counter(s))\n",
           "def {f}(s):\n    return {{c: s.count(c) for c in set(s) if c != ' '}}\n",
           lambda r: (words(r, r.randint(0, 6)),)),
    Family("rotate_left",
           "def {f}(xs, k):\n    if not xs:\n        return []\n    k %= len(xs)\n    return xs[k:] + xs[:k]\n",
           "from collections import deque\n\ndef {f}(xs, k):\n    d = deque(xs)\n    d.rotate(-k)\n    return list(d)\n",
           "def {f}(xs, k):\n    return xs[k:] + xs[:k]\n",
           lambda r: ([r.randint(0, 9) for _ in range(r.randint(0, 12))], r.randint(0, 30))),
    Family("pairs_sum",
           "def {f}(xs, target):\n    n = 0\n    for i in range(len(xs)):\n        for j in range(i + 1, len(xs)):\n            if xs[i] + xs[j] == target:\n                n += 1\n    return n\n",
           "from collections import Counter\n\ndef {f}(xs, target):\n    seen, n = Counter(), 0\n    for x in xs:\n        n += seen[target - x]\n        seen[x] += 1\n    return n\n",
           "def {f}(xs, target):\n    s = set(xs)\n    return sum(1 for x in xs if target - x in s) // 2\n",
           lambda r: ([r.randint(-10, 10) for _ in range(r.randint(0, 40))], r.randint(-5, 5))),
    Family("caesar",
           "def {f}(s, k):\n    out = []\n    for c in s:\n        if c.islower():\n            out.append(chr((ord(c) - 97 + k) % 26 + 97))\n        elif c.isupper():\n            out.append(chr((ord(c) - 65 + k) % 26 + 65))\n        else:\n            out.append(c)\n    return ''.join(out)\n",
           "import string\n\ndef {f}(s, k):\n    lo, up = string.ascii_lowercase, string.ascii_uppercase\n    k %= 26\n    return s.translate(str.maketrans(lo + up, lo[k:] + lo[:k] + up[k:] + up[:k]))\n",
           "def {f}(s, k):\n    return ''.join(chr((ord(c) - 97 + k) % 26 + 97) if c.isalpha() else c for c in s)\n",
           lambda r: (words(r, r.randint(0, 6)), r.randint(-30, 30))),
    Family("longest_run",
           "def {f}(s):\n    best = cur = 0\n    prev = None\n    for c in s:\n        cur = cur + 1 if c == prev else 1\n        prev = c\n        best = max(best, cur)\n    return best\n",
           "import itertools\n\ndef {f}(s):\n    return max((len(list(g)) for _, g in itertools.groupby(s)), default=0)\n",
           "def {f}(s):\n    best = cur = 1\n    for a, b in zip(s, s[1:]):\n        cur = cur + 1 if a == b else 1\n        best = max(best, cur)\n    return best\n",
           lambda r: ("".join(r.choice("aab") for _ in range(r.randint(0, 30))),)),
    Family("flatten",
           "def {f}(xss):\n    return [x for xs in xss for x in xs]\n",
           "import itertools\n\ndef {f}(xss):\n    return list(itertools.chain.from_iterable(xss))\n",
           "def {f}(xss):\n    return sorted(x for xs in xss for x in xs)\n",
           lambda r: ([[r.randint(0, 9) for _ in range(r.randint(0, 4))] for _ in range(r.randint(0, 6))],)),
    Family("parity_split",
           "def {f}(xs):\n    return ([x for x in xs if x % 2 == 0], [x for x in xs if x % 2])\n",
           "def {f}(xs):\n    evens, odds = [], []\n    for x in xs:\n        (odds if x & 1 else evens).append(x)\n    return evens, odds\n",
           "def {f}(xs):\n    return [[x for x in xs if x % 2 == 0], [x for x in xs if x % 2]]\n",
           lambda r: ([r.randint(-50, 50) for _ in range(r.randint(0, 15))],)),
    Family("mean_or_none",
           "def {f}(xs):\n    return sum(xs) / len(xs) if xs else None\n",
           "def {f}(xs):\n    if len(xs) == 0:\n        return None\n    return sum(xs) / len(xs)\n",
           "def {f}(xs):\n    return sum(xs) // len(xs) if xs else 0\n",
           lambda r: ([r.randint(-1000, 1000) for _ in range(r.randint(0, 10))],)),
]


def input_count(r: random.Random, mode: str) -> int:
    if mode == "base":
        return r.randint(3, 20)
    if mode == "plus":
        return r.randint(200, 1000)
    return int(round(math.exp(r.uniform(math.log(3), math.log(1000)))))


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def generate(out: Path, exercises: int = 164, inputs: str = "mixed", wrong: int = 20, seed: int = 1,
             distinct_limits: bool = False) -> list[dict]:
    if out.exists():
        shutil.rmtree(out)
    for sub in ("exercises", "submissions", "tests"):
        (out / sub).mkdir(parents=True)
    r = random.Random(seed)
    problems, manifest = [], []
    for i in range(exercises):
        family = FAMILIES[i % len(FAMILIES)]
        pid = f"p{i:03d}"
        entry = f"{family.name}_{i:03d}"
        reference = family.reference.format(f=entry)
        namespace: dict = {}
        exec(compile(reference, f"{pid}/reference.py", "exec"), namespace)  # the generator's own code
        function = namespace[entry]
        count = input_count(r, inputs)
        cases, seen = [], set()
        for _ in range(count * 3):
            args = family.inputs(r)
            key = repr(args)
            if key in seen:
                continue
            seen.add(key)
            cases.append((args, function(*args)))
            if len(cases) == count:
                break
        calls = [f"{entry}({', '.join(repr(a) for a in args)})" for args, _ in cases]
        folder = out / "exercises" / pid
        folder.mkdir()
        (folder / "reference.py").write_text(reference)
        (folder / "statement.md").write_text(f"Write `{entry}` ({family.name.replace('_', ' ')}).\n")
        lines = [f"title: {family.name} ({pid})", "statement: statement.md", f"entry: {entry}", "reference: reference.py",
                 f"limits: {{ time: {2000 + i}ms }}" if distinct_limits else "limits: { time: 2s }", "tests:"]
        for j, call in enumerate(calls):
            lines += [f"  - name: t{j:04d}", f"    call: {yaml_quote(call)}"]
        (folder / "exercise.yaml").write_text("\n".join(lines) + "\n")
        passes = r.randint(1, 100) > wrong
        (out / "submissions" / f"{pid}.py").write_text((family.correct if passes else family.wrong).format(f=entry))
        check = ["def check(candidate):"]
        for call, (_, expected) in zip(calls, cases):
            check.append(f"    assert {call.replace(entry + '(', 'candidate(', 1)} == {expected!r}")
        (out / "tests" / f"{pid}.py").write_text("\n".join(check) + "\n")
        manifest.append(f"submissions/{pid}.py,exercises/{pid}")
        problems.append({"id": pid, "entry": entry, "inputs": len(cases), "meant_to_pass": passes})
    (out / "manifest.csv").write_text("\n".join(manifest) + "\n")
    (out / "problems.json").write_text(json.dumps(problems, indent=1) + "\n")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--exercises", type=int, default=164)
    parser.add_argument("--inputs", choices=["mixed", "base", "plus"], default="mixed")
    parser.add_argument("--wrong", type=int, default=20, help="percent of submissions that are subtly wrong")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--distinct-limits", action="store_true", help="each exercise its own time limit (2000 ms + its index), as a real set has")
    a = parser.parse_args()
    problems = generate(a.out, a.exercises, a.inputs, a.wrong, a.seed, a.distinct_limits)
    print(f"{len(problems)} exercises, {sum(p['inputs'] for p in problems)} inputs, "
          f"{sum(p['meant_to_pass'] for p in problems)} submissions meant to pass")


if __name__ == "__main__":
    main()
