# shellcheck shell=bash
# postgresql: stands for postgres:17.6-bookworm in the chart's in-chart PostgreSQL
# (helm/store-platform/templates/postgresql.yaml). Debian's PostgreSQL 15 (Backstage
# supports it); its contract as the official image's: POSTGRES_USER (default postgres),
# POSTGRES_PASSWORD and POSTGRES_DB (default: the user) initialise an empty PGDATA on
# first start, the user being the superuser; remote hosts log in with scram-sha-256 on
# 0.0.0.0:5432; user postgres 999:999; pg_isready, psql and the server on PATH; stop
# signal SIGINT (fast shutdown). Writes only to PGDATA, /var/run/postgresql and /tmp.

RN_IMG_PG_VERSION=15

rn_img_postgresql_packages() {
  echo "postgresql-${RN_IMG_PG_VERSION}"
}

rn_img_postgresql_arrange() { # <rootfs>
  local r="$1" bin="/usr/lib/postgresql/${RN_IMG_PG_VERSION}/bin" f
  rn_image_user "$r" postgres 999 /var/lib/postgresql
  # The package's postinst made a cluster "main" of Debian's layout; this image has none.
  rm -rf "$r/var/lib/postgresql/${RN_IMG_PG_VERSION}" "$r/etc/postgresql/${RN_IMG_PG_VERSION}" \
    "$r"/var/log/postgresql/* "$r"/etc/ssl/private/ssl-cert-snakeoil.key "$r"/etc/ssl/certs/ssl-cert-snakeoil.pem
  # JIT (LLVM and its z3, loaded only for costly queries) is half the size; without its
  # provider the server runs with JIT off and no error (jit_provider's documentation).
  rm -rf "$r${bin%/bin}"/lib/llvmjit* "$r${bin%/bin}/lib/bitcode" \
    "$r"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* "$r"/usr/lib/x86_64-linux-gnu/libz3.so*
  # As the official image (which puts this folder on PATH): the programs themselves,
  # ahead of Debian's pg_wrapper in /usr/bin, which looks for clusters first.
  for f in "$r$bin"/*; do ln -sf "$bin/${f##*/}" "$r/usr/local/bin/${f##*/}"; done
  # As the official image: initdb writes listen_addresses = '*' into a new cluster's config.
  sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" \
    "$r/usr/share/postgresql/${RN_IMG_PG_VERSION}/postgresql.conf.sample"
  grep -qx "listen_addresses = '\*'" "$r/usr/share/postgresql/${RN_IMG_PG_VERSION}/postgresql.conf.sample"
  install -m 0755 "${RN_IMAGES_SRC}/postgresql/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  rm -rf "$r/run/postgresql"
  install -d -m 0755 -o 999 -g 999 "$r/var/lib/postgresql/data" "$r/run/postgresql"
}

rn_img_postgresql_config() {
  printf '"User":"999:999","Entrypoint":["docker-entrypoint.sh"],"Cmd":["postgres"],"StopSignal":"SIGINT",'
  printf '"ExposedPorts":{"5432/tcp":{}},"Volumes":{"/var/lib/postgresql/data":{}},'
  rn_image_labels store-platform-test/postgresql \
    "Test image from Debian's PostgreSQL ${RN_IMG_PG_VERSION}, standing for postgres:17.6-bookworm (scripts/test-cluster.d/images)"
}
