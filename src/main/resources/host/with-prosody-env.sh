#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy preflight): runs a command with the environment the Prosody service really
# gets, so that a library Prosody finds through it (e.g. LUA_PATH_5_4) counts as found.
#   systemd: the unit's EnvironmentFile= files (a leading "-" means optional) and Environment= assignments;
#   sysv:    what /etc/default/prosody exports (Debian's init script sources it). Debian's own prosody.service
#            has no EnvironmentFile=, so there the file does not count.
# Usage: with-prosody-env.sh systemd|sysv SERVICE COMMAND [ARG...]
set -eu
manager="$1"
service="$2"
shift 2
if [ "$manager" = sysv ]; then
    # as Debian's init script: sourced as it is, so only what the file exports reaches Prosody
    # shellcheck source=/dev/null
    if [ -r /etc/default/prosody ]; then . /etc/default/prosody; fi
elif systemctl cat -- "$service" >/dev/null 2>&1; then
    set -a
    # systemctl prints "FILE (ignore_errors=yes)" per file, separated by spaces
    for file in $(systemctl show -p EnvironmentFiles --value -- "$service" | sed -E 's/ ?\([a-z_]+=[a-z]+\)//g'); do
        file="${file#-}"
        # shellcheck source=/dev/null
        if [ -r "$file" ]; then . "$file"; fi
    done
    set +a
    assignments="$(systemctl show -p Environment --value -- "$service")"
    # the assignments as systemd prints them: space separated, quoted where a value has spaces
    if [ -n "$assignments" ]; then eval "export $assignments"; fi
fi
exec "$@"
