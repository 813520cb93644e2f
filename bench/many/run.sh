#!/usr/bin/env bash
# The many-exercises bench, one command from the repository root (see bench/README.md):
#
#   bash bench/many/run.sh [--exercises 164] [--inputs mixed|base|plus] [--jobs J] [--seed 1] [--wrong 20]
#
# Generates HumanEval-shaped work (many exercises, one submission each, a manifest), runs a human-eval-style
# harness on it (the baseline) and `./codegrader batch` cold and warm (disk cache of expected values), and prints
# the ratios and a per-phase profile. Needs /usr/bin/time (Debian package `time`): installed as root, otherwise
# the apt-get line is printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! dpkg-query -W -f='${db:Status-Abbrev}' time 2>/dev/null | grep -q '^ii'; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench: missing package: time; run as root:  apt-get update && apt-get install -y --no-install-recommends time" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends time >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends time >&2; }
fi
exec /usr/bin/python3 -B bench/many/bench.py "$@"
