#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy, with root rights): several commands in one SSH round trip, each in its own
# subshell with the session's umask, in order, until one fails (exits non-zero): the rest do not run. Per step a
# line "step STATUS OUTSIZE ERRSIZE", then exactly the step's stdout and stderr (captured in a private temp
# directory), so a step may print binary data. The CLEANUP commands run at the end whatever happened (e.g. removing
# staged uploads); their output is dropped. Each STEP and CLEANUP is a command line (a host script called with its
# quoted arguments).
# Usage: batch.sh CLEANUPS CLEANUP... STEP...   (CLEANUPS: how many CLEANUP commands follow)
newline='
'
u=$(umask)
umask 077
d=$(mktemp -d) || exit 1
cleanups=$1
shift
on_exit=
while [ "$cleanups" -gt 0 ]; do
    on_exit="$on_exit ( $1 ) >/dev/null 2>&1;"
    shift
    cleanups=$((cleanups - 1))
done
trap 'eval "$on_exit"; rm -rf -- "$d"' EXIT
for step in "$@"; do
    (
        umask "$u"
        eval "$step"
    ) >"$d/o" 2>"$d/e" </dev/null
    rc=$?
    # both sizes from one stat (a process costs the host some 5 ms of CPU, and a plan runs this on every host)
    sizes=$(stat -c %s -- "$d/o" "$d/e") || exit 1
    printf 'step %d %d %d\n' "$rc" "${sizes%%"$newline"*}" "${sizes#*"$newline"}"
    if [ "$sizes" != "0${newline}0" ]; then cat -- "$d/o" "$d/e"; fi
    [ "$rc" -eq 0 ] || exit 0
done
exit 0
