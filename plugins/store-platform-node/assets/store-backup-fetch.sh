#!/bin/sh
# Copies a backup of another store into this pod: the first step of a clone's restore Job (busybox).
#
# Inputs (env):
#   SOURCE_URL   the source store's export server for this backup (http://<pod ip>:<port>), which
#                only this Job's pod may reach (NetworkPolicies of both namespaces)
#   DEST         where the files go (an emptyDir the restore step reads)
set -eu

: "${SOURCE_URL:?SOURCE_URL is required}"
: "${DEST:?DEST is required}"

mkdir -p "$DEST"
for file in database.sql.gz wp-content.tar.gz; do
  tries=0
  # The server may still be starting: a few tries, then a clear failure.
  until wget -q -T 60 -O "$DEST/$file" "$SOURCE_URL/$file"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 10 ]; then
      echo "fetch: FAILED: $file could not be copied from the source store" >&2
      echo "$file could not be copied from the source store" >/dev/termination-log 2>/dev/null || true
      exit 1
    fi
    sleep 3
  done
  echo "fetch: $file copied"
done
