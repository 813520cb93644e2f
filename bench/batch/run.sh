#!/usr/bin/env bash
# The batch benchmark, one command from the repository root:
#
#   bash bench/batch/run.sh [N] [--jobs J] [--baseline-sample S] [--seed SEED] [--mix correct=75,...]
#
# Generates N palindrome submissions (default 1000), grades them all with `./codegrader batch`,
# runs the pytest-per-submission baseline on a sample (default min(N, 200)) with the same number
# of jobs (default nproc), and prints one table (see bench/README.md). Files go to bench/out/.
# Installs what it needs as root (Debian: python3-pytest for /usr/bin/python3, and time for
# /usr/bin/time); otherwise prints the apt-get line to run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

packages="python3-pytest time"
missing=""
for package in $packages; do
    case "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)" in
        ii*) ;;
        *) missing="$missing $package" ;;
    esac
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench: missing packages:$missing; run as root:  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
    echo "bench: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Try without refreshing the package lists first; refresh them only when that fails.
    apt-get install -y --no-install-recommends $missing >&2 ||
        { apt-get update >&2 && apt-get install -y --no-install-recommends $missing >&2; }
fi

exec /usr/bin/python3 -B bench/batch/bench.py "$@"  # -B: no __pycache__ in bench/batch
