#!/bin/bash
# Entry point of the wordpress test image (scripts/test-cluster.d/images/wordpress.sh).
# As the official wordpress image: before Apache starts, an empty /var/www/html (the
# store's volume) gets the WordPress tree from /usr/src/wordpress, and, when WORDPRESS_*
# variables are set and there is none yet, a wp-config.php that reads them from the
# environment, with fresh keys and salts (never printed).
set -euo pipefail

if [[ "${1:-}" == apache2* ]]; then
  cd /var/www/html
  if [[ ! -e index.php && ! -e wp-includes/version.php ]]; then
    echo "WordPress not found in ${PWD} - copying now..." >&2
    # The folder's entries, not the folder itself: the volume's root is not ours to chmod.
    find /usr/src/wordpress -mindepth 1 -maxdepth 1 -printf '%P\n' |
      tar -C /usr/src/wordpress -cf - -T - | tar -xf - --no-same-owner
    echo "Complete! WordPress has been successfully copied to ${PWD}" >&2
  fi
  wp_env=("${!WORDPRESS_@}")
  if [[ ! -s wp-config.php && ${#wp_env[@]} -gt 0 && -s wp-config-env.php ]]; then
    echo "No 'wp-config.php' found in ${PWD}, but 'WORDPRESS_...' variables supplied; copying 'wp-config-env.php'" >&2
    (
      umask 027
      while IFS= read -r line; do
        if [[ "$line" == *"'put your unique phrase here'"* ]]; then
          key="$(head -c 48 /dev/urandom | sha256sum | cut -d' ' -f1)"
          line="${line/put your unique phrase here/$key}"
        fi
        printf '%s\n' "$line"
      done <wp-config-env.php >wp-config.php.tmp
      mv -f wp-config.php.tmp wp-config.php
    )
  fi
fi
exec "$@"
