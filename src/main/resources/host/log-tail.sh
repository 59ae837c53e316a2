#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy, when a service fails): the last LINES lines of a log (the client redacts them).
# Usage: log-tail.sh LINES PATH
tail -n "$1" -- "$2"
