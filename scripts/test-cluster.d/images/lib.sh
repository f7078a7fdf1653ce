# shellcheck shell=bash
# scripts/test-cluster.d/images/lib.sh — the test images built from Debian packages.
#
# Sourced by real-node.sh (never run on its own). Each image of RN_TEST_IMAGES has a
# builder <name>.sh beside this file and, in <name>/, the files it copies in. A builder
# defines three functions:
#   rn_img_<name>_packages           the Debian packages (debootstrap --include)
#   rn_img_<name>_arrange <rootfs>   users, files and settings after debootstrap
#   rn_img_<name>_config             the image config's members (JSON, for rn_pack_image)
# An image is rebuilt only when what defines it changes: this file, its builder, its
# folder (the key below); otherwise the cached tarball's reference is reused.

RN_IMAGES_SRC="${D_DIR}/images"
RN_TEST_IMAGES=(mariadb wordpress bootstrap postgresql)
# Pinned: the images' contents (PHP 8.2, MariaDB 10.11) depend on it, not on the host.
RN_DEBIAN_SUITE=bookworm
RN_DEBOOTSTRAP_CACHE="${CACHE_ROOT}/debootstrap-debs"

for _rn_img in "${RN_TEST_IMAGES[@]}"; do
  # shellcheck source=/dev/null
  source "${RN_IMAGES_SRC}/${_rn_img}.sh"
done
unset _rn_img

# The Debian mirror the host's apt uses (TEST_CLUSTER_DEBIAN_MIRROR overrides it).
rn_debian_mirror() {
  if [[ -n "${TEST_CLUSTER_DEBIAN_MIRROR:-}" ]]; then echo "${TEST_CLUSTER_DEBIAN_MIRROR}"; return; fi
  local url
  url="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '$1 == "URIs:" && $2 !~ /security/ { print $2; exit }')"
  [[ -n "$url" ]] || url="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
    /etc/apt/sources.list 2>/dev/null | head -n1)"
  [[ -n "$url" ]] || die "no Debian mirror in the host's apt sources (set TEST_CLUSTER_DEBIAN_MIRROR)"
  echo "$url"
}

# What defines an image: the suite, this file, its builder, every file it copies in
# (paths, modes and contents), and the files outside images/ its builder names
# (an optional rn_img_<name>_inputs).
rn_image_key() { # <name>
  local name="$1" f
  {
    echo "suite ${RN_DEBIAN_SUITE}"
    (cd "${RN_IMAGES_SRC}" && find lib.sh "${name}.sh" "${name}" -type f 2>/dev/null | LC_ALL=C sort |
      while read -r f; do printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"; done)
    if declare -F "rn_img_${name}_inputs" >/dev/null; then
      for f in $("rn_img_${name}_inputs"); do
        [[ -f "$f" ]] || die "${f} (an input of the ${name} image) is missing"
        printf '%s %s %s\n' "${f##*/}" "$(stat -c %a "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"
      done
    fi
  } | sha256sum | cut -c1-16
}

# Debian's docs, manuals, translations, apt lists and caches, logs: not needed to run.
rn_image_trim() { # <rootfs>
  local r="$1"
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/debconf/*-old \
    "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/lintian \
    "$r"/var/log/*.log "$r"/var/log/apt/* "$r"/var/lib/dpkg/*-old "$r"/dev/* "$r"/tmp/* "$r"/root/.bash_history
  find "$r"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  # The runtime provides these; the image's own copies would only shadow them.
  : >"$r"/etc/hostname
  rm -f "$r"/etc/resolv.conf
}

# A user with fixed ids (the product's pod specs run the images as these uids).
rn_image_user() { # <rootfs> <name> <uid> <home>
  local r="$1" name="$2" id="$3" home="$4" old
  if chroot "$r" getent passwd "$name" >/dev/null; then
    old="$(chroot "$r" id -u "$name")"
    [[ "$old" == "$id" ]] && return 0
    chroot "$r" groupmod -g "$id" "$name"
    chroot "$r" usermod -u "$id" -g "$id" "$name"
    find "$r" -xdev -uid "$old" -exec chown -h "$id:$id" {} +
  else
    chroot "$r" groupadd -g "$id" "$name"
    chroot "$r" useradd -u "$id" -g "$id" -d "$home" -M -s /usr/sbin/nologin "$name"
  fi
}

# debootstrap of one image into <rootfs>; its log is <state>/logs/image-<name>.log.
rn_image_debootstrap() { # <name> <rootfs>
  local name="$1" rootfs="$2" packages mirror
  packages="$("rn_img_${name}_packages" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')"
  mirror="$(rn_debian_mirror)"
  mkdir -p "${RN_DEBOOTSTRAP_CACHE}"
  nice debootstrap --variant=minbase --include="$packages" --cache-dir="${RN_DEBOOTSTRAP_CACHE}" \
    "${RN_DEBIAN_SUITE}" "$rootfs" "$mirror" >>"${LOGS}/image-${name}.log" 2>&1 ||
    { tail -n 20 "${LOGS}/image-${name}.log" >&2; die "debootstrap of the ${name} image failed (log: ${LOGS}/image-${name}.log)"; }
}

# Builds one test image unless its key is cached; prints its reference.
rn_build_test_image() { # <name>
  local name="$1" key keyfile ref rootfs start=$SECONDS
  key="$(rn_image_key "$name")"
  keyfile="${RN_IMAGE_CACHE}/${name}.key-${key}"
  mkdir -p "${RN_IMAGE_CACHE}" "${LOGS}"
  (
    exec 7>"${RN_IMAGE_CACHE}/.${name}.lock"
    flock 7
    if [[ -s "$keyfile" ]] && ref="$(<"$keyfile")" && [[ -s "${RN_IMAGE_CACHE}/${name}-${ref##*:}.tar" ]]; then
      echo "$ref"
      exit 0
    fi
    command -v debootstrap >/dev/null || die "debootstrap is required to build the ${name} image"
    log "building the ${name} test image (debootstrap ${RN_DEBIAN_SUITE}: $("rn_img_${name}_packages" | xargs)) ..."
    : >"${LOGS}/image-${name}.log"
    rootfs="${RN_IMAGE_CACHE}/.build-${name}"
    rn_unmount_under "$rootfs"
    rm -rf "$rootfs"
    rn_image_debootstrap "$name" "$rootfs"
    "rn_img_${name}_arrange" "$rootfs" >>"${LOGS}/image-${name}.log" 2>&1 ||
      { tail -n 20 "${LOGS}/image-${name}.log" >&2; die "arranging the ${name} image failed (log: ${LOGS}/image-${name}.log)"; }
    rn_image_trim "$rootfs"
    ref="$(rn_pack_image "$name" "$rootfs" "$("rn_img_${name}_config")")"
    # The previous build of this image is not referenced any more.
    find "${RN_IMAGE_CACHE}" -maxdepth 1 -name "${name}-*.tar" ! -name "${name}-${ref##*:}.tar" -delete
    rm -f "${RN_IMAGE_CACHE}/${name}.key-"*
    echo "$ref" >"$keyfile"
    rm -rf "$rootfs"
    log "built ${ref} in $((SECONDS - start))s ($(du -h "${RN_IMAGE_CACHE}/${name}-${ref##*:}.tar" | cut -f1))"
    echo "$ref"
  )
}

# Every test image (built or from the cache): <state>/real-node/build/<name>.ref.
rn_build_test_images() {
  local name
  mkdir -p "${RN_DIR}/build"
  for name in "${RN_TEST_IMAGES[@]}"; do
    rn_build_test_image "$name" >"${RN_DIR}/build/${name}.ref" || return 1
  done
}

# The image config's "Labels" member: title, description, then key/value pairs
# (plain text: no quotes or backslashes).
rn_image_labels() { # <title> <description> [<key> <value>]...
  local out
  out="\"Labels\":{\"org.opencontainers.image.title\":\"$1\",\"org.opencontainers.image.description\":\"$2\""
  shift 2
  while (($#)); do out+=",\"$1\":\"$2\""; shift 2; done
  echo "${out}}"
}

# Imports the test images containerd does not have yet; lists them in <state>/real-node/images
# (other lines of that file are kept).
rn_import_test_images() {
  local name ref have pattern
  have="$(rn_ctr images ls -q 2>/dev/null || true)"
  pattern="^($(IFS='|'; echo "${RN_TEST_IMAGES[*]}"))="
  { grep -vE "$pattern" "${RN_IMAGES_FILE}" 2>/dev/null || true; } >"${RN_IMAGES_FILE}.test.tmp"
  for name in "${RN_TEST_IMAGES[@]}"; do
    ref="$(<"${RN_DIR}/build/${name}.ref")"
    if ! grep -qxF "$ref" <<<"$have"; then
      rn_ctr images import "${RN_IMAGE_CACHE}/${name}-${ref##*:}.tar" >>"${LOGS}/real-node-images.log" 2>&1 ||
        { tail -n 10 "${LOGS}/real-node-images.log" >&2; die "could not import the ${name} image"; }
    fi
    echo "${name}=${ref}" >>"${RN_IMAGES_FILE}.test.tmp"
  done
  mv -f "${RN_IMAGES_FILE}.test.tmp" "${RN_IMAGES_FILE}"
}

# `scripts/test-cluster images`: builds the test images whose definition changed,
# imports them, prints every image of the node as name=reference.
real_node_images() {
  alive containerd || die "the real node is not up: start it with TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up"
  rn_build_test_images
  rn_import_test_images
  cat "${RN_IMAGES_FILE}"
}
