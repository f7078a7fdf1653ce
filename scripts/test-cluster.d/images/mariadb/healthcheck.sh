#!/bin/bash
# healthcheck.sh of the mariadb test image: the checks of the official image's script
# that the store's probes use (resources/database.ts), each option one check:
#   --connect             the server answers on its TCP port (a refused login counts:
#                         it answered)
#   --innodb_initialized  InnoDB is available, asked over the socket as the OS user mysql
#                         (the unix_socket user MARIADB_MYSQL_LOCALHOST_USER creates)
set -uo pipefail

check_connect() {
  local out
  out="$(mariadb --protocol=tcp --host=127.0.0.1 --connect-timeout=3 -e 'SELECT 1' 2>&1)" && return 0
  case "$out" in
  *"Can't connect"* | *"Lost connection"*) echo "healthcheck: connect: ${out}" >&2; return 1 ;;
  esac
}

check_innodb_initialized() {
  local out
  out="$(mariadb --protocol=socket --connect-timeout=3 -N -B -e \
    "SELECT 1 FROM information_schema.ENGINES WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT', 'ENABLED')" 2>&1)"
  [[ "$out" == 1 ]] || { echo "healthcheck: innodb_initialized: ${out:-no InnoDB}" >&2; return 1; }
}

(($#)) || { echo "usage: healthcheck.sh --connect|--innodb_initialized ..." >&2; exit 2; }
for option in "$@"; do
  case "$option" in
  --connect) check_connect || exit 1 ;;
  --innodb_initialized) check_innodb_initialized || exit 1 ;;
  *) echo "healthcheck: unsupported option ${option} (this test image has --connect and --innodb_initialized)" >&2; exit 2 ;;
  esac
done
