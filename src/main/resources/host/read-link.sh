#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy plan): answers "link TARGET" when PATH is a symlink, else nothing (a file there
# is replaced too).
# Usage: read-link.sh PATH
if [ -L "$1" ]; then
    printf 'link '
    readlink -- "$1"
fi
