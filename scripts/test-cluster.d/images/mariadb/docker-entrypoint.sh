#!/bin/bash
# Entry point of the mariadb test image (scripts/test-cluster.d/images/mariadb.sh).
# As the official mariadb image: on first start an empty /var/lib/mysql is initialised
# from the MARIADB_* variables; an initialised one (it has a mysql/ folder) is reused
# as it is. The passwords reach the server only as SQL on its stdin (bootstrap mode),
# never on a command line or in a file.
set -euo pipefail

DATADIR=/var/lib/mysql

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*"; }
fail() {
  printf '%s [ERROR] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*" >&2
  exit 1
}

# SQL string literal and identifier quoting (values come from the environment).
sql_string() {
  local s="${1//\\/\\\\}"
  s="${s//\'/\\\'}"
  printf "'%s'" "$s"
}
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

init_sql() {
  local root_pw user_sql
  root_pw="$(sql_string "${MARIADB_ROOT_PASSWORD:-}")"
  # Bootstrap mode starts without the grant tables; only root@localhost stays from install-db.
  echo "DELETE FROM mysql.global_priv WHERE user NOT IN ('mariadb.sys', 'root') OR host <> 'localhost';"
  echo "FLUSH PRIVILEGES;"
  echo "ALTER USER 'root'@'localhost' IDENTIFIED BY ${root_pw};"
  echo "CREATE USER 'root'@'%' IDENTIFIED BY ${root_pw};"
  echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  if [[ -n "${MARIADB_MYSQL_LOCALHOST_USER:-}" ]]; then
    # The OS user mysql over the socket, no password: what healthcheck.sh connects as.
    echo "CREATE USER 'mysql'@'localhost' IDENTIFIED VIA unix_socket;"
    [[ -z "${MARIADB_MYSQL_LOCALHOST_GRANTS:-}" ]] ||
      echo "GRANT ${MARIADB_MYSQL_LOCALHOST_GRANTS} ON *.* TO 'mysql'@'localhost';"
  fi
  if [[ -n "${MARIADB_DATABASE:-}" ]]; then
    echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$MARIADB_DATABASE");"
  fi
  if [[ -n "${MARIADB_USER:-}" ]]; then
    user_sql="$(sql_string "$MARIADB_USER")@'%'"
    echo "CREATE USER ${user_sql} IDENTIFIED BY $(sql_string "$MARIADB_PASSWORD");"
    [[ -z "${MARIADB_DATABASE:-}" ]] ||
      echo "GRANT ALL ON $(sql_ident "$MARIADB_DATABASE").* TO ${user_sql};"
  fi
  echo "FLUSH PRIVILEGES;"
}

initialise() {
  local out
  if [[ -z "${MARIADB_ROOT_PASSWORD:-}" && -z "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" ]]; then
    fail "Database is uninitialized and password option is not specified (MARIADB_ROOT_PASSWORD or MARIADB_ALLOW_EMPTY_ROOT_PASSWORD)"
  fi
  if [[ -n "${MARIADB_USER:-}" && -z "${MARIADB_PASSWORD:-}" ]]; then
    fail "MARIADB_USER is set but MARIADB_PASSWORD is not"
  fi
  [[ "${MARIADB_USER:-}" != root ]] || fail "MARIADB_USER=root: root is created by MARIADB_ROOT_PASSWORD"
  note "Initializing database files in ${DATADIR}"
  # --cross-bootstrap: no account for, and no lookup of, this pod's host name.
  if ! out="$(mariadb-install-db --datadir="$DATADIR" --cross-bootstrap --skip-test-db \
    --auth-root-authentication-method=normal --skip-name-resolve --old-mode=UTF8_IS_UTF8MB3 \
    --default-time-zone=SYSTEM 2>&1)"; then
    printf '%s\n' "$out" >&2
    fail "mariadb-install-db failed"
  fi
  note "Creating the root user, ${MARIADB_DATABASE:-no database} and ${MARIADB_USER:-no user}"
  init_sql | mariadbd --bootstrap --datadir="$DATADIR" --skip-networking --skip-log-bin --log-warnings=0 ||
    fail "the initialisation SQL failed"
  note "Database initialized"
}

# A first argument that is an option is an option of mariadbd.
if [[ "${1:-}" == -* ]]; then set -- mariadbd "$@"; fi
if [[ "${1:-}" == mariadbd || "${1:-}" == mysqld ]]; then
  [[ "$(id -u)" != 0 ]] || fail "run this image as its mysql user (999), as the store's StatefulSet does"
  if [[ -d "${DATADIR}/mysql" ]]; then
    note "Database files found in ${DATADIR}: skipping initialisation"
  else
    initialise
  fi
  note "Starting MariaDB"
fi
exec "$@"
