#!/bin/sh
# Installs the operating-system packages CodeGrader needs at run time (Debian / Ubuntu):
#   bubblewrap      the sandbox every worker runs in (namespaces, read-only binds, seccomp)
#   libpython3.11   the CPython the worker embeds (its standard library comes as a dependency)
#   libpython3.11-dev  its static twin, which the build links into codegrader-worker-linked: the worker taken with
#                   Debian's libpython, running the candidates' code ~18% faster than through the shared library
#   nodejs, npm     build the web page (npm ci + esbuild, src/CodeGrader.Service/ClientApp): only while the page is not
#                   built yet (or with --tests), and only when `node` (18 or newer, for esbuild) and `npm` are not
#                   already on PATH, however installed; a built checkout serves without Node
# With --tests, also what the tests talk to (./run-tests passes it):
#   postgresql      the service's database when configured (scripts/test-servers.sh starts a cluster of its own)
#   redis-server    the service's queue for many machines (likewise, on a port of its own)
#   chromium        the real browser the web page's tests drive (Playwright, tests/CodeGrader.Web.Tests)
# Idempotent and quick when everything is there: no `apt-get update` unless a package is missing.
# Needs root to install; otherwise prints the command to run and exits non-zero.
# No compiler is needed at run time: the seccomp filter is assembled by the host in C#.
set -eu

PACKAGES="bubblewrap libpython3.11 libpython3.11-dev"
if [ "${1:-}" = "--tests" ]; then
    PACKAGES="$PACKAGES postgresql redis-server chromium"
fi

# Node.js builds the web page; any node 18+ with npm will do (Debian 12's nodejs is 18.20).
web_built="$(dirname "$0")/../src/CodeGrader.Service/wwwroot/index.html"
if [ "${1:-}" = "--tests" ] || [ ! -f "$web_built" ]; then
    node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    if [ "$node_major" -lt 18 ] || ! command -v npm >/dev/null 2>&1; then
        PACKAGES="$PACKAGES nodejs npm"
    fi
fi

missing=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
    case "$status" in
        ii*) ;;
        *) missing="$missing $package" ;;
    esac
done
missing=${missing# }

if [ -z "$missing" ]; then
    echo "setup: all packages present ($PACKAGES)"
    exit 0
fi

command="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: $missing" >&2
    echo "setup: run as root:  apt-get update && $command" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing packages: $missing, and apt-get is not available; install them with your package manager" >&2
    exit 1
fi

echo "setup: installing $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086  # the package list is meant to split into words
apt-get install -y -qq --no-install-recommends $missing
echo "setup: done"
