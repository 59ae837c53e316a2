#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply/rollback, with root rights): restarts services in order and waits until
# each is ready (the service manager says it runs and, where a PORT is given, something listens on it on the host's
# address or on all addresses). Answers a line per service: "ready KEY", "notready KEY" (not ready within the
# limit), "unitfailed KEY" (systemd: the unit failed after it was started) or "failed KEY STATUS" (the restart
# command failed). No service output comes back: it may hold secrets.
# Usage: restart-services.sh systemd|sysv LIMIT TRIES POLL stop|all ADDRESS_HEX CLEAR KEY SERVICE PORT|- ...
#   LIMIT     seconds a restart may take (it is killed after that); TRIES x POLL seconds: the wait for ready
#   stop      the first service that fails ends the script (the later ones are not touched); all: every one is tried
#   ADDRESS_HEX the host's IPv4 address as /proc/net/tcp writes it, or "" (a name or IPv6)
#   CLEAR     a file removed when every service is ready (the pending-restart marker), or ""
set -u
manager=$1
limit=$2
tries=$3
poll=$4
mode=$5
own=$6
clear=$7
shift 7

running() {
    if [ "$manager" = sysv ]; then
        service "$1" status >/dev/null 2>&1
    else
        systemctl is-active --quiet -- "$1"
    fi
}

# A LISTEN socket (state 0A) on the port in /proc/net/tcp{,6}: needs no tool on the host.
listening() {
    port=$(printf '%04X' "$1")
    grep -Eq "^ *[0-9]+: (00000000|${own:+$own|}0{32}):$port [0-9A-F]+:[0-9A-F]+ 0A " \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

ready() {
    running "$1" && { [ "$2" = - ] || listening "$2"; }
}

restart() {
    if [ "$manager" = sysv ]; then
        timeout -s KILL "$limit" service "$1" restart >/dev/null 2>&1
    else
        timeout -s KILL "$limit" systemctl restart -- "$1" >/dev/null 2>&1
    fi
}

ok=1
failed() {
    if [ "$mode" = stop ]; then exit 0; fi
    ok=0
}

while [ $# -ge 3 ]; do
    key=$1
    service=$2
    port=$3
    shift 3
    if restart "$service"; then
        i=0
        while [ "$i" -lt "$tries" ] && ! ready "$service" "$port"; do
            # systemd starts a Type=simple service (Debian's prosody.service) and returns at once; when the service
            # then exits (a broken config), the unit is "failed": that ends the wait as a failed restart.
            if [ "$manager" != sysv ] && systemctl is-failed --quiet -- "$service"; then
                i=-1
                break
            fi
            sleep "$poll"
            i=$((i + 1))
        done
        if [ "$i" -lt 0 ]; then
            echo "unitfailed $key"
            failed
        elif [ "$i" -lt "$tries" ]; then
            echo "ready $key"
        else
            echo "notready $key"
            failed
        fi
    else
        echo "failed $key $?"
        failed
    fi
done
if [ "$ok" = 1 ] && [ -n "$clear" ]; then rm -f -- "$clear"; fi
true
