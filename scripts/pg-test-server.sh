#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints its DATABASE_URL.
#   eval "$(scripts/pg-test-server.sh start)"   → exports DATABASE_URL and WITHUS_PG_DIR
#   scripts/pg-test-server.sh stop "$WITHUS_PG_DIR"
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local bin
  if ! bin=$(find_bin); then
    "$(dirname "$0")/install-system-packages.sh" postgresql >&2
    bin=$(find_bin) || { echo "PostgreSQL was installed but initdb was not found." >&2; exit 1; }
  fi
  local dir port run_as=()
  dir=$(mktemp -d /tmp/withus-pg.XXXXXX)
  port=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U withus --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U withus withus >&2
  echo "export WITHUS_PG_DIR=$dir WITHUS_PG_BIN=$bin"
  echo "export DATABASE_URL=postgres://withus@127.0.0.1:$port/withus"
}

stop() {
  local dir=${1:-${WITHUS_PG_DIR:-}} bin
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bin=${WITHUS_PG_BIN:-$(find_bin)}
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  else
    "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
