#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply): removes an upload (a temp file, or a private staging directory) whatever
# happened to it.
# Usage: remove-staged.sh PATH
rm -rf -- "$1"
