#!/usr/bin/env bash
# The restart floor of an apply on the lab (docs/deploy.md, "Compared with Ansible"): the three restarts and the wait
# for Prosody, nothing else, on 1 host and on all 10 at once, 3 runs each. Each host gets a plain `ssh` running the
# tool's own host/restart-services.sh under sudo, as apply's last step does; no JVM, no plan, no files. Whatever
# drives the hosts (the tool, Ansible) cannot restart them faster than this on the same machine.
# Needs root and a 10-host lab (`bin/jitsi-deploy lab up --hosts 10`); takes the lab lock itself and holds it while
# it runs, so start it directly, not from a shell that already holds the lock (it would wait for that shell).
# Usage: src/bench/restart-floor.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -z "${RESTART_FLOOR_HOLDS_LAB_LOCK:-}" ]; then
    RESTART_FLOOR_HOLDS_LAB_LOCK=1 exec python3 "$repo/src/bench/with-lab-lock.py" "${BASH_SOURCE[0]}" "$@"
fi
key="$repo/inventories/lab/id_ed25519"
known_hosts="$repo/inventories/lab/known_hosts"
script="$repo/src/main/resources/host/restart-services.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

restart_host() {   # restart_host N: labN (127.0.0.N+1); the address as /proc/net/tcp writes it: 0N00007F in hex
    local n="$1"
    local address="127.0.0.$((n + 1))" address_hex
    address_hex="$(printf '%02X00007F' $((n + 1)))"
    # The arguments as ServiceControl passes them: systemd, 60 s per restart, 60 s wait, polls of 0.2 s, systemd
    # asked every 5 polls, stop at a failure, the address, no marker, then KEY SERVICE PORTS per service.
    ssh -i "$key" -o UserKnownHostsFile="$known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes \
        "deploy@$address" sudo -n sh -s -- systemd 60 6000 0.2 5 stop "$address_hex" "''" \
        prosody prosody 5222,5280 jicofo jicofo - jvb jitsi-videobridge2 - <"$script"
}

for hosts in 1 10; do
    for run in 1 2 3; do
        start="$(date +%s%N)"
        for n in $(seq 1 "$hosts"); do restart_host "$n" >"$work/$n.out" 2>&1 & done
        wait
        end="$(date +%s%N)"
        answers="$(cat "$work"/*.out | sort | uniq -c | tr -s ' \n' ' ')"
        echo "hosts $hosts run $run: $(( (end - start) / 1000000 )) ms; load $(cut -d' ' -f1 /proc/loadavg); answers:$answers"
        rm -f "$work"/*.out
        sleep 10   # let the stand-ins' JVMs finish starting before the next run
    done
done
