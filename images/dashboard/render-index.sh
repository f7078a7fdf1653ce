#!/bin/sh
# Writes $INDEX_OUT_DIR/index.html: the built index.html plus the runtime config from
# $RUNTIME_CONFIG_FILE (a JSON array of {context, data}, as Backstage's frontend config loader
# reads from `backstage.io/config` scripts). The loader layers later scripts over earlier ones,
# so the runtime config goes last, just before </head>.
set -eu
src="${INDEX_SRC:-/usr/share/nginx/html/index.html}"
out_dir="${INDEX_OUT_DIR:-/tmp/runtime}"
config_file="${RUNTIME_CONFIG_FILE:-/etc/store-platform/runtime-config.json}"

fail() {
  echo "render-index: $*" >&2
  exit 1
}

mkdir -p "$out_dir"
if [ ! -f "$config_file" ]; then
  echo "render-index: no runtime config at $config_file; serving the build-time config" >&2
  cp "$src" "$out_dir/index.html"
  exit 0
fi

config="$(cat "$config_file")"
case "$config" in
  '['*']') ;;
  *) fail "$config_file must hold a JSON array of {\"context\", \"data\"} objects" ;;
esac
# The config sits inside a <script> element: nothing in it may close the element.
case "$config" in
  *'</'* | *'<!--'*) fail "$config_file must not contain '</' or '<!--'" ;;
esac

html="$(cat "$src")"
case "$html" in
  *'</head>'*) ;;
  *) fail "$src has no </head>" ;;
esac
before="${html%%</head>*}"
after="${html#*</head>}"
printf '%s<script type="backstage.io/config">\n%s\n</script></head>%s\n' \
  "$before" "$config" "$after" >"$out_dir/index.html.tmp"
mv "$out_dir/index.html.tmp" "$out_dir/index.html"
echo "render-index: runtime config from $config_file added to index.html"
