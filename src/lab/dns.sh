#!/bin/bash
# The lab's DNS, as a real host has it (docs/lab.md, "DNS"): Prosody resolves names with its own resolver, which
# reads /etc/resolv.conf and never /etc/hosts, so the lab names must come from a name server. One dnsmasq (Debian's
# dnsmasq-base) answers for labK.jitsi.test and the names under it that the hosts use, on a lab loopback address, and nothing else
# (no upstream: no query leaves the machine's loopback); each host's /etc/resolv.conf, bind-mounted in its own
# namespace, points at it.
#   dns.sh up N                 (re)start the server for hosts 1..N
#   dns.sh file HOST_DIR        write the host's resolv.conf (HOST_DIR/etc/resolv.conf) pointing at it
#   dns.sh host HOST_DIR PID    the same, and bind-mount it in the namespace that holds PID (if not yet)
#   dns.sh down                 stop the server
# Called by lab.sh (as root).
set -euo pipefail

STATE=/var/lib/jitsi-deploy-lab/dns
# Outside the hosts' 127.0.0.2-11 and away from 127.0.0.53/54 (systemd-resolved's stubs).
LAB_DNS_ADDRESS=127.0.0.99

fail() { echo "lab: $*" >&2; exit 1; }

running_pid() {
    local pid
    [ -s "$STATE/dnsmasq.pid" ] || return 1
    pid="$(cat "$STATE/dnsmasq.pid")"
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

stop() {
    local pid
    pid="$(running_pid)" || { rm -f "$STATE/dnsmasq.pid"; return 0; }
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$STATE/dnsmasq.pid"
}

# Port 53 on the lab's address (or a listener on every address) taken by anything else stops the lab, by name.
check_free() {
    local taken
    taken="$(ss -Hlnup 'sport = :53' 2>/dev/null; ss -Hlntp 'sport = :53' 2>/dev/null)"
    taken="$(printf '%s\n' "$taken" | grep -E "[[:space:]]($LAB_DNS_ADDRESS|0\.0\.0\.0|\*|\[::\]):53[[:space:]]" || true)"
    [ -z "$taken" ] || fail "the lab's DNS address $LAB_DNS_ADDRESS:53 is in use: $taken"
}

ensure_dnsmasq() {
    command -v dnsmasq >/dev/null && return 0
    # dnsmasq-base is the bare program: it ships no service, so nothing starts system-wide.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dnsmasq-base >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
             apt-get install -y -q --no-install-recommends dnsmasq-base >/dev/null; } \
        || fail "cannot install dnsmasq-base"
}

up() {
    local n="$1" k records=()
    [[ "$n" =~ ^[0-9]+$ ]] || fail "dns.sh up: the number of hosts is missing"
    ensure_dnsmasq
    stop
    check_free
    mkdir -p "$STATE"
    for k in $(seq 1 "$n"); do
        # An A record per name of host K (the names of lab.sh's /etc/hosts block) and nothing else: a query for
        # another type (AAAA) gets an empty answer, not "no such name", as from a real zone with only A records.
        # (--address=/name/ would answer NXDOMAIN for AAAA, which Prosody's resolver takes as a failed lookup.)
        local d="lab$k.jitsi.test" names=""
        for prefix in "" auth. conference. focus. internal.auth. lobby. breakout.; do names+="$prefix$d,"; done
        records+=("--host-record=${names}127.0.0.$((k + 1))")
    done
    # --local: other jitsi.test names do not exist; no --server and --no-resolv: nothing is forwarded anywhere.
    # Runs as root like the rest of the lab, so it can write its pid file and log under the lab's state directory.
    dnsmasq --conf-file=/dev/null --listen-address="$LAB_DNS_ADDRESS" --bind-interfaces --port=53 \
        --no-resolv --no-hosts --no-poll --local=/jitsi.test/ "${records[@]}" \
        --user=root --group=root --pid-file="$STATE/dnsmasq.pid" --log-facility="$STATE/dnsmasq.log" \
        --log-queries \
        || fail "dnsmasq did not start on $LAB_DNS_ADDRESS:53 (see $STATE/dnsmasq.log)"
    printf 'nameserver %s\noptions timeout:2 attempts:2\n' "$LAB_DNS_ADDRESS" > "$STATE/resolv.conf"
    chmod 644 "$STATE/resolv.conf"
}

file() {
    local host_dir="$1"
    [ -f "$STATE/resolv.conf" ] || fail "the lab's DNS is not up (dns.sh up N first)"
    mkdir -p "$host_dir/etc"
    cat "$STATE/resolv.conf" > "$host_dir/etc/resolv.conf"   # in place: a running host has it mounted
}

host() {
    local host_dir="$1" pid="$2"
    file "$host_dir"
    nsenter -t "$pid" -m sh -c "findmnt -n /etc/resolv.conf >/dev/null 2>&1 && [ \"\$(cat /etc/resolv.conf)\" = \"\$(cat '$host_dir/etc/resolv.conf')\" ] \
        || mount --bind '$host_dir/etc/resolv.conf' /etc/resolv.conf"
}

case "${1:-}" in
    up) up "${2:-}" ;;
    file) file "${2:?host directory}" ;;
    host) host "${2:?host directory}" "${3:?namespace pid}" ;;
    down) stop ;;
    *) echo "usage: dns.sh up N | file HOST_DIR | host HOST_DIR PID | down" >&2; exit 2 ;;
esac
