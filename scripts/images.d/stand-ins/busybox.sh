# shellcheck shell=bash
# busybox: the stand-in for busybox:<version> (the dashboard image's first stage): Debian's
# busybox with its applets as links, except find, which is GNU find: Debian builds busybox's
# find without -delete (the official image has it, and the dashboard's Dockerfile uses it).
# Debian's busybox-static would not do: its sh runs its own applets before anything on PATH.

stand_in_busybox_from() { echo "Debian ${RN_DEBIAN_SUITE}'s busybox and GNU find"; }
