#!/bin/sh
# Runs on a Jitsi host before anything is touched (jitsi-deploy plan/apply, with root rights). Answers one line per
# finding: "prosody VERSION", "lua INTERPRETER", "missing FILE" (a token plugin file), "uses REQUIRE-LINE" (what the
# token plugin files require), "loaded MODULE" (each such module that loads under Prosody's Lua, with the
# environment the Prosody service gets), "noservice NAME", "masked NAME" (a unit systemd will not start or restart).
# Always exits 0: the answer is the result.
# Usage: preflight.sh systemd|sysv PLUGINS PROSODY_SERVICE WITH_PROSODY_ENV_SCRIPT SERVICE...
#   WITH_PROSODY_ENV_SCRIPT is the text of with-prosody-env.sh (run inline, as this script is).
#
# Every process here costs the host CPU on every plan, so systemd is asked once, for every unit at once (a systemctl
# is some 30 ms of CPU; this used to take six), and the Lua interpreter's name is read with shell builtins.
set -u
manager=$1
plugins=$2
prosody_service=$3
with_prosody_env=$4
shift 4
newline='
'

lua=
if p=$(command -v prosody); then
    # The version file that Debian's and prosody.im's packages install, read by the shell; else the package's version
    # (dpkg-query reads the whole package database: some 28 ms of CPU on every plan).
    version=
    if [ -r /usr/lib/prosody/prosody.version ]; then IFS= read -r version </usr/lib/prosody/prosody.version; fi
    if [ -z "$version" ]; then version=$(dpkg-query -W -f="\${Version}" prosody 2>/dev/null) || version=; fi
    echo "prosody ${version:-unknown}"
    # the interpreter the launcher's "#!" line names, e.g. "#!/usr/bin/env lua5.4" or "#!/usr/bin/lua5.4"
    shebang=
    IFS= read -r shebang <"$p" || true
    case $shebang in
        '#!'*[/\ ]lua*)
            lua=${shebang##*[/ ]lua}
            lua=lua${lua%%[!0-9.]*}
            ;;
    esac
    echo "lua $lua"
fi

# The units, each once, and what systemd says about them in one `systemctl show`: a block per unit in the order
# asked, blocks separated by an empty line. The Prosody unit's EnvironmentFiles= lines and Environment= are the
# environment the library check runs with (with-prosody-env.sh); a unit systemd does not know has neither.
units=
count=0
for service in "$prosody_service" "$@"; do
    case " $units " in
        *" $service "*) ;;
        *)
            units="${units:+$units }$service"
            count=$((count + 1))
            ;;
    esac
done
# Sets noservice (" NAME" per unit systemd does not know), masked (" NAME" per masked unit), environment_files and
# environment from what `systemctl show` answered ($shown) for the units $@, a block per unit in that order.
read_shown() {
    blocks=1
    load=
    while IFS= read -r line; do
        case $line in
            '')
                unit_state "${1:-}"
                if [ $# -gt 0 ]; then shift; fi
                blocks=$((blocks + 1))
                load=
                ;;
            LoadState=*) load=${line#LoadState=} ;;
            EnvironmentFiles=*)
                if [ "${1:-}" = "$prosody_service" ]; then
                    environment_files="$environment_files${line#EnvironmentFiles=}$newline"
                fi
                ;;
            Environment=*) if [ "${1:-}" = "$prosody_service" ]; then environment=${line#Environment=}; fi ;;
        esac
    done <<SHOWN
$shown
SHOWN
    unit_state "${1:-}"
}
unit_state() {
    case $load in
        not-found) noservice="$noservice $1" ;;
        masked) masked="$masked $1" ;;
    esac
}

noservice=
masked=
environment_files=
environment=
if [ "$manager" = systemd ]; then
    # shellcheck disable=SC2086 # $units: service names, split on purpose
    shown=$(systemctl show -p LoadState,EnvironmentFiles,Environment -- $units 2>/dev/null) || shown=
    # shellcheck disable=SC2086
    read_shown $units
    if [ -z "$shown" ] || [ "$blocks" != "$count" ]; then
        # systemctl refused the list as a whole (e.g. a name it cannot take): each unit on its own, as `cat` sees it
        noservice=
        masked=
        environment_files=
        environment=
        for service in "$@"; do
            systemctl cat -- "$service" >/dev/null 2>&1 || noservice="$noservice $service"
        done
    fi
else
    for service in "$@"; do
        [ -x "/etc/init.d/$service" ] || noservice="$noservice $service"
    done
fi

# The files Jitsi's token authentication consists of (names as Jitsi ships them).
for file in mod_auth_token.lua mod_token_verification.lua token/util.lib.lua luajwtjitsi.lib.lua; do
    [ -f "$plugins/$file" ] || echo "missing $file"
done

# The require lines of the files that load libraries (the client filters them again), from one grep (-s: a file
# may be missing), and each module they name, loaded in one interpreter of Prosody's Lua. The names are
# [A-Za-z0-9_.] (the grep's pattern ends with one in quotes), taken out with the shell's own expansions.
require_line="(^|[^:.[:alnum:]_])require[[:space:]]*\\(?[[:space:]]*[\"'][A-Za-z0-9_.]+[\"']"
uses=$(grep -shoE "$require_line" -- "$plugins/token/util.lib.lua" "$plugins/luajwtjitsi.lib.lua")
code=
seen=' '
while IFS= read -r line; do
    [ -n "$line" ] || continue
    echo "uses $line"
    m=${line%[\"\']}
    m=${m##*[\"\']}
    case $seen in
        *" $m "*) ;;
        *)
            seen="$seen$m "
            code="$code if pcall(require, '$m') then print('loaded $m') end"
            ;;
    esac
done <<USES
$uses
USES
if [ -n "${p:-}" ] && [ -n "$code" ]; then
    sh -c "$with_prosody_env" with-prosody-env "$manager" "$environment_files" "$environment" "${lua:-lua}" \
        -e "$code" 2>/dev/null
fi

# The services asked for, in their order (the Prosody unit only counts when it is one of them).
for service in "$@"; do
    case "$noservice " in *" $service "*) echo "noservice $service" ;; esac
    case "$masked " in *" $service "*) echo "masked $service" ;; esac
done
true
