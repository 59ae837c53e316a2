#!/bin/sh
# What a service that failed to restart is doing now, and its last log lines (docs/deploy.md, "restart").
# Usage: sh -s -- systemd|sysv SERVICE LINES [LOG-FILE...]
# Answers "state running" or "state down", then for each source a line "source WHAT" followed by its last LINES
# lines: the journal of the unit on systemd hosts, else each LOG-FILE that exists. The tool redacts what it shows.
set -u
manager=$1
service=$2
lines=$3
shift 3
if [ "$manager" = systemd ]; then
    if systemctl is-active --quiet -- "$service"; then echo "state running"; else echo "state down"; fi
    echo "source journalctl -u $service"
    journalctl -u "$service" -n "$lines" --no-pager -o cat 2>&1
else
    if service "$service" status >/dev/null 2>&1; then echo "state running"; else echo "state down"; fi
    for log in "$@"; do
        if [ -f "$log" ]; then
            echo "source $log"
            tail -n "$lines" -- "$log"
        fi
    done
fi
exit 0
