#!/usr/bin/env bash
# Benchmark of plan and apply on the lab (issue 4, "Speed"): medians of
#   - a no-op plan on 1 host vs on 10 hosts (the 10 in parallel),
#   - an apply with real work (fresh quick-install state, all three files, three restarts) on 1 host vs on 10 hosts
#     with --forks 10.
# Needs root and a running lab of 10 hosts ('bin/jitsi-deploy lab up --hosts 10'). Leaves the lab in the applied
# state. Usage: src/bench/plan-apply.sh [RUNS]   (default 5 runs per figure)
set -euo pipefail
runs="${1:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tool="$repo/bin/jitsi-deploy"
inventory="$repo/inventories/lab.yml"

[ "$(id -u)" -eq 0 ] || { echo "plan-apply.sh: needs root (the lab does)" >&2; exit 2; }
hosts="$(grep -c '^      lab[0-9]*:$' "$inventory" || true)"
[ "$hosts" -ge 10 ] || { echo "plan-apply.sh: needs a lab of 10 hosts ('$tool lab up --hosts 10')" >&2; exit 2; }
ten="$(seq -s, -f 'lab%g' 1 10)"

# Milliseconds one command takes; its output goes to a log. A failed run (a host failed, e.g. a restart timed out
# on a loaded machine) prints "failed" instead of a time and is left out of the median.
log="$(mktemp)"
time_ms() {
    local start end
    start="$(date +%s%N)"
    if ! "$@" >>"$log" 2>&1; then echo "plan-apply.sh: '$*' failed; see $log" >&2; echo failed; return; fi
    end="$(date +%s%N)"
    echo $(( (end - start) / 1000000 ))
}
median() {
    grep -v failed | sort -n | awk '{v[NR]=$1} END {print (NR == 0 ? "n/a" : NR % 2 ? v[(NR+1)/2] : int((v[NR/2] + v[NR/2+1]) / 2))}'
}
reset_lab() { "$tool" lab reset >>"$log" 2>&1 || { echo "plan-apply.sh: lab reset failed; see $log" >&2; exit 1; }; }

"$tool" validate -i "$inventory" >/dev/null   # builds the jar if needed, outside the timings

reset_lab
# The no-op plans need every host applied; on a loaded machine a restart may time out, so allow a few tries.
for try in 1 2 3; do
    if "$tool" apply -i "$inventory" --limit "$ten" --forks 10 --yes >>"$log" 2>&1; then break; fi
    [ "$try" -lt 3 ] || { echo "plan-apply.sh: could not bring all 10 hosts to the applied state; see $log" >&2; exit 1; }
done
plan1=(); plan10=(); apply1=(); apply10=()
for _ in $(seq 1 "$runs"); do
    plan1+=("$(time_ms "$tool" plan -i "$inventory" --limit lab1 --detailed-exitcode)")
    plan10+=("$(time_ms "$tool" plan -i "$inventory" --limit "$ten" --forks 10 --detailed-exitcode)")
done
for _ in $(seq 1 "$runs"); do
    reset_lab
    apply1+=("$(time_ms "$tool" apply -i "$inventory" --limit lab1 --yes)")
    reset_lab
    apply10+=("$(time_ms "$tool" apply -i "$inventory" --limit "$ten" --forks 10 --yes)")
done

m_plan1="$(printf '%s\n' "${plan1[@]}" | median)"
m_plan10="$(printf '%s\n' "${plan10[@]}" | median)"
m_apply1="$(printf '%s\n' "${apply1[@]}" | median)"
m_apply10="$(printf '%s\n' "${apply10[@]}" | median)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a"}'; }
echo "runs per figure: $runs (wall clock of the whole command, JVM start included; $(nproc) CPUs)"
echo "no-op plan,  1 host : median ${m_plan1} ms   (${plan1[*]})"
echo "no-op plan, 10 hosts: median ${m_plan10} ms   (${plan10[*]})   ratio $(ratio "$m_plan10" "$m_plan1") (target < 2)"
echo "apply,       1 host : median ${m_apply1} ms   (${apply1[*]})"
echo "apply,      10 hosts: median ${m_apply10} ms   (${apply10[*]})   ratio $(ratio "$m_apply10" "$m_apply1") (target < 1.5)"
grep -q failed <<<"${plan1[*]} ${plan10[*]} ${apply1[*]} ${apply10[*]}" && echo "log of the runs: $log" || rm -f "$log"
