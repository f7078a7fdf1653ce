# shellcheck shell=bash
# wordpress: stands for store-platform-wordpress-woocommerce (images/wordpress-woocommerce)
# in the product's Deployment (resources/storefront.ts). Debian's WordPress with Apache and
# mod_php, arranged as that image promises: Apache on 8080 as www-data (33:33), logs to
# stdout/stderr, wp-config.php reading WORDPRESS_DB_HOST/NAME/USER/PASSWORD from the
# environment, and on first start the WordPress tree (/usr/src/wordpress) copied into the
# empty /var/www/html volume, as the official image's entrypoint does.
# WooCommerce itself cannot be fetched here: wp-content/plugins/woocommerce is an empty
# placeholder plugin (wordpress/woocommerce-placeholder.php), only so that the bootstrap's
# "bundled plugin" check looks at a real file on the shared volume.

rn_img_wordpress_packages() {
  echo wordpress apache2 libapache2-mod-php php-mysql php-gd wordpress-theme-twentytwentythree
}

rn_img_wordpress_arrange() { # <rootfs>
  local r="$1" src="${RN_IMAGES_SRC}/wordpress"
  rn_image_user "$r" www-data 33 /var/www
  # The tree the entrypoint copies: Debian's, its symlinks (wp-content, bundled
  # libraries) resolved so the copy on the volume stands alone.
  rm -rf "$r/usr/src/wordpress"
  cp -rL "$r/usr/share/wordpress" "$r/usr/src/wordpress"
  rm -f "$r/usr/src/wordpress/wp-config.php" "$r/usr/src/wordpress/.htaccess"
  install -m 0644 "${src}/wp-config-env.php" "$r/usr/src/wordpress/wp-config-env.php"
  install -d "$r/usr/src/wordpress/wp-content/plugins/woocommerce"
  install -m 0644 "${src}/woocommerce-placeholder.php" "$r/usr/src/wordpress/wp-content/plugins/woocommerce/woocommerce.php"
  install -d "$r/usr/src/wordpress/wp-content/uploads"
  chown -R 33:33 "$r/usr/src/wordpress"
  rm -rf "$r/usr/share/wordpress" "$r/var/lib/wordpress" "$r/etc/wordpress"
  # Apache: the store's site only, on 8080, logs to the container's stdout/stderr.
  chroot "$r" a2dismod -f mpm_event >/dev/null 2>&1 || true
  chroot "$r" a2enmod mpm_prefork php8.2 rewrite >/dev/null
  rm -f "$r"/etc/apache2/sites-enabled/* "$r"/etc/apache2/conf-enabled/other-vhosts-access-log.conf
  install -m 0644 "${src}/ports.conf" "$r/etc/apache2/ports.conf"
  install -m 0644 "${src}/store.conf" "$r/etc/apache2/sites-available/store.conf"
  ln -s ../sites-available/store.conf "$r/etc/apache2/sites-enabled/store.conf"
  # Runs as 33 on a writable root: what Apache writes there belongs to 33.
  rm -rf "$r/var/www/html"
  install -d -m 0755 -o 33 -g 33 "$r/var/www/html" "$r/run/apache2" "$r/run/lock/apache2" "$r/var/log/apache2"
  ln -sf /dev/stderr "$r/var/log/apache2/error.log"
  ln -sf /dev/stdout "$r/var/log/apache2/access.log"
  install -m 0755 "${src}/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  install -m 0755 "${src}/apache2-foreground" "$r/usr/local/bin/apache2-foreground"
}

rn_img_wordpress_config() {
  printf '"User":"33:33","Entrypoint":["docker-entrypoint.sh"],"Cmd":["apache2-foreground"],'
  printf '"WorkingDir":"/var/www/html","ExposedPorts":{"8080/tcp":{}},"Volumes":{"/var/www/html":{}},'
  rn_image_labels store-platform-test/wordpress \
    "Test image from Debian's WordPress, Apache and PHP, standing for store-platform-wordpress-woocommerce (scripts/test-cluster.d/images); no WooCommerce" \
    store-platform.io/test-placeholder "wp-content/plugins/woocommerce is an empty placeholder plugin"
}
