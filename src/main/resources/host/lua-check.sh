#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply): parses a staged Lua file with the host's luac before it goes in place.
# Exits with luac's status, or 127 when the host has no luac.
# Usage: lua-check.sh FILE
for c in luac5.4 luac5.3 luac5.2 luac; do
    if command -v "$c" >/dev/null 2>&1; then exec "$c" -p -- "$1"; fi
done
exit 127
