#!/bin/bash
# Sourced by lab.sh and bastion.sh: ends every process in one mount namespace (a SysV lab host or the bastion),
# so the namespace and all its mounts go with them.

# kill_mount_namespace NS_LINK SIGNAL... : sends each signal in turn to every process whose mount namespace is
# NS_LINK (as readlink /proc/PID/ns/mnt shows it), 0.3 s apart, until none is left.
kill_mount_namespace() {
    local ns="$1" attempt p left
    shift
    for attempt in "$@"; do
        left=0
        for p in /proc/[0-9]*; do
            [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$ns" ] || continue
            kill -s "$attempt" "${p#/proc/}" 2>/dev/null || true
            left=1
        done
        [ "$left" -eq 0 ] && break
        sleep 0.3
    done
}
