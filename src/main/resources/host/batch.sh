#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy, with root rights): several commands in one SSH round trip, in order, until one
# fails (exits non-zero): the rest do not run. Each step's stdout and stderr are captured in a private temp directory
# (mktemp -d: mode 0700), so a step may print binary data. The answer: a line "steps COUNT" (the steps that ran), a
# line "step STATUS OUTSIZE ERRSIZE" per step that ran, then every such step's stdout and stderr, in that order,
# exactly OUTSIZE and ERRSIZE bytes each. The CLEANUP commands run at the end whatever happened (e.g. removing staged
# uploads); their output is dropped.
# Each STEP and CLEANUP is one simple command (a host script called with its quoted arguments), run by eval in this
# shell with its redirections: no subshell, and an `exit` in it would end the batch.
# Usage: batch.sh CLEANUPS CLEANUP... STEP...   (CLEANUPS: how many CLEANUP commands follow)
#
# A plan runs this on every host, and each process costs the host some 5 ms of CPU: the steps run in this shell (not
# each in a subshell), and all of the captured output is measured by one stat and sent by one cat at the end, not by
# one of each per step. Steps keep the session's umask: the capture files are private by their directory's mode.
# A step that is a host script's call, `sh -c SCRIPT NAME ARG...`, runs SCRIPT in a subshell of this shell with the
# ARGs as its arguments instead of in a new sh (sh below): one process less per step. The only difference from
# `sh -c` is $0, which no host script uses; the subshell drops this shell's variables and the function itself, so a
# script's own `sh -c` starts a real sh.
cleanups=$1
shift
on_exit=
while [ "$cleanups" -gt 0 ]; do
    on_exit="$on_exit $1 >/dev/null 2>&1;"
    shift
    cleanups=$((cleanups - 1))
done
# shellcheck disable=SC2317 # called by the steps, through eval
sh() {
    if [ "$#" -ge 3 ] && [ "$1" = -c ]; then
        (
            step_script=$2
            shift 3
            unset -f sh
            unset cleanups on_exit d ran statuses step rc
            eval "unset step_script; $step_script"
        )
    else
        command sh "$@"
    fi
}
d=$(mktemp -d) || exit 1
trap 'cd /; eval "$on_exit"; rm -rf -- "$d"' EXIT
ran=0
statuses=
for step in "$@"; do
    ran=$((ran + 1))
    eval "$step" >"$d/$ran.o" 2>"$d/$ran.e" </dev/null
    rc=$?
    statuses="$statuses $rc"
    [ "$rc" -eq 0 ] || break
done

# The capture files by names without the directory (whose path may hold spaces, from TMPDIR), in order.
cd -- "$d" || exit 1
files=
i=1
while [ "$i" -le "$ran" ]; do
    files="$files $i.o $i.e"
    i=$((i + 1))
done
printf 'steps %d\n' "$ran"
[ "$ran" -gt 0 ] || exit 0
# shellcheck disable=SC2086 # $files: the names above, split on purpose
sizes=$(stat -c %s -- $files) || exit 1
total=0
# shellcheck disable=SC2086 # $statuses: numbers, split on purpose
set -- $statuses
while read -r out_size && read -r err_size; do
    printf 'step %d %d %d\n' "$1" "$out_size" "$err_size"
    shift
    total=$((total + out_size + err_size))
done <<SIZES
$sizes
SIZES
# shellcheck disable=SC2086
if [ "$total" -gt 0 ]; then cat -- $files || exit 1; fi
exit 0
