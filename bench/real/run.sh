#!/usr/bin/env bash
# The real-harness bench, one command from the repository root (see bench/README.md, "Real harnesses"):
#
#   bash bench/real/run.sh --human-eval DIR --evalplus DIR [--plus-data FILE] [--jobs 2] [--rounds 3] [--cross]
#
# Runs openai/human-eval's harness (HumanEval, base tests) and EvalPlus's evaluator (HumanEval+, cold and warm) beside
# `codegrader batch` on the same problems and the same canonical solutions, and prints the ratios. DIR are clones the
# user brought (nothing of them is committed); bench.py's header says how to bring them, and so does this script when
# one is missing. Needs /usr/bin/time (Debian package `time`) and, for EvalPlus, Debian's python3-numpy python3-tqdm
# python3-termcolor python3-fire python3-appdirs python3-psutil python3-wget python3-rich for /usr/bin/python3:
# installed as root, otherwise the apt-get line is printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
packages=(time python3-numpy python3-tqdm python3-termcolor python3-fire python3-appdirs python3-psutil python3-wget python3-rich)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench: missing packages: ${missing[*]}; run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
fi
exec /usr/bin/python3 -B bench/real/bench.py "$@"
