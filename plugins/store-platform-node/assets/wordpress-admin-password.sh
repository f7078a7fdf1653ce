#!/usr/bin/env bash
# Sets the WordPress administrator's password: the Job of Store Platform's "reset admin password".
#
# Inputs (env):
#   WP_PATH                  WordPress root (wp-config.php is written there by the WordPress pod)
#   ADMIN_USER               the WordPress administrator
#   WORDPRESS_ADMIN_PASSWORD the new password: never printed, never on a command line (wp reads
#                            it from stdin through `--prompt`, so it is not in any process's argv)
set -euo pipefail

: "${WP_PATH:=/var/www/html}"
: "${ADMIN_USER:?ADMIN_USER is required}"
: "${WORDPRESS_ADMIN_PASSWORD:?WORDPRESS_ADMIN_PASSWORD is required}"

fail() {
  printf 'admin-password: FAILED: %s\n' "$*" >&2
  exit 1
}

wp --path="$WP_PATH" user get "$ADMIN_USER" --field=ID >/dev/null ||
  fail "WordPress has no user $ADMIN_USER"
# wp-cli echoes prompted values and the command it ran on stdout: discarded.
wp --path="$WP_PATH" user update "$ADMIN_USER" --skip-email \
  --prompt=user_pass <<<"$WORDPRESS_ADMIN_PASSWORD" >/dev/null ||
  fail "the password of $ADMIN_USER could not be changed"
printf 'admin-password: the password of %s was changed\n' "$ADMIN_USER"
