#!/usr/bin/env bash
# Starts (and stops) the servers the tests talk to, each on a loopback port of its own, with its data in a
# throw-away folder: PostgreSQL (a cluster of its own, not the machine's) and Redis (append-only on).
#
#   eval "$(scripts/test-servers.sh start)"   # prints the export lines the tests read:
#                                             #   CODEGRADER_TEST_POSTGRES  an Npgsql connection string (superuser)
#                                             #   CODEGRADER_TEST_REDIS     host:port
#                                             #   CODEGRADER_TEST_SERVERS   the folder (for stop)
#   scripts/test-servers.sh stop [folder]
#
# Ports: CODEGRADER_TEST_PG_PORT (default 55432) and CODEGRADER_TEST_REDIS_PORT (default 56379).
# The packages (postgresql, redis-server) come from `scripts/setup.sh --tests`. As root, PostgreSQL runs as the
# `postgres` user (it refuses root); otherwise as the caller.
set -euo pipefail

pg_port=${CODEGRADER_TEST_PG_PORT:-55432}
redis_port=${CODEGRADER_TEST_REDIS_PORT:-56379}

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "test-servers: PostgreSQL is not installed (scripts/setup.sh --tests)" >&2; exit 1; }
    echo "$dir"
}

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local root bin
    root=$(mktemp -d "${TMPDIR:-/tmp}/codegrader-test-servers.XXXXXX")
    chmod 755 "$root"
    bin=$(pg_bin)
    mkdir -p "$root/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$root/pg"
    as_pg "$bin/initdb" -D "$root/pg/data" -A trust -U postgres >"$root/pg/initdb.log" 2>&1 \
        || { cat "$root/pg/initdb.log" >&2; exit 1; }
    as_pg "$bin/pg_ctl" -D "$root/pg/data" -l "$root/pg/server.log" -w -t 60 start \
        -o "-p $pg_port -k $root/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null \
        || { cat "$root/pg/server.log" >&2; exit 1; }

    command -v redis-server >/dev/null || { echo "test-servers: redis-server is not installed (scripts/setup.sh --tests)" >&2; exit 1; }
    mkdir -p "$root/redis"
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$root/redis" --appendonly yes --save "" \
        --daemonize yes --pidfile "$root/redis/redis.pid" --logfile "$root/redis/redis.log" >/dev/null
    for _ in $(seq 1 100); do
        redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -p "$redis_port" ping >/dev/null || { cat "$root/redis/redis.log" >&2; exit 1; }

    echo "export CODEGRADER_TEST_SERVERS='$root'"
    echo "export CODEGRADER_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres'"
    echo "export CODEGRADER_TEST_REDIS='127.0.0.1:$redis_port'"
}

stop() {
    local root=${1:-${CODEGRADER_TEST_SERVERS:-}}
    [ -n "$root" ] && [ -d "$root" ] || return 0
    if [ -f "$root/redis/redis.pid" ]; then
        kill "$(cat "$root/redis/redis.pid")" 2>/dev/null || true
    fi
    if [ -d "$root/pg/data" ]; then
        as_pg "$(pg_bin)/pg_ctl" -D "$root/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$root"
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start|stop [folder]" >&2; exit 2 ;;
esac
