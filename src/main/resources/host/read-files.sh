#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy plan/apply, with root rights): reads several files in one command.
#   For each PATH in turn: "absent", or a line "MODE OWNER GROUP SIZE" followed by exactly SIZE bytes of the file.
#   Then for every regular file directly in each DIRECTORY whose name ends with SUFFIX: a line
#   "entry PATHSIZE MODE OWNER GROUP SIZE", then PATHSIZE bytes of its path, then SIZE bytes of the file (the path is
#   framed by its length, so no file name can break the answer). Symlinks are followed.
# Usage: read-files.sh COUNT PATH... [DIRECTORY SUFFIX]...   (COUNT: how many PATHs)
set -u
count=$1
shift
while [ "$count" -gt 0 ]; do
    p=$1
    shift
    count=$((count - 1))
    if [ -e "$p" ]; then
        if ! { stat -L -c '%a %U %G %s' -- "$p" && cat -- "$p"; }; then exit 1; fi
    else
        echo absent
    fi
done
while [ $# -ge 2 ]; do
    directory=$1
    suffix=$2
    shift 2
    for p in "$directory"*"$suffix"; do
        [ -f "$p" ] || continue
        n=$(printf %s "$p" | wc -c)
        if ! { stat -L -c "entry $n %a %U %G %s" -- "$p" && printf %s "$p" && cat -- "$p"; }; then exit 1; fi
    done
done
