#!/bin/sh
# Runs on a Jitsi host before anything is touched (jitsi-deploy plan/apply, with root rights). Answers one line per
# finding: "prosody VERSION", "lua INTERPRETER", "missing FILE" (a token plugin file), "uses REQUIRE-LINE" (what the
# token plugin files require), "loaded MODULE" (each such module that loads under Prosody's Lua, with the
# environment the Prosody service gets), "noservice NAME". Always exits 0: the answer is the result.
# Usage: preflight.sh systemd|sysv PLUGINS PROSODY_SERVICE WITH_PROSODY_ENV_SCRIPT SERVICE...
#   WITH_PROSODY_ENV_SCRIPT is the text of with-prosody-env.sh (run inline, as this script is).
set -u
manager=$1
plugins=$2
prosody_service=$3
with_prosody_env=$4
shift 4

lua=
if p=$(command -v prosody); then
    echo "prosody $(dpkg-query -W -f="\${Version}" prosody 2>/dev/null || echo unknown)"
    lua=$(sed -n "1s/^#!.*[ /]\\(lua[0-9.]*\\).*\$/\\1/p" "$p")
    echo "lua $lua"
fi

# The files Jitsi's token authentication consists of (names as Jitsi ships them).
for file in mod_auth_token.lua mod_token_verification.lua token/util.lib.lua luajwtjitsi.lib.lua; do
    [ -f "$plugins/$file" ] || echo "missing $file"
done

# The require lines of the files that load libraries (the client filters them again) ...
require_line="(^|[^:.[:alnum:]_])require[[:space:]]*\\(?[[:space:]]*[\"'][A-Za-z0-9_.]+[\"']"
uses=$(for f in "$plugins/token/util.lib.lua" "$plugins/luajwtjitsi.lib.lua"; do
    if [ -f "$f" ]; then grep -hoE "$require_line" "$f"; fi
done)
if [ -n "$uses" ]; then printf '%s\n' "$uses" | sed 's/^/uses /'; fi

# ... and each module they name, loaded in one interpreter of Prosody's Lua (names are [A-Za-z0-9_.] by the grep).
if [ -n "${p:-}" ] && [ -n "$uses" ]; then
    code=
    for m in $(printf '%s\n' "$uses" | sed -E "s/.*[\"']([A-Za-z0-9_.]+)[\"']\$/\\1/" | sort -u); do
        code="$code if pcall(require, '$m') then print('loaded $m') end"
    done
    sh -c "$with_prosody_env" with-prosody-env "$manager" "$prosody_service" "${lua:-lua}" -e "$code" 2>/dev/null
fi

for service in "$@"; do
    if [ "$manager" = sysv ]; then
        [ -x "/etc/init.d/$service" ] || echo "noservice $service"
    else
        systemctl cat -- "$service" >/dev/null 2>&1 || echo "noservice $service"
    fi
done
true
