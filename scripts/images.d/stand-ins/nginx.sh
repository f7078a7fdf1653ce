# shellcheck shell=bash
# nginx: the stand-in for nginxinc/nginx-unprivileged:<version> (the dashboard image's runtime):
# Debian's nginx-light laid out as that image is: nginx runs as user nginx (uid 101) with its
# pid and temp files in /tmp, its config in /etc/nginx/nginx.conf (which the Dockerfile
# replaces), /etc/nginx/mime.types, static files in /usr/share/nginx/html, port 8080, /bin/sh.

stand_in_nginx_from() { echo "Debian ${RN_DEBIAN_SUITE}'s nginx-light"; }
