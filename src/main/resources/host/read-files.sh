#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy plan/apply, with root rights): reads several files in one command.
#   First the headers: for each PATH in turn "absent" or a line "MODE OWNER GROUP SIZE"; then for every regular file
#   directly in each DIRECTORY whose name ends with SUFFIX a line "entry PATHSIZE MODE OWNER GROUP SIZE" and PATHSIZE
#   bytes of its path (framed by its length, so no file name can break the answer); then a line "data"; then the
#   bytes of every file that has a header line, in that order, SIZE bytes each. Symlinks are followed.
# Usage: read-files.sh COUNT PATH... [DIRECTORY SUFFIX]...   (COUNT: how many PATHs)
#
# A plan runs this on every host, and each process costs the host some 5 ms of CPU: one stat for all the files of a
# list (not one per file), one cat for all the files (not one per file), and a path's length in bytes from the shell
# (${#p} counts bytes in the C locale). A file that changes between the stat and the cat makes the data longer or
# shorter than the sizes say, which the reader refuses.
set -u
LC_ALL=C
export LC_ALL
newline='
'
# The files to send, as references to saved positional parameters ("${1}"), for the one cat at the end.
sends=
saved=0

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

# send PATH: the file goes into the one cat at the end (its path kept in a variable of its own, never in eval text).
send() {
    saved=$((saved + 1))
    eval "send_$saved=\$1"
    sends="$sends \"\${send_$saved}\""
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
        send "$p"
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
        send "$p"
    done
}

while [ $# -ge 2 ]; do
    read_directory "$1" "$2" || exit 1
    shift 2
done
echo data
[ -z "$sends" ] || eval "cat --$sends" || exit 1
