#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for integration tests: installs Debian's `postgresql` when missing,
# runs a private cluster as a non-root user on 127.0.0.1 and a free port, and exports its
# connection string where @backstage/backend-test-utils' TestDatabases looks for POSTGRES_15.
#
#   source scripts/lib/postgres.sh && postgres_start   # exports the variable in this shell
#   source scripts/lib/postgres.sh && postgres_stop
#   eval "$(scripts/lib/postgres.sh start)"            # same, from another script
#   scripts/lib/postgres.sh stop
#
# Idempotent: `start` reuses a running cluster. State lives in $STORE_PLATFORM_PG_DIR
# (default: /tmp/store-platform-postgres); `stop` removes it.

STORE_PLATFORM_PG_DIR="${STORE_PLATFORM_PG_DIR:-${TMPDIR:-/tmp}/store-platform-postgres}"
STORE_PLATFORM_PG_ENV=BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING

_pg_log() { printf '\033[1m[postgres]\033[0m %s\n' "$*" >&2; }

# Prints the directory of the newest installed PostgreSQL server binaries, installing them if needed.
_pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    _pg_log "PostgreSQL is not installed; installing Debian's postgresql"
    if [ "$(id -u)" = 0 ]; then
      apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    else
      sudo apt-get update >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    fi
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  fi
  echo "$dir"
}

# Runs a command as the cluster's owner: `postgres` when we are root (initdb refuses root).
_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_free_port() {
  local port
  for port in $(seq 54330 54430); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  _pg_log "no free port in 54330-54430"
  return 1
}

_pg_url() { echo "postgresql://postgres@127.0.0.1:$1/postgres"; }

postgres_start() {
  local bindir data port
  bindir="$(_pg_bindir)" || return 1
  data="$STORE_PLATFORM_PG_DIR/data"
  if [ -f "$STORE_PLATFORM_PG_DIR/port" ] &&
    _pg_as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port="$(cat "$STORE_PLATFORM_PG_DIR/port")"
  else
    rm -rf "$STORE_PLATFORM_PG_DIR"
    mkdir -p "$STORE_PLATFORM_PG_DIR"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
      chown postgres "$STORE_PLATFORM_PG_DIR"
    fi
    port="$(_pg_free_port)" || return 1
    _pg_as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust \
      --encoding=UTF8 --no-locale >/dev/null || return 1
    _pg_as_owner "$bindir/pg_ctl" -D "$data" -l "$STORE_PLATFORM_PG_DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$STORE_PLATFORM_PG_DIR -c fsync=off -c max_connections=200" \
      start >/dev/null || {
      _pg_log "start failed; see $STORE_PLATFORM_PG_DIR/server.log"
      return 1
    }
    echo "$port" >"$STORE_PLATFORM_PG_DIR/port"
    _pg_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  fi
  export "$STORE_PLATFORM_PG_ENV=$(_pg_url "$port")"
}

postgres_stop() {
  local bindir
  if [ -d "$STORE_PLATFORM_PG_DIR/data" ]; then
    bindir="$(_pg_bindir)" || return 1
    _pg_as_owner "$bindir/pg_ctl" -D "$STORE_PLATFORM_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STORE_PLATFORM_PG_DIR"
  unset "$STORE_PLATFORM_PG_ENV"
}

# Executed rather than sourced: `start` prints an export line for eval, `stop` stops.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      postgres_start
      printf 'export %s=%q\n' "$STORE_PLATFORM_PG_ENV" "${!STORE_PLATFORM_PG_ENV}"
      ;;
    stop) postgres_stop ;;
    *)
      echo "usage: $0 start|stop" >&2
      exit 2
      ;;
  esac
fi
