#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy, verify's focus relay diagnosis): does the focus user's roster approve the
# presence subscription of the focus component, as the jitsi-meet-prosody install step sets it up with
# `prosodyctl mod_roster_command subscribe focus.<domain> focus@auth.<domain>`?
# Usage: focus-roster.sh DOMAIN [PROSODY_DATA_DIR]. Prints one line:
#   subscribed <subscription>   the roster of focus@auth.DOMAIN lists focus.DOMAIN with "from" or "both"
#   missing <what>              no roster file, no item, or an item without presence rights
#   unknown <why>               the roster is not in Prosody's file storage here
set -u
domain="$1"
data="${2:-/var/lib/prosody}"
# Prosody's file storage names a host directory with every non-alphanumeric byte as %xx (lower-case hex); a
# domain name has only letters, digits, dots and hyphens.
encode() { printf '%s' "$1" | sed 's/\./%2e/g; s/-/%2d/g'; }
host_dir="$data/$(encode "auth.$domain")"
if [ ! -d "$host_dir" ]; then
    echo "unknown no file storage for auth.$domain under $data"
    exit 0
fi
roster="$host_dir/roster/focus.dat"
if [ ! -f "$roster" ]; then
    echo "missing the focus user has no roster ($roster)"
    exit 0
fi
# The item is a Lua table: ["focus.DOMAIN"] = { ... ["subscription"] = "from"; ... };
# Only a top-level item counts (a pending request sits deeper, in the roster's metadata).
subscription="$(awk -v item="$(printf '\t["focus.%s"] = {' "$domain")" '
    $0 == item { inside = 1; next }
    inside && /\["subscription"\]/ { gsub(/.*= *"|";.*/, ""); print; exit }
    inside && $0 == "\t};" { exit }' "$roster")"
case "$subscription" in
    from|both) echo "subscribed $subscription" ;;
    "") echo "missing focus.$domain is not on the focus user's roster" ;;
    *) echo "missing focus.$domain is on the focus user's roster with subscription '$subscription' (needs from or both)" ;;
esac
