#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply, with sudo): makes the directory a public key file goes to, readable by
# the web server that publishes it, when it does not exist.
# Usage: key-directory.sh DIRECTORY
[ -d "$1" ] || install -d -m 0755 -- "$1"
