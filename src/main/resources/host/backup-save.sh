#!/bin/sh
# Saves what one apply run is about to replace, create or delete on this host, before it touches anything.
# Usage: backup-save.sh BACKUPS RUN DEPLOYED REPLACED PATH WRITTEN [PATH WRITTEN]...
#   BACKUPS   the host's backup directory; RUN's backup goes to BACKUPS/RUN
#   DEPLOYED  fingerprint (never the secret) of the token credentials the run deploys
#   REPLACED  fingerprint of those the host runs now
#   WRITTEN   sha256 of the bytes the run will write to PATH, or "deleted" when the run deletes PATH
# BACKUPS/RUN/files/PATH is the file as it was. BACKUPS/RUN/entries holds one record per PATH, each field ended by a
# NUL byte (a path may hold any byte but NUL, blanks at its end included): replaced|created, PATH, WRITTEN.
# Everything is root-only (directories 0700, records 0600): the saved files hold secrets.
set -eu
umask 077
backups=$1
run=$2
dir=$backups/$run
mkdir -p -- "$dir/files"
chmod 0700 -- "$backups" "$dir" "$dir/files"
printf 'deployed %s\nreplaced %s\n' "$3" "$4" > "$dir/auth"
shift 4
: > "$dir/entries"
while [ "$#" -ge 2 ]; do
    path=$1
    written=$2
    shift 2
    if [ -e "$path" ]; then
        copy=$dir/files$path
        mkdir -p -- "${copy%/*}"
        cp -pL -- "$path" "$copy"
        kind=replaced
    else
        kind=created
    fi
    printf '%s\000%s\000%s\000' "$kind" "$path" "$written" >> "$dir/entries"
done
printf '%s\n' "$run" > "$backups/last.tmp"
mv -f -- "$backups/last.tmp" "$backups/last"
