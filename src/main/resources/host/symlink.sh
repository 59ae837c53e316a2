#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply, with root rights): points LINK at LINK_TARGET, replacing what was there
# in one rename (TEMP: a fresh name beside LINK).
# Usage: symlink.sh LINK_TARGET LINK TEMP
ln -s -- "$1" "$3" || exit
mv -Tf -- "$3" "$2" || { rc=$?; rm -f -- "$3"; exit "$rc"; }
