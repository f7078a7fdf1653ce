#!/bin/sh
# Copies a backup of another store into this pod: the first step of a clone's restore Job (busybox).
#
# Inputs (env):
#   SOURCE_URL   the source store's export server for this backup (http://<pod ip>:<port>), which
#                only this Job's pod may reach (NetworkPolicies of both namespaces)
#   DEST         where the files go (an emptyDir the restore step reads)
#   TERMINATION_LOG  where the Job's result message goes (default /dev/termination-log)
set -eu

: "${SOURCE_URL:?SOURCE_URL is required}"
: "${DEST:?DEST is required}"
: "${TERMINATION_LOG:=/dev/termination-log}"

mkdir -p "$DEST"
for file in database.sql.gz wp-content.tar.gz; do
  tries=0
  # The server may still be starting: a few tries, then a clear failure. No -T: Debian's
  # busybox 1.35 wget crashes with it; the Job's activeDeadlineSeconds bounds a stalled copy.
  until wget -q -O "$DEST/$file" "$SOURCE_URL/$file"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 10 ]; then
      echo "fetch: FAILED: $file could not be copied from the source store" >&2
      echo "$file could not be copied from the source store" >"$TERMINATION_LOG" 2>/dev/null || true
      exit 1
    fi
    sleep 3
  done
  echo "fetch: $file copied"
done
