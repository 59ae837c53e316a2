#!/bin/sh
# Puts each path of one run back as it was before the run, but only where the path still holds what the run left
# there (the bytes it wrote, or no file where it deleted one): a file changed since is kept, never overwritten or
# removed. A replaced file is copied back beside the target (owner and mode as saved) and renamed over it; a created
# one is removed.
# Usage: backup-restore.sh RUNDIR KIND PATH WRITTEN [KIND PATH WRITTEN]...   (the records of RUNDIR/entries)
# Prints one record per path, each field ended by a NUL byte: restored|removed|kept, PATH.
set -eu
dir=$1
shift
while [ "$#" -ge 3 ]; do
    kind=$1
    path=$2
    written=$3
    shift 3
    if [ "$written" = deleted ]; then
        if [ -e "$path" ] || [ -L "$path" ]; then
            state=changed
        else
            state=as-left
        fi
    elif [ -f "$path" ] && [ "$(sha256sum < "$path" | cut -d ' ' -f 1)" = "$written" ]; then
        state=as-left
    else
        state=changed
    fi
    if [ "$state" = changed ]; then
        printf 'kept\000%s\000' "$path"
        continue
    fi
    case $kind in
        replaced)
            temp=${path%/*}/.${path##*/}.jitsi-deploy-restore.tmp
            cp -p -- "$dir/files$path" "$temp"
            mv -f -- "$temp" "$path"
            printf 'restored\000%s\000' "$path"
            ;;
        created)
            rm -f -- "$path"
            printf 'removed\000%s\000' "$path"
            ;;
        *)
            echo "backup-restore.sh: unknown record kind '$kind'" >&2
            exit 2
            ;;
    esac
done
