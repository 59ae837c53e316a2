#!/usr/bin/env bash
# Benchmark of plan and apply on the lab (issue 4, "Speed"; docs/deploy.md "Speed"): medians of
#   - a no-op plan on 1 host vs on 10 hosts (the 10 in parallel),
#   - an apply with real work (fresh quick-install state: all three files, three restarts, the verification gate) on
#     1 host vs on 10 hosts with --forks 10.
# Every timed run is the whole command, JVM start included, with -v (per-host step timings on stderr, the same for 1
# and 10 hosts). Per run it also records the 1-minute load average at its end, the client's CPU time (the JVM and
# its wrapper) and the lab side's CPU time (src/bench/lab-cpu.py: sshd, shell commands, prosody, nginx, the jicofo
# and videobridge stand-ins of the hosts in the run).
#
# Needs root. Holds the lab lock (/var/lib/jitsi-deploy-lab/tests.lock) for the whole run, so IT runs wait; brings
# up a 10-host lab if needed and at the end puts back the lab it found (e.g. 3 hosts, or none). Leaves the hosts in
# the applied state. Usage: src/bench/plan-apply.sh [RUNS]   (default 5 runs per figure)
set -euo pipefail
runs="${1:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$repo/src/bench"
tool="$repo/bin/jitsi-deploy"
inventory="$repo/inventories/lab.yml"
lock=/var/lib/jitsi-deploy-lab/tests.lock

[ "$(id -u)" -eq 0 ] || { echo "plan-apply.sh: needs root (the lab does)" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: plan-apply.sh [RUNS]" >&2; exit 2; }

# The lock is a POSIX record lock, which belongs to a process and survives exec: when /proc/locks does not show it
# held by this very process, re-run this script under with-lab-lock.py (which waits for it, then execs us).
holds_lock() {
    [ -e "$lock" ] || return 1
    local inode
    inode="$(stat -c %i "$lock")"
    awk -v pid="$$" -v inode="$inode" '$2 == "POSIX" && $5 == pid && $6 ~ (":" inode "$") {found=1} END {exit !found}' \
        /proc/locks
}
if ! holds_lock; then
    exec python3 "$bench/with-lab-lock.py" "${BASH_SOURCE[0]}" "$@"
fi

work="$(mktemp -d)"
results="$work/results"
lab_hosts() { "$tool" lab status 2>/dev/null | grep -c '^lab[0-9]* ' || true; }
say() { echo "plan-apply.sh: $*" >&2; }

"$tool" validate -i "$repo/inventories/example.yml" >/dev/null 2>&1 || true   # builds the jar, outside the timings
found="$(lab_hosts)"
restore_lab() {
    local now
    now="$(lab_hosts)"
    if [ "$now" -ne "$found" ]; then
        say "putting the lab back as it was ($found hosts)"
        "$tool" lab down >>"$work/lab.log" 2>&1 || say "lab down failed; see $work/lab.log"
        if [ "$found" -gt 0 ]; then
            "$tool" lab up --hosts "$found" >>"$work/lab.log" 2>&1 || say "lab up --hosts $found failed; see $work/lab.log"
        fi
    fi
}
trap restore_lab EXIT
if [ "$found" -ne 10 ]; then
    say "lab has $found hosts; bringing up 10 for the bench"
    if [ "$found" -gt 0 ]; then "$tool" lab down >>"$work/lab.log" 2>&1; fi
    "$tool" lab up --hosts 10 >>"$work/lab.log" 2>&1 || { say "lab up --hosts 10 failed; see $work/lab.log"; exit 1; }
fi
ten="$(seq -s, -f 'lab%g' 1 10)"

reset_lab() { "$tool" lab reset >>"$work/lab.log" 2>&1 || { say "lab reset failed; see $work/lab.log"; exit 1; }; }

# Children's CPU seconds of this shell so far (user + system), from bash's `times` (which must run in this shell,
# not in a $(...) subshell, to see this shell's children).
children_cpu() {
    times >"$work/times"
    awk 'NR == 2 {split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2]}' \
        "$work/times"
}

# measure NAME HOSTS CMD...: runs CMD once, appends "NAME WALL_MS CLIENT_CPU_S LAB_CPU_S LOAD1 STATUS" to the
# results; its stdout and stderr (with the -v timings) go to $work/NAME.N.log.
measure() {
    local name="$1" hosts="$2"; shift 2
    local n start end cpu0 cpu1 status=ok log
    n="$(grep -c "^$name " "$results" 2>/dev/null || true)"
    log="$work/$name.$((n + 1)).log"
    python3 "$bench/lab-cpu.py" snapshot "$work/cpu.snapshot"
    children_cpu >"$work/cpu0"
    start="$(date +%s%N)"
    "$@" >"$log" 2>&1 || status=failed
    end="$(date +%s%N)"
    children_cpu >"$work/cpu1"
    cpu0="$(cat "$work/cpu0")"; cpu1="$(cat "$work/cpu1")"
    local lab load
    python3 "$bench/lab-cpu.py" since "$work/cpu.snapshot" "$hosts" >"$log.lab-cpu"
    lab="$(awk '$1 == "total" {print $2}' "$log.lab-cpu")"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    [ "$status" = ok ] || say "'$*' failed; see $log"
    echo "$name $(( (end - start) / 1000000 )) $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN {printf "%.2f", b - a}') $lab $load $status" \
        >>"$results"
}

reset_lab
# The no-op plans need every host applied; on a loaded machine a restart may time out, so allow a few tries.
for try in 1 2 3; do
    if "$tool" apply -i "$inventory" --limit "$ten" --forks 10 --yes >>"$work/setup.log" 2>&1; then break; fi
    [ "$try" -lt 3 ] || { say "could not bring all 10 hosts to the applied state; see $work/setup.log"; exit 1; }
done
# One untimed plan, so that every timed run finds what a second run of the tool finds (bin/jitsi-deploy's class data
# sharing archive of the command, made by its first run after a build; the setup apply made apply's).
"$tool" plan -i "$inventory" --limit lab1 >>"$work/setup.log" 2>&1 || true
: >"$results"
for _ in $(seq 1 "$runs"); do
    measure plan1 lab1 "$tool" plan -v -i "$inventory" --limit lab1 --detailed-exitcode
    measure plan10 "$ten" "$tool" plan -v -i "$inventory" --limit "$ten" --forks 10 --detailed-exitcode
done
for _ in $(seq 1 "$runs"); do
    reset_lab
    measure apply1 lab1 "$tool" apply -v -i "$inventory" --limit lab1 --yes
    reset_lab
    measure apply10 "$ten" "$tool" apply -v -i "$inventory" --limit "$ten" --forks 10 --yes
done

median() {   # of the numbers on stdin
    sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
        else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
column_median() { awk -v n="$1" -v c="$2" '$1 == n && $6 == "ok" {print $c}' "$results" | median; }
all_of() { awk -v n="$1" '$1 == n {printf "%s%s", sep, ($6 == "ok" ? $2 : "failed"); sep = " "}' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a"}'; }
per_host() { awk -v a="$1" -v n="$2" 'BEGIN {if (a + 0 > 0) printf "%.2f", a / n; else print "n/a"}'; }

echo "runs per figure: $runs; wall clock of the whole command, JVM start included; $(nproc) CPUs"
echo "columns: median wall ms (all runs), ratio 10/1, median of: load average (1 min) at the end of the run,"
echo "client CPU s (JVM + wrapper), lab-side CPU s per host (sshd, commands, prosody, nginx, stand-ins)"
for pair in "plan:2:no-op plan" "apply:1.5:apply"; do
    IFS=: read -r kind target label <<<"$pair"
    one="$(column_median "${kind}1" 2)"
    for n in 1 10; do
        m="$(column_median "$kind$n" 2)"
        printf '%-11s %2d host(s): %6s ms  (%s)' "$label," "$n" "$m" "$(all_of "$kind$n")"
        [ "$n" -eq 10 ] && printf '  ratio %s (target < %s)' "$(ratio "$m" "$one")" "$target"
        printf '  load %s  client CPU %s s  lab CPU %s s/host\n' "$(column_median "$kind$n" 5)" \
            "$(column_median "$kind$n" 3)" "$(per_host "$(column_median "$kind$n" 4)" "$n")"
    done
done

# Per-phase breakdown from the -v timings of every run: per step, how often it ran per host and its median time.
# The steps are SSH round trips (ssh connect, ssh exec, sftp) and the larger steps built of them.
echo
echo "per-host steps (from -v of all runs; N x = times per host and run, ms = median; sorted by total time):"
for name in plan1 plan10 apply1 apply10; do
    hosts=1; [[ "$name" == *10 ]] && hosts=10
    echo "  $name:"
    python3 "$bench/step-summary.py" "$hosts" "$work/$name".*.log
done
# Where the lab side's CPU goes, by process name over all runs of a kind (a process's reaped children count with
# it: sshd's include the commands of its sessions, bash the init scripts' loops).
echo
echo "lab-side CPU s per host and run, by process (lab-cpu.py):"
for name in plan1 plan10 apply1 apply10; do
    hosts=1; [[ "$name" == *10 ]] && hosts=10
    cat "$work/$name".*.log.lab-cpu 2>/dev/null | awk -v h="$hosts" -v name="$name" -v r="$runs" '
        $1 == "by" {t[$2] += $3} END {printf "  %-8s", name; for (c in t) if (t[c] / h / r >= 0.01) printf " %s %.2f", c, t[c] / h / r; print ""}'
done
echo "logs: $work"
