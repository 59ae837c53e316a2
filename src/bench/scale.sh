#!/usr/bin/env bash
# Scale benchmark (issue 15; docs/deploy.md "Speed", "Scale"): what the client costs as the fleet grows past the lab's
# 10 hosts. For inventories of 100 and 300 hosts, at --forks 10 and --forks 50, one run each of
#   - plan (no-op: every host already applied),
#   - verify (with --forks when this build's verify has it, else one host after another),
# and, on the lab's 10 real hosts (the only shape where every inventory host is a Jitsi of its own), apply with the
# gate from the fresh quick-install state at --forks 10.
# Per run: wall time (whole command, JVM start included), client CPU (the JVM and its wrapper, from getrusage of the
# reaped children) in total and per host, peak RSS (VmHWM) and peak thread count of the java process (sampled from
# /proc/PID/status every 20 ms), the 1-minute load average at the end, and whether the run succeeded.
#
# The shape: the lab has 10 hosts, each one Prosody, one jicofo and one nginx serving one domain (docs/lab.md); a
# lab host cannot serve more domains with services of their own. So the 100- and 300-host inventories list every lab
# host 10 or 30 times under names of their own (labK-aJ, interleaved so that hosts in flight are on different lab
# hosts): each inventory host is its own SSH connection, sudo check, read of the host's state, render, compare and
# probe matrix, so the client does all the work of a separate host; the lab side serves the same domain 10 or 30
# times. apply cannot run on such aliases (they share the domain, so its run lock: all but one would be refused).
#
# Needs root. Holds the lab lock (with-lab-lock.py) for the whole run; brings up a 10-host lab, leaves it down.
# Usage: src/bench/scale.sh [--tool PATH] [--before PATH] [--sizes "100 300"] [--verify-sizes SIZES] [--forks "10 50"]
#                           [--no-apply]
#   --verify-sizes SIZES  the sizes verify is measured at (default: all of --sizes); verify without --forks checks one
#                  host after another, minutes at 300 hosts
#   --tool PATH    measure this launcher instead of this checkout's bin/jitsi-deploy
#   --before PATH  first measure an earlier build's launcher (e.g. bin/jitsi-deploy of a checkout of main) on the same
#                  lab: its no-op plans at the smallest size only, for before/after figures (rows are labelled by the
#                  build's directory)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$repo/src/bench"
tool="$repo/bin/jitsi-deploy"
before=""
sizes="100 300"
verify_sizes=""
forks_list="10 50"
apply=true
args=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
        --tool) tool="$(readlink -f "$2")"; shift 2 ;;
        --before) before="$(readlink -f "$2")"; shift 2 ;;
        --sizes) sizes="$2"; shift 2 ;;
        --verify-sizes) verify_sizes="$2"; shift 2 ;;
        --forks) forks_list="$2"; shift 2 ;;
        --no-apply) apply=false; shift ;;
        *) echo "usage: scale.sh [--tool PATH] [--before PATH] [--sizes \"100 300\"] [--verify-sizes SIZES] [--forks \"10 50\"] [--no-apply]" >&2
           exit 2 ;;
    esac
done
verify_sizes="${verify_sizes:-$sizes}"
[ "$(id -u)" -eq 0 ] || { echo "scale.sh: needs root (the lab does)" >&2; exit 2; }

# with-lab-lock.py takes the lock (waiting for it), then execs this script again, which holds it from then on: a
# record lock belongs to the process and survives exec. SCALE_SH_HOLDS_LAB_LOCK marks that second start.
if [ -z "${SCALE_SH_HOLDS_LAB_LOCK:-}" ]; then
    SCALE_SH_HOLDS_LAB_LOCK=1 exec python3 "$bench/with-lab-lock.py" "${BASH_SOURCE[0]}" "${args[@]}"
fi

work="$(mktemp -d)"
results="$work/results"
say() { echo "scale.sh: $*" >&2; }
lab() { "$repo/bin/jitsi-deploy" lab "$@" >>"$work/lab.log" 2>&1; }
trap 'lab down || say "lab down failed; see $work/lab.log"' EXIT

for launcher in $before "$tool"; do   # builds each jar, outside the timings
    "$launcher" validate -i "$repo/inventories/example.yml" >/dev/null 2>&1 || true
done
lab down || true
lab up --hosts 10 || { say "lab up --hosts 10 failed; see $work/lab.log"; exit 1; }
base_inventory=""   # the lab inventory the big ones are made from (set per build by run_tool)

# inventory N: the lab inventory with its 10 hosts listed N/10 times each (labK-aJ), next to lab.yml so that its
# relative paths (lab/id_ed25519, lab/known_hosts, ...) mean the same files.
write_inventory() {
    local n="$1" file="$repo/inventories/scale-$1.yml" j k
    {
        sed -n '1,/^    hosts:$/p' "$base_inventory"
        for j in $(seq 1 $((n / 10))); do
            for k in $(seq 1 10); do
                echo "      lab$k-a$j:"
                echo "        ssh: {address: 127.0.0.$((k + 1))}"
                echo "        domain: lab$k.jitsi.test"
                echo "        public_url: https://lab$k.jitsi.test/"
            done
        done
    } >"$file"
    echo "$file"
}

# measure NAME HOSTS FORKS CMD...: runs CMD, samples its java process, appends one line (labelled with the tool) to
# the results.
measure() {
    local name="$1" hosts="$2" forks="$3"; shift 3
    local log="$work/$label-$name-$hosts-f$forks.log"
    python3 - "$results" "$label $name" "$hosts" "$forks" "$log" "$@" <<'EOF'
import os, resource, subprocess, sys, time
results, name, hosts, forks, log = sys.argv[1:6]
command = sys.argv[6:]

def children(pid):
    """Every descendant of pid (from /proc/*/stat's parent field)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parents.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                pass
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found

def status_of(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                values[key] = value.split()
    except OSError:
        return None
    return values

start = time.monotonic()
with open(log, "w") as out:
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    peak_kb, peak_threads = 0, 0
    while process.poll() is None:
        for pid in [process.pid] + children(process.pid):
            status = status_of(pid)
            if status and status.get("Name", [""])[0] == "java":
                peak_kb = max(peak_kb, int(status.get("VmHWM", ["0"])[0]))
                peak_threads = max(peak_threads, int(status.get("Threads", ["0"])[0]))
        time.sleep(0.02)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)   # this sampler has no other children
cpu = usage.ru_utime + usage.ru_stime
load = open("/proc/loadavg").read().split()[0]
status = "ok" if process.returncode == 0 else f"exit{process.returncode}"
with open(results, "a") as f:
    f.write(f"{name} {hosts} {forks} {wall:.1f} {cpu:.2f} {cpu / int(hosts):.3f} {peak_kb / 1024:.0f} {peak_threads}"
            f" {load} {status}\n")
EOF
    tail -n 1 "$results" >&2
}

: >"$results"
# run_tool LAUNCHER SIZES VERIFY_SIZES APPLY: the figures for LAUNCHER at each of SIZES (verify only at VERIFY_SIZES,
# apply with the gate when APPLY is true), rows labelled by its build's directory.
run_tool() {
    local tool="$1" sizes="$2" verify_sizes="$3" apply="$4" label root lab_inventory
    root="$(dirname "$(dirname "$1")")"
    label="$(basename "$root")"
    # Each build renders with its own checkout's templates (an earlier build may not know a newer template's
    # variables): the lab inventory, kept next to lab.yml for its relative paths, with that checkout's templates.
    lab_inventory="$repo/inventories/scale-$label-lab.yml"
    sed "s|^templates: .*|templates: $root/templates|" "$repo/inventories/lab.yml" >"$lab_inventory"
    base_inventory="$lab_inventory"
    if [ "$apply" = true ]; then
        # Untimed first: the first run of a command after a build writes bin/jitsi-deploy's class data sharing
        # archive as the JVM exits, which costs memory the timed runs must not count (279 against 158 MB peak).
        "$tool" apply -i "$lab_inventory" --limit lab1 --yes >"$work/$label-setup.log" 2>&1 || true
        lab reset || { say "lab reset failed; see $work/lab.log"; exit 1; }
        measure apply+gate 10 10 "$tool" apply -i "$lab_inventory" --forks 10 --yes
    else
        lab reset || { say "lab reset failed; see $work/lab.log"; exit 1; }
    fi
    # The no-op plans need every host applied; a restart may time out on a loaded machine, so allow a second try.
    "$tool" apply -i "$lab_inventory" --forks 10 --yes >>"$work/$label-setup.log" 2>&1 \
        || "$tool" apply -i "$lab_inventory" --forks 10 --yes >>"$work/$label-setup.log" 2>&1 \
        || { say "could not bring the 10 hosts to the applied state; see $work/$label-setup.log"; exit 1; }
    # One untimed plan and verify, so that the timed runs find bin/jitsi-deploy's class data sharing archives made.
    "$tool" plan -i "$lab_inventory" --limit lab1 >>"$work/$label-setup.log" 2>&1 || true
    "$tool" verify -i "$lab_inventory" --limit lab1 >>"$work/$label-setup.log" 2>&1 || true
    local n forks inventory parallel_verify=false verify_this
    if "$tool" verify --help 2>&1 | grep -q -- '--forks'; then parallel_verify=true; fi
    for n in $sizes; do
        inventory="$(write_inventory "$n")"
        verify_this=false
        if [[ " $verify_sizes " == *" $n "* ]]; then verify_this=true; fi
        for forks in $forks_list; do
            measure plan "$n" "$forks" "$tool" plan -i "$inventory" --forks "$forks" --detailed-exitcode
            if [ "$verify_this" = true ] && [ "$parallel_verify" = true ]; then
                measure verify "$n" "$forks" "$tool" verify -i "$inventory" --forks "$forks"
            fi
        done
        # Without --forks, verify checks one host after another: one run per size (forks column "-").
        if [ "$verify_this" = true ] && [ "$parallel_verify" = false ]; then
            measure verify "$n" - "$tool" verify -i "$inventory"
        fi
    done
}
if [ -n "$before" ]; then
    run_tool "$before" "$(tr ' ' '\n' <<<"$sizes" | grep . | sort -n | head -n 1)" "" false
fi
run_tool "$tool" "$sizes" "$verify_sizes" "$apply"

echo "scale.sh $(date -u +%FT%TZ), $(nproc) CPUs; tool $tool${before:+, before: $before}"
echo "tool       command    hosts  forks  wall s  client CPU s  CPU s/host  peak RSS MB  peak threads  load1  status"
awk '{printf "%-10s %-10s %5s %6s %7s %13s %11s %12s %13s %6s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' \
    "$results"
rm -f "$repo"/inventories/scale-*.yml
echo "logs: $work"
