# shellcheck shell=bash
# scripts/images.d/stand-ins.sh — local stand-ins for the base images the Dockerfiles name.
#
# Sourced by scripts/images for buildah builds (after scripts/lib/buildah.sh). No registry is
# reachable on these machines, so each base image a Dockerfile starts FROM is made here under
# that exact name, from Debian packages and the npm registry, and labelled as a stand-in
# (org.opencontainers.image.description). One builder per stand-in, stand-ins/<name>.sh, with
# the files it uses in stand-ins/<name>/:
#   stand_in_<name>_from <ref>                what it is built from (for the description)
#   debian, the root: rn_img_debian_packages and rn_img_debian_arrange, built by debootstrap
#     with the test images' helpers (scripts/test-cluster.d/images/lib.sh)
#   the others: stand-ins/<name>/Containerfile FROM the debian stand-in, and optionally
#     stand_in_<name>_context <ref> <dir>     files it copies, prepared in its build context
#     stand_in_<name>_build_args <ref> <dir>  more `buildah bud` arguments, one a line
# A stand-in is rebuilt only when what defines it changes: the key below, kept on the image
# as the label store-platform.io/stand-in-key.

SI_SELF="${BASH_SOURCE[0]}"
SI_SRC="${REPO_ROOT}/scripts/images.d/stand-ins"
SI_DIR="${STORE_PLATFORM_CACHE}/stand-in-images"
SI_ROOT_REF="docker.io/library/debian:bookworm-slim"
SI_KEY_LABEL="store-platform.io/stand-in-key"

# What the test images' helpers need from scripts/test-cluster; the .deb cache is shared with them.
D_DIR="${REPO_ROOT}/scripts/test-cluster.d"
# shellcheck disable=SC2034 # read by lib.sh
CACHE_ROOT="${STORE_PLATFORM_CACHE}"
LOGS="${SI_DIR}/logs"
# shellcheck source=../test-cluster.d/images/lib.sh
source "${D_DIR}/images/lib.sh"
for _si in "${SI_SRC}"/*.sh; do
  # shellcheck source=/dev/null
  source "$_si"
done
unset _si

# The base images a Dockerfile's stages start from (global ARG defaults applied; not stages, not scratch).
stand_in_dockerfile_bases() { # <Dockerfile>
  awk '
    function expand(s,   name) {
      while (match(s, /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/)) {
        name = substr(s, RSTART, RLENGTH); gsub(/[${}]/, "", name)
        s = substr(s, 1, RSTART - 1) args[name] substr(s, RSTART + RLENGTH)
      }
      return s
    }
    toupper($1) == "ARG" && !seen_from { split($2, kv, "="); args[kv[1]] = substr($2, length(kv[1]) + 2) }
    toupper($1) == "FROM" {
      seen_from = 1; i = 2; while ($i ~ /^--/) i++
      image = expand($i)
      if (image != "scratch" && !(image in stages)) print image
      if (toupper($(i + 1)) == "AS") stages[$(i + 2)] = 1
    }' "$1" | sort -u
}

# An image reference as a registry would name it: node:22 -> docker.io/library/node:22.
stand_in_full_ref() { # <reference>
  local ref="$1" first="${1%%/*}"
  if [[ "$ref" != */* ]]; then
    ref="docker.io/library/${ref}"
  elif [[ "$first" != *.* && "$first" != *:* && "$first" != localhost ]]; then
    ref="docker.io/${ref}"
  fi
  echo "$ref"
}

stand_in_name() { # <reference>: the stand-in that serves it, empty when none does
  local repo
  repo="$(stand_in_full_ref "$1")"
  repo="${repo%:*}"
  case "$repo" in
    docker.io/library/debian) echo debian ;;
    docker.io/library/node) echo node ;;
    docker.io/library/busybox) echo busybox ;;
    docker.io/nginxinc/nginx-unprivileged) echo nginx ;;
  esac
}

# The stand-in's builder and folder (rn_image_key, as for the test images, with its inputs),
# this file, the test images' helpers, the mirror, the reference, and its parent's key.
stand_in_key() { # <name> <full reference>
  local name="$1" ref="$2"
  {
    # shellcheck disable=SC2034 # rn_image_key reads the stand-ins folder instead of its own
    (RN_IMAGES_SRC="$SI_SRC" && rn_image_key "$name")
    sha256sum <"$SI_SELF"
    sha256sum <"${D_DIR}/images/lib.sh"
    echo "mirror $(rn_debian_mirror) ref ${ref}"
    [[ "$name" == debian ]] || stand_in_key debian "$SI_ROOT_REF"
  } | sha256sum | cut -c1-16
}

stand_in_description() { # <name> <full reference>
  local short="${2#docker.io/}"
  echo "local stand-in for ${short#library/}, built from $("stand_in_${1}_from" "$2") by scripts/images.d/stand-ins.sh"
}

# Makes sure a base image exists, building its stand-in (and the debian root) when missing or
# stale. A base that no stand-in serves is left to the build, which names it when it fails.
stand_in_ensure() { # <reference>
  local ref name
  ref="$(stand_in_full_ref "$1")"
  name="$(stand_in_name "$ref")"
  if [[ -z "$name" ]]; then
    buildah_has_image "$ref" || log "no local stand-in for ${1}: a build that reaches it will fail (no registry here)"
    return 0
  fi
  stand_in_build debian "$SI_ROOT_REF"
  if [[ "$name" == debian ]]; then
    [[ "$ref" == "$SI_ROOT_REF" ]] || buildah tag "$SI_ROOT_REF" "$ref"
  else
    stand_in_build "$name" "$ref"
  fi
}

stand_in_build() { # <name> <full reference>
  local name="$1" ref="$2" key start=$SECONDS
  key="$(stand_in_key "$name" "$ref")"
  [[ "$(buildah_label "$ref" "$SI_KEY_LABEL")" != "$key" ]] || return 0
  mkdir -p "$LOGS"
  : >"${LOGS}/image-${name}.log"
  log "building the local stand-in ${ref} (log: ${LOGS}/image-${name}.log)"
  if [[ "$name" == debian ]]; then
    stand_in_build_debian "$ref" "$key"
  else
    stand_in_build_containerfile "$name" "$ref" "$key"
  fi
  log "stand-in ${ref}: $(buildah_size "$ref") in $((SECONDS - start))s"
}

# The root: a debootstrap'd, trimmed rootfs as the one layer of an image made from scratch.
stand_in_build_debian() { # <full reference> <key>
  local ref="$1" key="$2" rootfs="${SI_DIR}/.build-debian" ctr
  command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null ||
    die "debootstrap is required to build the debian stand-in"
  rm -rf --one-file-system "$rootfs" "${rootfs}.tar"
  rn_image_debootstrap debian "$rootfs"
  rn_img_debian_arrange "$rootfs"
  rn_image_trim "$rootfs"
  # Owners as numbers: the rootfs's own ids, not the host's names for them.
  tar --numeric-owner -C "$rootfs" -cf "${rootfs}.tar" .
  ctr="$(buildah from --pull=never scratch)"
  {
    buildah add "$ctr" "${rootfs}.tar" / &&
      buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        --cmd bash --label "org.opencontainers.image.description=$(stand_in_description debian "$ref")" \
        --label "${SI_KEY_LABEL}=${key}" "$ctr" &&
      buildah commit --rm "$ctr" "$ref"
  } >>"${LOGS}/image-debian.log" 2>&1 || { buildah rm "$ctr" >/dev/null 2>&1; die "committing the debian stand-in failed (log: ${LOGS}/image-debian.log)"; }
  rm -rf --one-file-system "$rootfs" "${rootfs}.tar"
}

stand_in_build_containerfile() { # <name> <full reference> <key>
  local name="$1" ref="$2" key="$3" ctx="${SI_DIR}/.context-$1" args=()
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -a "${SI_SRC}/${name}/." "$ctx/"
  if declare -F "stand_in_${name}_context" >/dev/null; then "stand_in_${name}_context" "$ref" "$ctx"; fi
  if declare -F "stand_in_${name}_build_args" >/dev/null; then
    mapfile -t args < <("stand_in_${name}_build_args" "$ref" "$ctx")
  fi
  buildah_bud -f "${ctx}/Containerfile" "${args[@]}" \
    --label "org.opencontainers.image.description=$(stand_in_description "$name" "$ref")" \
    --label "${SI_KEY_LABEL}=${key}" -t "$ref" "$ctx" >>"${LOGS}/image-${name}.log" 2>&1 ||
    { tail -n 20 "${LOGS}/image-${name}.log" >&2; die "building the ${name} stand-in failed (log: ${LOGS}/image-${name}.log)"; }
  rm -rf "$ctx"
}

# An npm registry package, unpacked into <dir> (its tarball cached by name and version).
stand_in_npm_package() { # <name@version> <dir>
  local spec="$1" dir="$2" tgz tmp
  tgz="${SI_DIR}/npm/${spec//@/-}.tgz"
  if [[ ! -s "$tgz" ]]; then
    mkdir -p "${SI_DIR}/npm"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || die "could not fetch ${spec} from the npm registry (npm pack)"
    mv "$tmp"/*.tgz "$tgz"
    rm -rf "$tmp"
  fi
  mkdir -p "$dir"
  tar -xzf "$tgz" -C "$dir" --strip-components=1
}
