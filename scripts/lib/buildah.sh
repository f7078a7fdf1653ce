# shellcheck shell=bash
# Sourced by scripts/images: Debian's buildah, daemonless, with everything it keeps under the
# project's cache (never /var/lib/containers), so Dockerfiles build where no Docker engine runs.
# Needs log and die from the sourcing script, and STORE_PLATFORM_CACHE (scripts/lib/toolchain.sh).

BUILDAH_DIR="${STORE_PLATFORM_CACHE}/buildah"

# Installs buildah when missing and points it at a storage of its own: overlay where the
# filesystem allows it, vfs (slower, bigger, works everywhere) otherwise. Each driver has its
# own graphroot, since containers/storage refuses a graphroot made by another driver.
buildah_setup() {
  if ! command -v buildah >/dev/null; then
    log "installing buildah (apt-get install -y buildah)"
    { apt-get install -y buildah || { apt-get update && apt-get install -y buildah; }; } >/dev/null ||
      die "could not install buildah from Debian's packages"
  fi
  mkdir -p "$BUILDAH_DIR"
  local driver
  for driver in overlay vfs; do
    buildah_storage_conf "$driver" >"${BUILDAH_DIR}/storage.conf"
    export CONTAINERS_STORAGE_CONF="${BUILDAH_DIR}/storage.conf"
    # Mounting a container is what fails where a driver cannot work (overlay on overlayfs).
    if buildah_probe_storage >/dev/null 2>"${BUILDAH_DIR}/${driver}.probe.log"; then
      # shellcheck disable=SC2034 # for the caller's messages
      BUILDAH_DRIVER="$driver"
      return 0
    fi
    log "buildah storage driver ${driver} does not work here ($(tail -n1 "${BUILDAH_DIR}/${driver}.probe.log"))"
  done
  die "buildah has no working storage driver (logs: ${BUILDAH_DIR}/*.probe.log)"
}

buildah_probe_storage() {
  local ctr
  ctr="$(buildah from --pull=never scratch)" || return 1
  if ! buildah mount "$ctr" >/dev/null; then
    buildah rm "$ctr" >/dev/null
    return 1
  fi
  buildah rm "$ctr" >/dev/null
}

buildah_storage_conf() { # <driver>
  printf '[storage]\ndriver = "%s"\ngraphroot = "%s"\nrunroot = "%s"\n' \
    "$1" "${BUILDAH_DIR}/$1/graph" "${BUILDAH_DIR}/$1/run"
}

# A Dockerfile build. Never pulls (no registry is reachable, and a missing base must fail at
# once rather than after a DNS timeout); host network, so RUN reaches the package registries
# and netavark leaves no iptables chains behind; --layers so an unchanged rebuild is cached;
# --force-rm so a failed step leaves no working container behind. TMPDIR: buildah keeps the
# RUN --mount=type=cache folders there (else in /var/tmp/buildah-cache).
buildah_bud() { # <buildah bud arguments>...
  mkdir -p "${BUILDAH_DIR}/tmp"
  TMPDIR="${BUILDAH_DIR}/tmp" buildah bud --pull=never --layers --force-rm --network host "$@"
}

buildah_has_image() { buildah inspect --type image "$1" >/dev/null 2>&1; }

buildah_label() { # <image> <label>: the label's value, empty when the image or label is missing
  buildah inspect --type image --format "{{index .OCIv1.Config.Labels \"$2\"}}" "$1" 2>/dev/null || true
}

buildah_size() { # <image>: its size as `buildah images` shows it
  buildah images --format '{{.Size}}' "$1" 2>/dev/null | head -n1
}

# Imports an image into a containerd (the real node's) as docker.io/library/<name>:<tag>,
# the reference a pod's `image: <name>:<tag>` resolves to.
buildah_load_containerd() { # <image> <containerd socket>
  local image="$1" sock="$2" archive
  command -v ctr >/dev/null || die "ctr (Debian's containerd package) is needed to load into containerd"
  [[ -S "$sock" ]] || die "no containerd socket at ${sock} (is the real node up? see --containerd-socket)"
  archive="$(mktemp "${BUILDAH_DIR}/load.XXXXXX.tar")"
  rm -f "$archive" # buildah refuses to overwrite an existing docker-archive
  buildah push --quiet "$image" "docker-archive:${archive}:${image}" >/dev/null ||
    { rm -f "$archive"; die "could not export ${image} from buildah"; }
  ctr --address "$sock" -n k8s.io images import "$archive" >/dev/null ||
    { rm -f "$archive"; die "containerd at ${sock} could not import ${image}"; }
  rm -f "$archive"
}
