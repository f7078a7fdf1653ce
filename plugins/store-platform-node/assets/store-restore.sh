#!/usr/bin/env bash
# Restores a backup into a store: the data step of Store Platform's "store-restore" (runs in the
# MariaDB image, as WordPress's user, next to the WordPress pod). The store's own admin password
# is set afterwards by the admin-password step of the same Job.
#
# Inputs (env):
#   BACKUP_ID    the backup being restored (for messages)
#   SOURCE_DIR   where the backup's files are: database.sql.gz and wp-content.tar.gz
#   WP_PATH      WordPress root (the store's volume); wp-content is replaced
#   STORE_URL    this store's address: the restored site keeps it (a clone's dump names its source)
#   DB_HOST, DB_PORT, DB_NAME, DB_USER
#   TERMINATION_LOG  where the Job's result message goes (default /dev/termination-log)
#   MYSQL_PWD    the database user's password, from the store's Secret (never on a command line)
#
# Both archives are checked before anything changes; wp-content is unpacked beside the current one
# and swapped in only once the database is loaded.
set -euo pipefail

: "${WP_PATH:=/var/www/html}"
: "${TERMINATION_LOG:=/dev/termination-log}"
: "${SOURCE_DIR:?SOURCE_DIR is required}"
: "${BACKUP_ID:?BACKUP_ID is required}"
: "${STORE_URL:?STORE_URL is required}"

fail() {
  printf 'restore: FAILED: %s\n' "$*" >&2
  printf '%s' "$*" >"$TERMINATION_LOG" 2>/dev/null || true
  exit 1
}

[[ "$STORE_URL" =~ ^https?://[a-z0-9.-]+(:[0-9]+)?$ ]] || fail "malformed STORE_URL"
dump="$SOURCE_DIR/database.sql.gz"
files="$SOURCE_DIR/wp-content.tar.gz"
[ -s "$dump" ] && [ -s "$files" ] ||
  fail "backup $BACKUP_ID has no files (removed by retention, or never completed)"
gzip -t "$dump" || fail "the database dump of backup $BACKUP_ID is damaged"
tar -tzf "$files" >/dev/null || fail "the wp-content archive of backup $BACKUP_ID is damaged"

db() { mariadb --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" "$DB_NAME" "$@"; }

staging="$WP_PATH/.wp-content.restoring"
rm -rf "$staging"
mkdir "$staging"
tar -xzf "$files" -C "$staging" || fail "wp-content could not be unpacked"
[ -d "$staging/wp-content" ] || fail "backup $BACKUP_ID holds no wp-content"

printf 'restore: loading the database of backup %s\n' "$BACKUP_ID"
# Tables made after the backup go too: the database becomes exactly the backup's.
drops="$(db -N -B -e "SELECT CONCAT('DROP TABLE IF EXISTS \`', table_name, '\`;') FROM information_schema.tables WHERE table_schema = DATABASE()")"
{
  printf 'SET FOREIGN_KEY_CHECKS=0;\n%s\n' "$drops"
  gunzip -c "$dump"
  printf 'SET FOREIGN_KEY_CHECKS=1;\n'
} | db || fail "the database dump of backup $BACKUP_ID could not be loaded"

options="$(db -N -B -e "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%options' ORDER BY LENGTH(table_name) LIMIT 1")"
[[ "$options" =~ ^[A-Za-z0-9_]*options$ ]] || fail "the restored database has no WordPress options table"
db -e "UPDATE \`$options\` SET option_value = '$STORE_URL' WHERE option_name IN ('siteurl', 'home')" ||
  fail "the store's address could not be set"

old="$WP_PATH/.wp-content.replaced"
rm -rf "$old"
if [ -e "$WP_PATH/wp-content" ]; then mv "$WP_PATH/wp-content" "$old"; fi
mv "$staging/wp-content" "$WP_PATH/wp-content"
rm -rf "$old" "$staging"
printf 'restore: backup %s restored\n' "$BACKUP_ID"
