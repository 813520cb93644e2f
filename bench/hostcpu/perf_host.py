#!/usr/bin/env python3
"""Where the host process's own CPU goes, from a `perf record -g` of a `codegrader batch` (issue 14).

    DOTNET_PerfMapEnabled=1 perf record -F 1999 -g -o perf.data -- dotnet artifacts/cli/codegrader.dll batch ...
    python3 bench/hostcpu/perf_host.py perf.data [--top 40] [--pid PID]

Only the samples of the host (the dotnet process: by default the first pid in the file, every thread of it) count:
the workers it spawns are left out. Prints the host's samples by thread name, by binary (libclrjit is the JIT, a
`memfd:doublemapper` or `perf-PID.map` frame is JIT-compiled code), the leaf functions, and inclusive counts of the
managed frames on the stacks (a method and everything it called), each as a share of the host's samples.
"""
from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"^\s*([0-9a-f]+) (.*) \((.*)\)$")


def samples(data: str):
    """(pid, thread name, [(symbol, dso), ...] leaf first) per sample."""
    text = subprocess.run(["perf", "script", "-i", data, "-F", "pid,tid,comm,ip,sym,dso"], capture_output=True, text=True, check=True).stdout
    head, frames = None, []
    for line in text.splitlines() + [""]:
        if not line.strip():
            if head is not None:
                yield head[0], head[1], frames
            head, frames = None, []
        elif not line.startswith((" ", "\t")):
            m = re.match(r"^\s*(.*?)\s+(\d+)/(\d+)\s*$", line)
            head = (int(m.group(2)), m.group(1)) if m else None
        else:
            m = FRAME.match(line)
            if m:
                frames.append((m.group(2), m.group(3).rsplit("/", 1)[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--pid", type=int)
    a = parser.parse_args()
    threads, dsos, leaves, inclusive, ours, syscalls, callers = (collections.Counter() for _ in range(7))
    host, total = a.pid, 0
    for pid, comm, frames in samples(a.data):
        host = host if host is not None else pid
        if pid != host:
            continue
        total += 1
        threads[re.sub(r"\d+$", "", comm).strip()] += 1
        if frames:
            dsos[frames[0][1]] += 1
            leaves[f"{frames[0][0]} ({frames[0][1]})"] += 1
        named = {f[0] for f in frames if "[" in f[0] or "::" in f[0] or "." in f[0].split("(")[0]} - {"[unknown]"}
        for name in named:
            inclusive[name] += 1
            if "CodeGrader" in name:
                ours[name] += 1
        kernel = [f[0] for f in frames if f[1] == "[kernel.kallsyms]"]
        if kernel:
            entry = next((k for k in reversed(kernel) if k.startswith(("__x64_sys_", "__do_sys_", "asm_exc_", "asm_sysvec_", "ret_from_fork"))), kernel[-1])
            syscalls[entry] += 1
        caller = next((f for f in frames if f[1].endswith(".map") and not f[0].startswith("stub ")), None)
        if caller and frames[0][1] in ("libcoreclr.so", "libclrjit.so", "libc.so.6", "[kernel.kallsyms]"):
            callers[f"{frames[0][1]} under {caller[0]}"] += 1
    if not total:
        print("no samples of the host", file=sys.stderr)
        return 1
    for title, counter in (("threads", threads), ("binaries (leaf)", dsos), ("leaf functions", leaves), ("inclusive (managed and named frames)", inclusive),
                           ("inclusive, CodeGrader's frames", ours), ("kernel time by entry (syscall, fault, interrupt)", syscalls),
                           ("native leaf by nearest JIT-compiled caller", callers)):
        print(f"\n{title}: share of the host's {total} samples")
        for name, count in counter.most_common(a.top):
            print(f"  {100 * count / total:5.1f}%  {name[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
