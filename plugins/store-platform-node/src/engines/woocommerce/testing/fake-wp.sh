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
"rewrite flush") printf 'rules' >"$(opt rewrite_rules)"; echo "Success: Rewrite rules flushed." ;;
*) echo "fake wp: unexpected command: $*" >&2; exit 2 ;;
esac
