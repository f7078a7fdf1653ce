#!/bin/sh
# Renders index.html with the runtime config, then runs nginx in the foreground.
set -eu
/usr/local/bin/render-index.sh
exec nginx -g 'daemon off;'
