#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy preflight): runs a command with the environment the Prosody service really
# gets, so that a library Prosody finds through it (e.g. LUA_PATH_5_4) counts as found.
#   systemd: the unit's EnvironmentFile= files (a leading "-" means optional) and Environment= assignments, as
#            preflight.sh's one `systemctl show` printed them (so this asks systemd nothing itself);
#   sysv:    what /etc/default/prosody exports (Debian's init script sources it). Debian's own prosody.service
#            has no EnvironmentFile=, so there the file does not count.
# Usage: with-prosody-env.sh systemd|sysv ENVIRONMENT_FILES ENVIRONMENT COMMAND [ARG...]
#   ENVIRONMENT_FILES the unit's EnvironmentFiles= values, e.g. "/etc/default/prosody (ignore_errors=yes)", one a
#                     line; ENVIRONMENT its Environment= value (both "" under sysv or for a unit systemd lacks)
set -eu
manager="$1"
environment_files="$2"
assignments="$3"
shift 3
if [ "$manager" = sysv ]; then
    # as Debian's init script: sourced as it is, so only what the file exports reaches Prosody
    # shellcheck source=/dev/null
    if [ -r /etc/default/prosody ]; then . /etc/default/prosody; fi
else
    set -a
    # each value is "FILE (ignore_errors=yes|no)"; the words in parentheses are not files
    for file in $environment_files; do
        case $file in '('*) continue ;; esac
        file="${file#-}"
        # shellcheck source=/dev/null
        if [ -r "$file" ]; then . "$file"; fi
    done
    set +a
    # the assignments as systemd prints them: space separated, quoted where a value has spaces
    if [ -n "$assignments" ]; then eval "export $assignments"; fi
fi
exec "$@"
