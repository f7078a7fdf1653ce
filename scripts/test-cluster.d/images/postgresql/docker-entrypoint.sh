#!/bin/bash
# Entry point of the postgresql test image (scripts/test-cluster.d/images/postgresql.sh).
# As the official postgres image: on first start an empty PGDATA is initialised with
# POSTGRES_USER as the bootstrap superuser (it may create databases) with the password
# POSTGRES_PASSWORD, the database POSTGRES_DB is created, and remote hosts must log in
# with scram-sha-256; an initialised PGDATA (it has PG_VERSION) is reused as it is.
# The password reaches initdb through a pipe (--pwfile=<(...)), never a command line,
# a file or the log. Then the server replaces this script (exec), so it gets the stop
# signal itself.
set -euo pipefail

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
# The official image's locale is en_US.utf8; this minimal system has C.UTF-8 (UTF8 too).
export LANG="${LANG:-C.UTF-8}"

note() { printf '%s [Entrypoint]: %s\n' "$(date '+%F %T %Z')" "$*"; }
fail() {
  printf '%s [Entrypoint] ERROR: %s\n' "$(date '+%F %T %Z')" "$*" >&2
  exit 1
}

# SQL over the local socket (trusted, as initdb sets it) of the server being set up.
sql() { psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username="$POSTGRES_USER" --dbname=postgres "$@"; }

initialise() {
  [[ -n "${POSTGRES_PASSWORD:-}" ]] ||
    fail "Database is uninitialized and superuser password is not specified: set POSTGRES_PASSWORD"
  note "Initializing database files in ${PGDATA} (superuser ${POSTGRES_USER})"
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --encoding=UTF8 ||
    fail "initdb failed"
  # Local connections stay trusted (initdb's default, as in the official image); any
  # other host needs the password.
  printf '\nhost all all all scram-sha-256\n' >>"${PGDATA}/pg_hba.conf"
  if [[ "$POSTGRES_DB" != postgres ]]; then
    note "Creating the database ${POSTGRES_DB}"
    # A server on the socket only, for this step.
    pg_ctl --pgdata="$PGDATA" --options="-c listen_addresses=''" --wait --silent start ||
      fail "the server did not start for the initialisation"
    sql --set=db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";' || fail "could not create the database ${POSTGRES_DB}"
    pg_ctl --pgdata="$PGDATA" --mode=fast --wait --silent stop
  fi
  note "PostgreSQL init process complete; ready for start up."
}

# A first argument that is an option is an option of postgres.
if [[ "${1:-}" == -* ]]; then set -- postgres "$@"; fi
if [[ "${1:-}" == postgres ]]; then
  [[ "$(id -u)" != 0 ]] || fail "run this image as its postgres user (999), as the chart's StatefulSet does"
  mkdir -p "$PGDATA"
  # The server refuses a data folder others may read; a volume may come with wider modes.
  chmod 0700 "$PGDATA"
  if [[ -s "${PGDATA}/PG_VERSION" ]]; then
    note "PostgreSQL Database directory appears to contain a database; Skipping initialization"
  else
    initialise
  fi
fi
exec "$@"
