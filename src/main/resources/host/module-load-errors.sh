#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy verify): the last lines of Prosody's log that say why a module did not load,
# e.g. "Unable to load module 'auth_token': ...: module 'basexx' not found:". They are written once, at start, so
# they have usually scrolled out of the log's tail by the time a login fails.
# Usage: module-load-errors.sh PROSODY_LOG
set -u
log="$1"
[ -r "$log" ] || exit 0
grep -E "Unable to load module|module '[^']+' not found" "$log" | tail -n 3
