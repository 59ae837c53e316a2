#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply): makes the root-only directory the backups go to (and its parents).
# Usage: state-directory.sh DIRECTORY
umask 077
mkdir -p -- "$1"
