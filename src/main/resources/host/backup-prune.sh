#!/bin/sh
# Keeps the KEEP newest run backups (run ids are UTC times, so they sort by age) and the one "last" names; deletes
# the others, which hold old secrets. Prints the name of each run deleted, one a line.
# Usage: backup-prune.sh BACKUPS KEEP
set -eu
backups=$1
keep=$2
[ -d "$backups" ] || exit 0
last=$(cat -- "$backups/last" 2>/dev/null || true)
total=0
for dir in "$backups"/*/; do
    [ -d "$dir" ] && total=$((total + 1))
done
excess=$((total - keep))
for dir in "$backups"/*/; do
    [ "$excess" -gt 0 ] || break
    [ -d "$dir" ] || continue
    run=${dir%/}
    run=${run##*/}
    [ "$run" = "$last" ] && continue
    rm -rf -- "${dir%/}"
    printf '%s\n' "$run"
    excess=$((excess - 1))
done
