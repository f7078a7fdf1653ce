#!/usr/bin/env bash
# Backs up one store: the Job of Store Platform's "store-backup" (runs in the MariaDB image, as
# WordPress's user, next to the WordPress pod).
#
# Inputs (env):
#   BACKUP_ID    the backup's id, <store id>-YYYYMMDD-HHMMSS (sorts by age)
#   BACKUP_DIR   the store's backup volume; the backup goes to $BACKUP_DIR/$BACKUP_ID
#   WP_PATH      WordPress root (its volume, read-only); wp-content is archived
#   KEEP         how many backups to keep once this one is complete
#   DB_HOST, DB_PORT, DB_NAME, DB_USER
#   TERMINATION_LOG  where the Job's result message goes (default /dev/termination-log)
#   MYSQL_PWD    the database user's password, from the store's Secret: the client reads it from
#                the environment, so it is on no command line
# Output: the backup's size in bytes as the termination message (`size-bytes=N`).
#
# A backup appears under its id only when complete (written to a hidden directory, then renamed),
# and older backups are removed only after that: a failure loses nothing.
set -euo pipefail
umask 027

: "${WP_PATH:=/var/www/html}"
: "${TERMINATION_LOG:=/dev/termination-log}"
: "${BACKUP_DIR:?BACKUP_DIR is required}"
: "${BACKUP_ID:?BACKUP_ID is required}"
: "${KEEP:?KEEP is required}"

fail() {
  printf 'backup: FAILED: %s\n' "$*" >&2
  printf '%s' "$*" >"$TERMINATION_LOG" 2>/dev/null || true
  exit 1
}

[[ "$BACKUP_ID" =~ ^[a-z][a-z0-9-]*-[0-9]{8}-[0-9]{6}$ ]] || fail "malformed BACKUP_ID"
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || fail "KEEP must be a positive number"

final="$BACKUP_DIR/$BACKUP_ID"
partial="$BACKUP_DIR/.partial-$BACKUP_ID"

report_size() {
  printf 'size-bytes=%s' "$(du -sb "$final" | cut -f1)" >"$TERMINATION_LOG"
}

if [ -d "$final" ]; then
  printf 'backup: %s is already complete\n' "$BACKUP_ID"
  report_size
  exit 0
fi

# Leftovers of failed attempts (this one's or earlier ones') are never backups.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -name '.partial-*' -exec rm -rf {} +
mkdir -p "$partial"

printf 'backup: dumping database %s\n' "$DB_NAME"
mariadb-dump --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" \
  --single-transaction --quick --triggers --no-tablespaces \
  "$DB_NAME" | gzip -c >"$partial/database.sql.gz" ||
  fail "the dump of database $DB_NAME failed"

[ -d "$WP_PATH/wp-content" ] || fail "$WP_PATH/wp-content does not exist"
printf 'backup: archiving wp-content\n'
tar -C "$WP_PATH" -czf "$partial/wp-content.tar.gz" wp-content ||
  fail "the archive of wp-content failed"

sync
mv "$partial" "$final"
printf 'backup: %s complete\n' "$BACKUP_ID"

# Retention: the newest $KEEP complete backups stay (ids sort by age).
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' |
  sort -r | tail -n +"$((KEEP + 1))" | while read -r old; do
  printf 'backup: removing %s (retention %s)\n' "$old" "$KEEP"
  rm -rf "${BACKUP_DIR:?}/$old"
done

report_size
