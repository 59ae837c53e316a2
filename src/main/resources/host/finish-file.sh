#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply, with root rights): puts an uploaded file in place atomically. Temp files
# that an earlier, interrupted write to the same target left behind are removed first.
#   Without STAGED: the upload is TEMP itself (beside the target); it gets its owner and mode and is renamed over
#   TARGET. With STAGED (sudo: the bytes are in a private directory STAGING): install copies them to TEMP with the
#   final owner and mode, then TEMP is renamed over TARGET; STAGING is always removed.
#   On failure TEMP is removed and the target is as it was.
# Usage: finish-file.sh TARGET TEMP OWNER GROUP MODE [STAGED STAGING]
set -u
target=$1
temp=$2
owner=$3
group=$4
mode=$5
case $target in
    */*) directory=${target%/*} ;;
    *) directory=. ;;
esac
for f in "$directory/.${target##*/}.jitsi-deploy-"*.tmp; do
    [ "$f" = "$temp" ] || rm -f -- "$f"
done
if [ $# -ge 7 ]; then
    if install -o "$owner" -g "$group" -m "$mode" -- "$6" "$temp" && mv -f -- "$temp" "$target"; then
        rc=0
    else
        rc=$?
        rm -f -- "$temp"
    fi
    rm -rf -- "$7"
    exit "$rc"
fi
if chown "$owner:$group" -- "$temp" && chmod "$mode" -- "$temp" && mv -f -- "$temp" "$target"; then
    exit 0
else
    rc=$?
    rm -f -- "$temp"
    exit "$rc"
fi
