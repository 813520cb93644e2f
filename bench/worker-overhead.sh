#!/usr/bin/env bash
# Worker start-to-ready and per-test round trip, each beside bare `python3 -I -S -c pass` in the same run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet run -c Release --project bench/CodeGrader.Bench -- "$@"
