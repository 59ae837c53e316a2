#!/bin/sh
# The per-host run lock of jitsi-deploy (docs/deploy.md, "One run per host at a time").
# Usage: sh -s -- DIRECTORY HOLDER-LINE... (the script itself arrives on stdin, the tool keeps stdin open)
# Takes flock on DIRECTORY/run.lock and holds it for as long as the tool's SSH session lives: the last command
# reads stdin until the tool closes it or its connection dies, so the lock is released at the end of the run and
# can never outlive its owner. Writes the holder's lines to DIRECTORY/run.holder for a second run to show.
# Answers one line: "locked", or "busy" followed by the holder's lines, or "error WHAT".
set -u
directory=$1
shift
lock="$directory/run.lock"
holder="$directory/run.holder"
if ! command -v flock >/dev/null 2>&1; then
    echo "error no flock command on the host (util-linux)"
    exit 2
fi
if ! (umask 077 && mkdir -p -- "$directory"); then
    echo "error cannot create $directory"
    exit 2
fi
exec 9>>"$lock" || { echo "error cannot open $lock"; exit 2; }
if ! flock -n 9; then
    echo busy
    cat -- "$holder" 2>/dev/null
    exit 1
fi
printf '%s\n' "$@" > "$holder.tmp" && mv -f -- "$holder.tmp" "$holder"
echo locked
cat > /dev/null
rm -f -- "$holder"
