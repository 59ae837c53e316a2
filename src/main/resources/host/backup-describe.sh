#!/bin/sh
# Prints the last run's backup for a rollback: its name and auth record as lines, then a line "--", then its entries
# (NUL-separated, as backup-save.sh wrote them). Exits 3 when there is no last run.
# Usage: backup-describe.sh BACKUPS
set -eu
backups=$1
[ -s "$backups/last" ] || exit 3
run=$(cat -- "$backups/last")
printf 'run %s\n' "$run"
if [ -f "$backups/$run/auth" ]; then
    cat -- "$backups/$run/auth"
fi
printf -- '--\n'
cat -- "$backups/$run/entries"
