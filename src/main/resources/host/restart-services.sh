#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply/rollback, with root rights): restarts services in order and waits until
# each is ready (the service manager says it runs and, where PORTS are given, the service listens on them). Answers a
# line per service: "ready KEY", "notready KEY" (not ready within the limit), "unitfailed KEY RESULT" (systemd: the
# unit failed after it was started; RESULT is systemd's Result=, e.g. exit-code) or "failed KEY STATUS" (the restart
# command failed). No service output comes back: it may hold secrets.
# Usage: restart-services.sh systemd|sysv LIMIT WAIT POLL ASK stop|all ADDRESS_HEX CLEAR KEY SERVICE PORTS|- ...
#   LIMIT     seconds a restart may take (it is killed after that)
#   WAIT      centiseconds the wait for ready may take (by the clock, /proc/uptime: a loaded host's slow polls do not
#             stretch it); POLL seconds between checks
#   ASK       the service manager is asked every ASK polls (and when the port starts listening), the port every poll
#   stop      the first service that fails ends the script (the later ones are not touched); all: every one is tried
#   ADDRESS_HEX sysv only: the host's IPv4 address as /proc/net/tcp writes it, or "" (a name or IPv6)
#   CLEAR     a file removed when every service is ready (the pending-restart marker), or ""
#   PORTS     the ports (comma-separated) the service must listen on to be ready, or - for none
#
# The wait is cheap on purpose: a waiting host must leave its CPU to the services it restarts. A poll is an ls and an
# awk (sysv: a grep) over /proc and a sleep; only every ASK polls is the service manager asked, in one `systemctl show` (a
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

# Sets unit to what the service manager says about $1: active, failed (systemd; result says why) or another state;
# under systemd also mainpid, the unit's main process (0 when it has none).
ask() {
    if [ "$manager" = sysv ]; then
        if service "$1" status >/dev/null 2>&1; then unit=active; else unit=inactive; fi
        return
    fi
    answer=$(systemctl show -p ActiveState,Result,MainPID -- "$1" 2>/dev/null) || answer=
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
    mainpid=${answer#*MainPID=}
    mainpid=${mainpid%%"$newline"*}
    case $mainpid in '' | *[!0-9]*) mainpid=0 ;; esac
}

# The service listens on each of the ports $1 (hex, space-separated): a LISTEN socket (state 0A) on the port in
# /proc/net/tcp{,6} (needs no tool on the host). Under systemd the socket must be one of the unit's main process's
# (its inode among /proc/PID/fd), on whatever address: Prosody may listen on all addresses or on one, and the
# inventory may know the host by a name (reached through a bastion, say) that this host cannot map to its addresses;
# another process's socket on the port (the old Prosody still going away, anything else) is not this start being up.
# Under sysv there is no main process to ask, so the socket must be on the host's address (ADDRESS_HEX) or on all.
# awk or grep, not the shell's own `read`: dash reads a byte per system call, and /proc/net/tcp lists every
# socket of the network namespace (389 lines on the lab machine, whose hosts share it): 0.15 s of CPU per poll.
listening() {
    if [ "$manager" = sysv ]; then
        for p in $1; do
            grep -Eq "^ *[0-9]+: (00000000|${own:+$own|}0{32}):$p [0-9A-F]+:[0-9A-F]+ 0A " /proc/net/tcp \
                /proc/net/tcp6 2>/dev/null || return 1
        done
        return 0
    fi
    [ "$mainpid" != 0 ] || return 1
    # One awk: the socket inodes among the main process's fds (ls -l on stdin, "... -> socket:[INODE]"), then a
    # LISTEN line of /proc/net/tcp{,6} per port whose inode is one of them. Exits 0 when every port has one.
    # shellcheck disable=SC2012 # ls -l of /proc/PID/fd: every link's target in one process
    ls -l "/proc/$mainpid/fd" 2>/dev/null | awk -v ports="$1" '
        BEGIN { n = split(ports, port, " ") }
        FILENAME == "-" { if ($NF ~ /^socket:\[[0-9]+\]$/) owned[substr($NF, 9, length($NF) - 9)] = 1; next }
        $4 == "0A" && ($10 in owned) { found[substr($2, length($2) - 3)] = 1 }
        END { for (i = 1; i <= n; i++) if (!(port[i] in found)) exit 1 }' - /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Sets clock to the centiseconds since boot (/proc/uptime, e.g. "350.07 690.51": read by the shell, no process).
clock() {
    read -r up _ </proc/uptime || up=0.00
    fraction=${up#*.}
    clock=$((${up%.*} * 100 + ${fraction#0}))
}

# Waits until service $1 (ports $2, hex, space-separated, or -) is ready; sets outcome to ready, notready or
# unitfailed. "ready" is only ever decided on what the manager said in the same poll: it is asked when the ports start
# listening.
wait_ready() {
    clock
    deadline=$((clock + wait))
    i=0
    heard=0
    unit=unknown
    mainpid=0
    while :; do
        # asked first on its polls, so that the port check already knows the main process of this start
        asked=0
        if [ $((i % every)) -eq 0 ]; then
            ask "$1"
            asked=1
        fi
        if [ "$2" = - ] || listening "$2"; then now=1; else now=0; fi
        if [ "$asked" = 0 ] && [ "$now" = 1 ] && [ "$heard" = 0 ]; then
            ask "$1"
            asked=1
        fi
        if [ "$asked" = 1 ]; then
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
        if [ "$port" != - ]; then
            hex=
            IFS=,
            for p in $port; do hex="$hex${hex:+ }$(printf '%04X' "$p")"; done
            unset IFS
            port=$hex
        fi
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
