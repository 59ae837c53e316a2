#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply): remembers the restarts that are due, one key a line, written atomically
# (mode 0644), so that a run cut off before its restarts does them the next time.
# Usage: pending-restarts.sh MARKER KEY...
marker=$1
shift
printf '%s\n' "$@" >"$marker.tmp" && chmod 0644 -- "$marker.tmp" && mv -f -- "$marker.tmp" "$marker"
