#!/usr/bin/env bash
# Benchmark of plan and apply on the lab (issue 4, "Speed"; docs/deploy.md "Speed"): medians of
#   - a no-op plan on 1 host vs on 10 hosts (the 10 in parallel),
#   - verify on 1 host vs on 10 hosts with --forks 10 (issue 15: at most 1.5x), in pairs whose order alternates,
#   - an apply with real work (fresh quick-install state: all three files, three restarts, the verification gate) on
#     1 host vs on 10 hosts with --forks 10.
# and (issue 15, docs/deploy.md "Compared with Ansible") the same hosts driven by the Ansible baseline
# (src/bench/ansible/: site.yml, the playbook an operator would write for what `apply --no-verify` does), in
# interleaved pairs whose order alternates (tool first in odd pairs, Ansible first in even ones):
#   - no-op: `plan` vs `ansible-playbook --check --diff`, 1 host and 10 hosts (these plan runs are the ones above),
#   - apply with real work, no gate: the three files put back to their quick-install bytes (lab-reset-files.sh,
#     untimed), then `apply --no-verify` vs `ansible-playbook`, 1 host and 10 hosts.
#   Each Ansible run opens its own SSH connections (a fresh ControlPath directory, its masters closed after it), as
#   the tool must; the masters' CPU (detached processes, so not among the shell's children) is read from /proc
#   before they are closed and counted as client CPU.
# Before every timed run the hosts in it are left with no login of the operator (end_logins, untimed), as a fleet
# nobody is logged in to: each run, the tool's and Ansible's alike, pays for its logins' user managers.
# Every timed run is the whole command, JVM (or Python) start included; the tool's with -v (per-host step timings on
# stderr, the same for 1 and 10 hosts). Per run it also records the 1-minute load average at its end, the client's
# CPU time (the JVM and its wrapper; ansible-playbook, its workers and ssh) and the lab side's CPU time
# (src/bench/lab-cpu.py: sshd, shell commands, prosody, nginx, the jicofo and videobridge stand-ins of the hosts in
# the run).
#
# Needs root. Holds the lab lock (/var/lib/jitsi-deploy-lab/tests.lock) for the whole run, so IT runs wait; brings
# up a 10-host lab if needed and at the end puts back the lab it found (e.g. 3 hosts, or none). Leaves the hosts in
# the applied state.
# Usage: src/bench/plan-apply.sh [--ansible | --no-ansible | --ansible-only] [RUNS]   (default 5 runs per figure)
#   --ansible       with the Ansible pairs (the default when ansible-playbook is installed: apt-get install ansible-core)
#   --no-ansible    the tool's figures only
#   --ansible-only  only the figures of the Ansible comparison (no-op plans and applies without the gate)
set -euo pipefail
arguments=("$@")
ansible_mode=auto
case "${1:-}" in
--ansible) ansible_mode=yes; shift ;;
--no-ansible) ansible_mode=no; shift ;;
--ansible-only) ansible_mode=only; shift ;;
esac
runs="${1:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$repo/src/bench"
tool="$repo/bin/jitsi-deploy"
inventory="$repo/inventories/lab.yml"
lock=/var/lib/jitsi-deploy-lab/tests.lock

[ "$(id -u)" -eq 0 ] || { echo "plan-apply.sh: needs root (the lab does)" >&2; exit 2; }
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]] || [ $# -gt 1 ]; then
    echo "usage: plan-apply.sh [--ansible | --no-ansible | --ansible-only] [RUNS]" >&2; exit 2
fi
if [ "$ansible_mode" = auto ]; then
    if command -v ansible-playbook >/dev/null; then ansible_mode=yes; else
        echo "plan-apply.sh: ansible-playbook not found: no Ansible comparison (apt-get install ansible-core)" >&2
        ansible_mode=no
    fi
elif [ "$ansible_mode" != no ] && ! command -v ansible-playbook >/dev/null; then
    echo "plan-apply.sh: ansible-playbook not found; install it with: apt-get install ansible-core" >&2; exit 2
fi

# The lock is a POSIX record lock, which belongs to a process and survives exec: when /proc/locks does not show it
# held by this very process or one of its ancestors (e.g. /work/lab-hand's shell, which holds it while it waits for
# us), re-run this script under with-lab-lock.py (which waits for it, then execs us).
holds_lock() {
    [ -e "$lock" ] || return 1
    local inode holder pid=$$
    inode="$(stat -c %i "$lock")"
    holder="$(awk -v inode="$inode" '$2 == "POSIX" && $6 ~ (":" inode "$") {print $5}' /proc/locks)"
    [ -n "$holder" ] || return 1
    while [ "$pid" -gt 1 ]; do
        [ "$pid" = "$holder" ] && return 0
        pid="$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f2)"   # the parent (field 4)
    done
    return 1
}
if ! holds_lock; then
    exec python3 "$bench/with-lab-lock.py" "${BASH_SOURCE[0]}" "${arguments[@]}"
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

# end_logins HOSTS (comma-separated lab host names): untimed, each such systemd host left as a server that nobody is
# logged in to: the operator's sessions ended and its user manager stopped (`loginctl terminate-user`), waited for.
# So every timed run, the tool's and Ansible's alike, logs in as on a real fleet: pam_systemd has logind start the
# user's systemd for the first session (some 0.05 s of host CPU each), which logind keeps 10 s after the last one
# ended, and so would otherwise often find still running from the run before. SysV hosts have no logind (no-op).
end_logins() {
    local host pid user_unit
    user_unit="user@$(id -u "$operator").service"
    for host in ${1//,/ }; do
        pid="$(cat "/var/lib/jitsi-deploy-lab/$host/namespace.pid" 2>/dev/null)" || continue
        nsenter -t "$pid" -m -u -p loginctl terminate-user "$operator" >/dev/null 2>&1 || true
    done
    for host in ${1//,/ }; do
        pid="$(cat "/var/lib/jitsi-deploy-lab/$host/namespace.pid" 2>/dev/null)" || continue
        for _ in $(seq 100); do
            nsenter -t "$pid" -m -u -p systemctl is-active -q "$user_unit" 2>/dev/null || break
            sleep 0.05
        done
    done
}
operator=deploy   # the lab's login user on systemd hosts (src/lab/lab.sh)

# measure NAME HOSTS CMD...: runs CMD once, appends "NAME WALL_MS CLIENT_CPU_S LAB_CPU_S LOAD1 STATUS" to the
# results; its stdout and stderr (with the -v timings) go to $work/NAME.N.log. For an Ansible run (ansible_run),
# $masters is its ControlPath directory, whose ssh masters' CPU counts as client CPU, and $expect says whether its
# output must show a CHANGED task (changed) or none (unchanged); a run that does not is "failed".
masters='' expect=''
measure() {
    local name="$1" hosts="$2"; shift 2
    local n start end cpu0 cpu1 status=ok log master=0
    n="$(grep -c "^$name " "$results" 2>/dev/null || true)"
    log="$work/$name.$((n + 1)).log"
    end_logins "$hosts"
    python3 "$bench/lab-cpu.py" snapshot "$work/cpu.snapshot"
    children_cpu >"$work/cpu0"
    start="$(date +%s%N)"
    "$@" >"$log" 2>&1 || status=failed
    end="$(date +%s%N)"
    children_cpu >"$work/cpu1"
    [ -z "$masters" ] || master="$(master_cpu "$masters")"
    cpu0="$(cat "$work/cpu0")"; cpu1="$(cat "$work/cpu1")"
    local lab load
    python3 "$bench/lab-cpu.py" since "$work/cpu.snapshot" "$hosts" >"$log.lab-cpu"
    lab="$(awk '$1 == "total" {print $2}' "$log.lab-cpu")"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    case "$expect" in
    changed) grep -q '| CHANGED' "$log" || status=failed ;;
    unchanged) ! grep -q '| CHANGED' "$log" || status=failed ;;
    esac
    [ "$status" = ok ] || say "'$*' failed${expect:+ (expected: $expect)}; see $log"
    echo "$name $(( (end - start) / 1000000 )) $(awk -v a="$cpu0" -v b="$cpu1" -v m="$master" 'BEGIN {printf "%.2f", b - a + m}') $lab $load $status" \
        >>"$results"
}

# The Ansible baseline (src/bench/ansible/). Its inventory, the pristine and the applied files are made outside the
# timings by prepare-content.sh in $ansible_work.
ansible_work="$work/ansible"
tick="$(getconf CLK_TCK)"
master_cpu() {  # CPU seconds of the live ssh ControlMaster processes whose sockets are in $1 (since they started)
    local socket pid
    for socket in "$1"/*; do
        [ -S "$socket" ] || continue
        pid="$(ssh -o ControlPath="$socket" -O check lab 2>&1 | sed -n 's/.*pid=\([0-9]*\).*/\1/p')"
        [ -z "$pid" ] || sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}' || true
    done | awk -v t="$tick" '{s += $1} END {printf "%.2f", s / t}'
}
close_masters() {
    local socket
    for socket in "$1"/*; do
        if [ -S "$socket" ]; then ssh -o ControlPath="$socket" -O exit lab >/dev/null 2>&1 || true; fi
    done
}
playbook() {   # playbook CONTROL_PATH_DIR ARGS...: site.yml on the lab hosts
    local control="$1"; shift
    env ANSIBLE_CONFIG="$bench/ansible/ansible.cfg" ANSIBLE_SSH_CONTROL_PATH_DIR="$control" \
        ansible-playbook -i "$ansible_work/inventory.yml" "$bench/ansible/site.yml" \
        -e "jitsi_content_dir=$ansible_work/files" "$@"
}
# ansible_run NAME HOSTS changed|unchanged ARGS...: one timed run with SSH connections of its own (a fresh
# ControlPath directory, its masters closed afterwards, as each run of the tool opens its own)
ansible_run() {
    local name="$1" hosts="$2"
    expect="$3"; shift 3
    masters="$(mktemp -d "$work/control.XXXX")"
    measure "$name" "$hosts" playbook "$masters" --limit "$hosts" "$@"
    close_masters "$masters"; rm -rf "$masters"
    masters='' expect=''
}
reset_files() { "$bench/ansible/lab-reset-files.sh" "$ansible_work/pristine"; }
# The runs of the pairs, one function each, so that in_order can swap them.
plan1() { measure plan1 lab1 "$tool" plan -v -i "$inventory" --limit lab1 --detailed-exitcode; }
plan10() { measure plan10 "$ten" "$tool" plan -v -i "$inventory" --limit "$ten" --forks 10 --detailed-exitcode; }
verify1() { measure verify1 lab1 "$tool" verify -i "$inventory" --limit lab1; }
verify10() { measure verify10 "$ten" "$tool" verify -i "$inventory" --limit "$ten" --forks 10; }
check1() { ansible_run check1 lab1 unchanged --check --diff; }
check10() { ansible_run check10 "$ten" unchanged --check --diff; }
apply1nv() { reset_files; measure apply1nv lab1 "$tool" apply -v -i "$inventory" --limit lab1 --yes --no-verify; }
apply10nv() { reset_files; measure apply10nv "$ten" "$tool" apply -v -i "$inventory" --limit "$ten" --forks 10 --yes --no-verify; }
aapply1() { reset_files; ansible_run aapply1 lab1 changed; }
aapply10() { reset_files; ansible_run aapply10 "$ten" changed; }
# in_order PAIR A B: A then B in odd pairs, B then A in even ones (so neither side always runs on the other's heels)
in_order() { if (( $1 % 2 )); then "$2"; "$3"; else "$3"; "$2"; fi; }

reset_lab
[ "$ansible_mode" = no ] || "$bench/ansible/prepare-content.sh" pristine "$inventory" "$ansible_work" >>"$work/setup.log"
# The no-op plans need every host applied; on a loaded machine a restart may time out, so allow a few tries.
for try in 1 2 3; do
    if "$tool" apply -i "$inventory" --limit "$ten" --forks 10 --yes >>"$work/setup.log" 2>&1; then break; fi
    [ "$try" -lt 3 ] || { say "could not bring all 10 hosts to the applied state; see $work/setup.log"; exit 1; }
done
# One untimed plan, so that every timed run finds what a second run of the tool finds (bin/jitsi-deploy's class data
# sharing archive of the command, made by its first run after a build; the setup apply made apply's).
"$tool" plan -i "$inventory" --limit lab1 >>"$work/setup.log" 2>&1 || true
"$tool" verify -i "$inventory" --limit lab1 >>"$work/setup.log" 2>&1 || true
if [ "$ansible_mode" != no ]; then
    "$bench/ansible/prepare-content.sh" applied "$inventory" "$ansible_work" >>"$work/setup.log"
    # Untimed, and the first proof that the playbook wants what the tool did: on the hosts the tool just applied,
    # Ansible's check must find nothing to change.
    control="$(mktemp -d "$work/control.XXXX")"
    if ! playbook "$control" --check --diff --limit "$ten" >"$work/ansible-check-after-tool.log" 2>&1 \
        || grep -q '| CHANGED' "$work/ansible-check-after-tool.log"; then
        say "the Ansible baseline would change hosts the tool just applied (not equivalent); see $work/ansible-check-after-tool.log"
        exit 1
    fi
    close_masters "$control"; rm -rf "$control"
fi
: >"$results"
for i in $(seq 1 "$runs"); do
    if [ "$ansible_mode" = no ]; then
        plan1; plan10
    else
        in_order "$i" plan1 check1
        in_order "$i" plan10 check10
    fi
    in_order "$i" verify1 verify10
done
if [ "$ansible_mode" != only ]; then
    for _ in $(seq 1 "$runs"); do
        reset_lab
        measure apply1 lab1 "$tool" apply -v -i "$inventory" --limit lab1 --yes
        reset_lab
        measure apply10 "$ten" "$tool" apply -v -i "$inventory" --limit "$ten" --forks 10 --yes
    done
fi
if [ "$ansible_mode" != no ]; then
    for i in $(seq 1 "$runs"); do
        in_order "$i" apply1nv aapply1
        in_order "$i" apply10nv aapply10
    done
    # Untimed, the second proof: on hosts the playbook just applied, the tool finds nothing to do (exit 0) and
    # verify finds token authentication enforced.
    reset_files
    control="$(mktemp -d "$work/control.XXXX")"
    playbook "$control" --limit "$ten" >"$work/ansible-apply-last.log" 2>&1 || say "the last Ansible apply failed; see $work/ansible-apply-last.log"
    close_masters "$control"; rm -rf "$control"
    equivalence=0
    "$tool" plan -i "$inventory" --limit "$ten" --forks 10 --detailed-exitcode >"$work/plan-after-ansible.log" 2>&1 || equivalence=$?
    verified=0
    "$tool" verify -i "$inventory" --limit "$ten" >"$work/verify-after-ansible.log" 2>&1 || verified=$?
fi

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
kinds=("plan:2:no-op plan" "verify:1.5:verify"); [ "$ansible_mode" = only ] || kinds+=("apply:1.5:apply")
for pair in "${kinds[@]}"; do
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
tool_runs=(plan1 plan10); [ "$ansible_mode" = only ] || tool_runs+=(apply1 apply10)
[ "$ansible_mode" = no ] || tool_runs+=(apply1nv apply10nv)
for name in "${tool_runs[@]}"; do
    hosts=1; [[ "$name" == *10* ]] && hosts=10
    echo "  $name:"
    python3 "$bench/step-summary.py" "$hosts" "$work/$name".*.log
done
# Where the lab side's CPU goes, by process name over all runs of a kind (a process's reaped children count with
# it: sshd's include the commands of its sessions, bash the init scripts' loops).
echo
echo "lab-side CPU s per host and run, by process (lab-cpu.py):"
lab_runs=("${tool_runs[@]}" verify1 verify10); [ "$ansible_mode" = no ] || lab_runs+=(check1 check10 aapply1 aapply10)
for name in "${lab_runs[@]}"; do
    hosts=1; [[ "$name" == *10* ]] && hosts=10
    cat "$work/$name".*.log.lab-cpu 2>/dev/null | awk -v h="$hosts" -v name="$name" -v r="$runs" '
        $1 == "by" {t[$2] += $3} END {printf "  %-8s", name; for (c in t) if (t[c] / h / r >= 0.01) printf " %s %.2f", c, t[c] / h / r; print ""}'
done
if [ "$ansible_mode" != no ]; then
    echo
    python3 "$bench/ansible/summarize.py" "$results"
    echo "after an Ansible apply of all 10 hosts: jitsi-deploy plan exit $equivalence (0: nothing to change)," \
        "verify exit $verified (0: token authentication enforced)"
fi
echo "logs: $work"
