#!/usr/bin/env bash
# WooCommerce bootstrap: the seven steps of the original design, each idempotent,
# so a re-run on a ready store changes nothing.
#
# Every user-supplied value arrives as an environment variable and is only ever
# expanded inside double quotes as a single argument: no input is parsed as shell.
#
# Inputs (env):
#   WP_PATH                  WordPress root (wp-config.php is written there by the WordPress pod)
#   STORE_URL, STORE_TITLE   site URL and title
#   ADMIN_USER, ADMIN_EMAIL  the WordPress administrator
#   WORDPRESS_ADMIN_PASSWORD its password: never printed, never on a command line (wp reads it
#                            from stdin through `--prompt`, so it is not in any process's argv)
#   BOOTSTRAP_ATTEMPTS       bounded retries for waits and `wp core install` (default 60)
#   BOOTSTRAP_RETRY_DELAY    seconds between attempts (default 5)
set -euo pipefail

: "${WP_PATH:=/var/www/html}"
: "${BOOTSTRAP_ATTEMPTS:=60}"
: "${BOOTSTRAP_RETRY_DELAY:=5}"
: "${STORE_URL:?STORE_URL is required}"
: "${STORE_TITLE:?STORE_TITLE is required}"
: "${ADMIN_USER:?ADMIN_USER is required}"
: "${ADMIN_EMAIL:?ADMIN_EMAIL is required}"
: "${WORDPRESS_ADMIN_PASSWORD:?WORDPRESS_ADMIN_PASSWORD is required}"

changed=0
log() { printf 'bootstrap: %s\n' "$*"; }
fail() {
  printf 'bootstrap: FAILED: %s\n' "$*" >&2
  exit 1
}
wpcli() { wp --path="$WP_PATH" "$@"; }

# 1. Wait for wp-config.php (the WordPress container writes it on first start).
log "step 1/7: waiting for wp-config.php"
attempt=0
until [ -f "$WP_PATH/wp-config.php" ]; do
  attempt=$((attempt + 1))
  [ "$attempt" -lt "$BOOTSTRAP_ATTEMPTS" ] || fail "wp-config.php did not appear in $WP_PATH"
  sleep "$BOOTSTRAP_RETRY_DELAY"
done

# 2. Ensure WordPress is installed; the database may still be starting, so retry.
# The password goes in on stdin (a here-string: no other process), never as an argument, where
# /proc/<pid>/cmdline would show it. wp-cli echoes prompted values and the command it ran on
# stdout, so stdout is discarded.
log "step 2/7: ensuring WordPress is installed"
attempt=0
until wpcli core is-installed >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if wpcli core install --url="$STORE_URL" --title="$STORE_TITLE" \
    --admin_user="$ADMIN_USER" --admin_email="$ADMIN_EMAIL" --skip-email \
    --prompt=admin_password <<<"$WORDPRESS_ADMIN_PASSWORD" >/dev/null; then
    changed=1
    log "WordPress installed"
    break
  fi
  [ "$attempt" -lt "$BOOTSTRAP_ATTEMPTS" ] ||
    fail "WordPress could not be installed after $attempt attempts (is the database reachable?)"
  log "install attempt $attempt failed; retrying in ${BOOTSTRAP_RETRY_DELAY}s"
  sleep "$BOOTSTRAP_RETRY_DELAY"
done

# 3. The WooCommerce plugin must be bundled in the image.
log "step 3/7: checking the bundled WooCommerce plugin"
wpcli plugin is-installed woocommerce ||
  fail "the WooCommerce plugin is not in the WordPress image (expected wp-content/plugins/woocommerce)"

# 4. Activate it.
log "step 4/7: activating WooCommerce"
if ! wpcli plugin is-active woocommerce; then
  wpcli plugin activate woocommerce
  changed=1
fi

# 5. Seed a product, only into an empty catalog.
log "step 5/7: seeding the catalog"
products="$(wpcli post list --post_type=product --post_status=any --format=count)"
if [ "$products" = "0" ]; then
  product_id="$(wpcli post create --post_type=product --post_status=publish \
    --post_title='Sample Product' --porcelain)"
  wpcli post meta update "$product_id" _regular_price 10
  wpcli post meta update "$product_id" _price 10
  changed=1
  log "seeded Sample Product"
else
  log "catalog has $products product(s); not seeding"
fi

# 6. Checkout-friendly options: guest checkout, cash on delivery, cheque.
log "step 6/7: enabling guest checkout, cash on delivery and cheque payments"
ensure_option() { # name value
  if [ "$(wpcli option get "$1" 2>/dev/null || true)" != "$2" ]; then
    wpcli option update "$1" "$2"
    changed=1
  fi
}
ensure_gateway_enabled() { # option name of a payment gateway's settings
  if [ "$(wpcli option pluck "$1" enabled 2>/dev/null || true)" != "yes" ]; then
    if wpcli option get "$1" >/dev/null 2>&1; then
      wpcli option patch update "$1" enabled yes 2>/dev/null || wpcli option patch insert "$1" enabled yes
    else
      wpcli option add "$1" '{"enabled":"yes"}' --format=json
    fi
    changed=1
  fi
}
ensure_option woocommerce_enable_guest_checkout yes
ensure_gateway_enabled woocommerce_cod_settings
ensure_gateway_enabled woocommerce_cheque_settings

# 7. Flush rewrite rules, when this run changed something or none exist yet.
log "step 7/7: rewrite rules"
if [ "$changed" = 1 ] || [ -z "$(wpcli option get rewrite_rules 2>/dev/null || true)" ]; then
  wpcli rewrite flush
  log "rewrite rules flushed"
else
  log "nothing changed; rewrite rules kept"
fi
log "done"
