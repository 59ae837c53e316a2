#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy plan/apply, with root rights): reads several files in one command.
#   For each PATH in turn: "absent", or a line "MODE OWNER GROUP SIZE" followed by exactly SIZE bytes of the file.
#   Then for every regular file directly in each DIRECTORY whose name ends with SUFFIX: a line
#   "entry PATHSIZE MODE OWNER GROUP SIZE", then PATHSIZE bytes of its path, then SIZE bytes of the file (the path is
#   framed by its length, so no file name can break the answer). Symlinks are followed.
# Usage: read-files.sh COUNT PATH... [DIRECTORY SUFFIX]...   (COUNT: how many PATHs)
#
# A plan runs this on every host, and each process costs the host some 5 ms of CPU: one stat for all the files of a
# list (not one per file), and a path's length in bytes from the shell (${#p} counts bytes in the C locale).
set -u
LC_ALL=C
export LC_ALL
newline='
'

# stats_of TEST COUNT ARG...: sets stats to the "MODE OWNER GROUP SIZE" lines, from one stat, of those among the
# first COUNT ARGs that pass `test TEST` (-e, -f), in order, and picked to their positions (" 1 3 "), so that what
# follows reads exactly the files stat saw. The format holds no name, so a name with a newline cannot shift the
# lines; eval sees references to the parameters (${3}), never a path. Fails when stat does (a file went away in
# between).
stats_of() {
    check=$1
    left=$2
    shift 2
    words=
    picked=' '
    i=1
    while [ "$i" -le "$left" ]; do
        eval "p=\${$i}"
        if test "$check" "$p"; then
            words="$words \"\${$i}\""
            picked="$picked$i "
        fi
        i=$((i + 1))
    done
    stats=
    if [ -n "$words" ]; then
        stats=$(eval "stat -L -c '%a %U %G %s' --$words") || return 1
    fi
    stats="$stats$newline"
}

# Sets stat to the first line of $stats and removes it from there.
next_stat() {
    stat=${stats%%"$newline"*}
    stats=${stats#*"$newline"}
}

count=$1
shift
stats_of -e "$count" "$@" || exit 1
i=1
while [ "$i" -le "$count" ]; do
    p=$1
    shift
    case $picked in
    *" $i "*)
        next_stat
        printf '%s\n' "$stat"
        cat -- "$p" || exit 1
        ;;
    *) echo absent ;;
    esac
    i=$((i + 1))
done

# read_directory DIRECTORY SUFFIX
read_directory() {
    set -- "$1"*"$2"
    stats_of -f $# "$@" || return 1
    for i in $picked; do
        eval "p=\${$i}"
        next_stat
        printf 'entry %d %s\n' "${#p}" "$stat"
        printf %s "$p"
        cat -- "$p" || return 1
    done
}

while [ $# -ge 2 ]; do
    read_directory "$1" "$2" || exit 1
    shift 2
done
