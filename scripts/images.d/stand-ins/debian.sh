# shellcheck shell=bash
# debian: the root of the stand-ins, and the stand-in for debian:bookworm-slim (the WordPress
# image's download stage): Debian bookworm by `debootstrap --variant=minbase`, trimmed, with the
# settings of Debian's own container image (apt keeps no caches, later installs leave out docs)
# and apt sources on the host's mirror, so `RUN apt-get install` works in the builds on top.

stand_in_debian_from() { echo "Debian ${RN_DEBIAN_SUITE} (debootstrap --variant=minbase)"; }

# minbase is what the slim image holds: apt, dpkg, bash and the essential set. apt is named
# only because debootstrap refuses an empty --include; minbase has it anyway.
rn_img_debian_packages() { echo apt; }

rn_img_debian_arrange() { # <rootfs>
  local r="$1" src="${SI_SRC}/debian" f
  for f in "${src}"/apt.conf.d/*; do install -m 0644 "$f" "${r}/etc/apt/apt.conf.d/${f##*/}"; done
  install -m 0644 "${src}/dpkg-slim.cfg" "${r}/etc/dpkg/dpkg.cfg.d/docker-slim"
  # Package scripts must not start services in a build.
  install -m 0755 "${src}/policy-rc.d" "${r}/usr/sbin/policy-rc.d"
  rm -f "${r}/etc/apt/sources.list"
  stand_in_debian_sources >"${r}/etc/apt/sources.list.d/debian.sources"
}

# The host's mirror for the suite and its updates, and the host's security mirror when it has one.
stand_in_debian_sources() {
  local security
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: %s\n' \
    "$(rn_debian_mirror)" "$RN_DEBIAN_SUITE" "$RN_DEBIAN_SUITE" /usr/share/keyrings/debian-archive-keyring.gpg
  security="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '$1 == "URIs:" && $2 ~ /security/ { print $2; exit }')"
  [[ -z "$security" ]] ||
    printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: %s\n' \
      "$security" "$RN_DEBIAN_SUITE" /usr/share/keyrings/debian-archive-keyring.gpg
}
