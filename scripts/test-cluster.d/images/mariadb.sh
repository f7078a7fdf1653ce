# shellcheck shell=bash
# mariadb: stands for mariadb:10.11 in the product's StatefulSet (resources/database.ts).
# Debian's MariaDB server (10.11); its contract as the official image's: the variables
# MARIADB_ROOT_PASSWORD, MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD and
# MARIADB_MYSQL_LOCALHOST_USER initialise an empty /var/lib/mysql on first start; user
# mysql 999:999; port 3306; healthcheck.sh --connect / --innodb_initialized on PATH.
# Writes only to /var/lib/mysql, /run/mysqld and /tmp (the pod's read-only root).
# The store's backup and restore Jobs run it too: bash, mariadb-dump, mariadb, tar, gzip.

rn_img_mariadb_packages() {
  # The server and client cores: mariadbd, mariadb-install-db, the mariadb client; and the
  # full client for mariadb-dump, which the backup Job runs in this image (as in the official).
  echo mariadb-server-core mariadb-client-core mariadb-client
}

rn_img_mariadb_arrange() { # <rootfs>
  local r="$1" src="${RN_IMAGES_SRC}/mariadb"
  rn_image_user "$r" mysql 999 /var/lib/mysql
  install -m 0644 "${src}/my.cnf" "$r/etc/mysql/my.cnf"
  rm -rf "$r"/etc/mysql/conf.d "$r"/etc/mysql/mariadb.conf.d "$r"/etc/mysql/mariadb.cnf
  install -m 0755 "${src}/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  install -m 0755 "${src}/healthcheck.sh" "$r/usr/local/bin/healthcheck.sh"
  rm -rf "$r/var/lib/mysql" "$r/run/mysqld"
  install -d -m 0755 -o 999 -g 999 "$r/var/lib/mysql" "$r/run/mysqld"
}

rn_img_mariadb_config() {
  printf '"User":"999:999","Entrypoint":["docker-entrypoint.sh"],"Cmd":["mariadbd"],'
  printf '"ExposedPorts":{"3306/tcp":{}},"Volumes":{"/var/lib/mysql":{}},'
  rn_image_labels store-platform-test/mariadb \
    "Test image from Debian's MariaDB 10.11, standing for mariadb:10.11 (scripts/test-cluster.d/images)"
}
