#!/usr/bin/env bash
# Stand-in for wp-cli in the bootstrap script's tests. Records every call (one
# line, arguments shell-quoted) to $FAKE_WP_STATE/calls and simulates a
# WordPress whose state lives in files under $FAKE_WP_STATE.
set -euo pipefail
state="$FAKE_WP_STATE"
mkdir -p "$state/options"
{
  printf '%q ' "$@"
  printf '\n'
} >>"$state/calls"

[[ "${1:-}" == --path=* ]] && shift

# --prompt=<a,b>: like wp-cli, reads each named argument's value from stdin, one line each, into
# $state/prompted/<name>, and echoes it back on stdout as wp-cli does (so a caller must discard it).
for arg in "$@"; do
  case "$arg" in --prompt=*)
    mkdir -p "$state/prompted"
    IFS=, read -ra names <<<"${arg#--prompt=}"
    for name in "${names[@]}"; do
      IFS= read -r value || [ -n "$value" ] || { echo "Error: no value for --$name on stdin" >&2; exit 1; }
      printf '%s' "$value" >"$state/prompted/$name"
      echo "1/1 [--$name=<value>]: $value"
    done
    ;;
  esac
done

# The database answers only after $state/db_failures calls that need it.
needs_db() {
  local left
  left="$(cat "$state/db_failures" 2>/dev/null || echo 0)"
  if [ "$left" -gt 0 ]; then
    echo $((left - 1)) >"$state/db_failures"
    echo "Error: Error establishing a database connection." >&2
    exit 1
  fi
}

opt() { printf '%s/options/%s' "$state" "$1"; }

case "$1 ${2:-}" in
"core is-installed") needs_db; [ -f "$state/installed" ] ;;
"core install")
  needs_db
  for arg in "$@"; do
    case "$arg" in --title=*) printf '%s' "${arg#--title=}" >"$state/title" ;; esac
  done
  # Like wp-cli: without --admin_password the administrator gets a random password.
  if [ -f "$state/prompted/admin_password" ]; then
    cp "$state/prompted/admin_password" "$state/password_of_admin"
  else
    echo "random-$RANDOM" >"$state/password_of_admin"
  fi
  touch "$state/installed"
  echo "Success: WordPress installed successfully."
  ;;
"plugin is-installed") [ -f "$state/plugin_present" ] ;;
"plugin is-active") [ -f "$state/plugin_active" ] ;;
"plugin activate") touch "$state/plugin_active"; echo "Success: Activated 1 of 1 plugins." ;;
"post list") cat "$state/products" 2>/dev/null || echo 0 ;;
"post create")
  echo $(($(cat "$state/products" 2>/dev/null || echo 0) + 1)) >"$state/products"
  echo 42
  ;;
"post meta") echo "Success: Updated custom field." ;;
"option get") [ -f "$(opt "$3")" ] && cat "$(opt "$3")" ;;
"option update") printf '%s' "$4" >"$(opt "$3")" ;;
"option add") printf '%s' "$4" >"$(opt "$3")"; printf 'yes' >"$(opt "$3").enabled" ;;
"option pluck") [ -f "$(opt "$3").enabled" ] && cat "$(opt "$3").enabled" ;;
"option patch")
  case "$3" in
  update) [ -f "$(opt "$4").enabled" ] && printf '%s' "$6" >"$(opt "$4").enabled" ;;
  insert) printf '%s' "$6" >"$(opt "$4").enabled" ;;
  esac
  ;;
"user get") [ "$3" = "$(cat "$state/admin_user" 2>/dev/null || echo admin)" ] && echo 1 ;;
"user update")
  [ -f "$state/prompted/user_pass" ] || { echo "fake wp: no --user_pass given" >&2; exit 1; }
  cp "$state/prompted/user_pass" "$state/password_of_$3"
  echo "Success: Updated user 1."
  ;;
"rewrite flush") printf 'rules' >"$(opt rewrite_rules)"; echo "Success: Rewrite rules flushed." ;;
*) echo "fake wp: unexpected command: $*" >&2; exit 2 ;;
esac
