#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply/rollback, with root rights): restarts services in order and waits until
# each is ready (the service manager says it runs and, where a PORT is given, something listens on it on the host's
# address or on all addresses). Answers a line per service: "ready KEY", "notready KEY" (not ready within the
# limit), "unitfailed KEY RESULT" (systemd: the unit failed after it was started; RESULT is systemd's Result=, e.g.
# exit-code) or "failed KEY STATUS" (the restart command failed). No service output comes back: it may hold secrets.
# Usage: restart-services.sh systemd|sysv LIMIT WAIT POLL ASK stop|all ADDRESS_HEX CLEAR KEY SERVICE PORT|- ...
#   LIMIT     seconds a restart may take (it is killed after that)
#   WAIT      centiseconds the wait for ready may take (by the clock, /proc/uptime: a loaded host's slow polls do not
#             stretch it); POLL seconds between checks
#   ASK       the service manager is asked every ASK polls (and when the port starts listening), the port every poll
#   stop      the first service that fails ends the script (the later ones are not touched); all: every one is tried
#   ADDRESS_HEX the host's IPv4 address as /proc/net/tcp writes it, or "" (a name or IPv6)
#   CLEAR     a file removed when every service is ready (the pending-restart marker), or ""
#
# The wait is cheap on purpose: a waiting host must leave its CPU to the services it restarts. A poll is a grep of
# /proc/net/tcp{,6} and a sleep; only every ASK polls is the service manager asked, in one `systemctl show` (a
# systemctl costs some 30 ms of CPU; the wait used to run is-active and is-failed every 50 ms).
set -u
manager=$1
limit=$2
wait=$3
poll=$4
every=$5
mode=$6
own=$7
clear=$8
shift 8
newline='
'

# Sets unit to what the service manager says about $1: active, failed (systemd; result says why) or another state.
ask() {
    if [ "$manager" = sysv ]; then
        if service "$1" status >/dev/null 2>&1; then unit=active; else unit=inactive; fi
        return
    fi
    answer=$(systemctl show -p ActiveState,Result -- "$1" 2>/dev/null) || answer=
    case $answer in
        *ActiveState=*)
            unit=${answer#*ActiveState=}
            unit=${unit%%"$newline"*}
            ;;
        *) unit=unknown ;;
    esac
    # as `systemctl is-active` counts it
    if [ "$unit" = reloading ]; then unit=active; fi
    result=${answer#*Result=}
    result=${result%%"$newline"*}
    if [ "$result" = "$answer" ] || [ -z "$result" ]; then result=unknown; fi
}

# A LISTEN socket (state 0A) on port $1 (hex) in /proc/net/tcp{,6}: needs no tool on the host. One grep, not the
# shell's own `read`: dash reads a byte per system call, and /proc/net/tcp lists every socket of the network
# namespace (389 lines on the lab machine, whose hosts share it): 0.15 s of CPU per poll, grep 0.014 s.
listening() {
    grep -Eq "^ *[0-9]+: (00000000|${own:+$own|}0{32}):$1 [0-9A-F]+:[0-9A-F]+ 0A " /proc/net/tcp /proc/net/tcp6 \
        2>/dev/null
}

# Sets clock to the centiseconds since boot (/proc/uptime, e.g. "350.07 690.51": read by the shell, no process).
clock() {
    read -r up _ </proc/uptime || up=0.00
    fraction=${up#*.}
    clock=$((${up%.*} * 100 + ${fraction#0}))
}

# Waits until service $1 (port $2, hex, or -) is ready; sets outcome to ready, notready or unitfailed. "ready" is
# only ever decided on what the manager said in the same poll: it is asked when the port starts listening.
wait_ready() {
    clock
    deadline=$((clock + wait))
    i=0
    heard=0
    unit=unknown
    while :; do
        if [ "$2" = - ] || listening "$2"; then now=1; else now=0; fi
        if [ $((i % every)) -eq 0 ] || { [ "$now" = 1 ] && [ "$heard" = 0 ]; }; then
            ask "$1"
            if [ "$now" = 1 ] && [ "$unit" = active ]; then
                outcome=ready
                return
            fi
            # systemd starts a Type=simple service (Debian's prosody.service) and returns at once; when the service
            # then exits (a broken config), the unit is "failed": that ends the wait as a failed restart.
            if [ "$unit" = failed ]; then
                outcome=unitfailed
                return
            fi
        fi
        heard=$now
        i=$((i + 1))
        clock
        if [ "$clock" -ge "$deadline" ]; then
            outcome=notready
            return
        fi
        sleep "$poll"
    done
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
        if [ "$port" != - ]; then port=$(printf '%04X' "$port"); fi
        wait_ready "$service" "$port"
        case $outcome in
            ready) echo "ready $key" ;;
            unitfailed)
                echo "unitfailed $key $result"
                failed
                ;;
            *)
                echo "notready $key"
                failed
                ;;
        esac
    else
        echo "failed $key $?"
        failed
    fi
done
if [ "$ok" = 1 ] && [ -n "$clear" ]; then rm -f -- "$clear"; fi
true
