# shellcheck shell=bash
# bootstrap: stands for wordpress:cli in the bootstrap and admin-password Jobs
# (resources/wpCliPod.ts). bash, PHP CLI and the MariaDB client are Debian's; `wp` is a
# TEST DOUBLE: wp-cli and WooCommerce cannot be fetched here, so /usr/local/bin/wp
# (bootstrap/wp) checks the real database, then hands the command to the project's
# wp-cli test double, plugins/store-platform-node/src/engines/woocommerce/testing/fake-wp.sh,
# copied in at build time. The WordPress and WooCommerce steps are simulated.

RN_IMG_FAKE_WP="${D_DIR}/../../plugins/store-platform-node/src/engines/woocommerce/testing/fake-wp.sh"

# Copied in from outside images/: part of what defines the image (its cache key).
rn_img_bootstrap_inputs() { echo "$RN_IMG_FAKE_WP"; }

rn_img_bootstrap_packages() {
  echo bash php-cli php-mysql mariadb-client-core
}

rn_img_bootstrap_arrange() { # <rootfs>
  local r="$1" src="${RN_IMAGES_SRC}/bootstrap"
  rn_image_user "$r" www-data 33 /var/www
  install -d "$r/usr/local/lib/store-platform-test"
  install -m 0755 "$RN_IMG_FAKE_WP" "$r/usr/local/lib/store-platform-test/fake-wp.sh"
  install -m 0755 "${src}/wp" "$r/usr/local/bin/wp"
  install -d -m 0755 -o 33 -g 33 "$r/var/www/html"
}

rn_img_bootstrap_config() {
  printf '"User":"33:33","WorkingDir":"/var/www/html","Cmd":["wp","--info"],'
  rn_image_labels store-platform-test/bootstrap \
    "Test image from Debian's bash, PHP CLI and MariaDB client, standing for wordpress:cli (scripts/test-cluster.d/images)" \
    store-platform.io/test-double "wp is the wp-cli test double fake-wp.sh behind a real database check: WordPress and WooCommerce steps are simulated"
}
