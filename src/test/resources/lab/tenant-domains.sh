#!/bin/sh
# Lab test fixture (written for jitsi-deploy, not Jitsi code): makes one systemd lab host serve more Jitsi domains
# next to its own, as a server hosting several meet domains does. Each extra domain gets what a quick install gives
# a domain: its Prosody vhost file (the lab domain's fresh one, renamed), a registered focus user with the roster
# subscription focus.<domain> needs, its config.js, its own jicofo (a copy of the lab's stand-in unit with its own
# jicofo.conf and log) and an nginx server on its own port of the host's address, with the host's certificate. Prosody,
# the videobridge, sshd and the lab's DNS are shared. Runs as root inside the host (RunningLab.exec), on stdin:
#   sh -s -- add LAB_DOMAIN TENANT_DOMAIN:PORT...   (right after a lab reset: copies the fresh quick-install files)
#   sh -s -- remove LAB_DOMAIN TENANT_DOMAIN...
set -eu

action=$1
lab=$2
shift 2
lab_pattern=$(printf '%s' "$lab" | sed 's/[.]/\\./g')
prosodyctl_() { prosodyctl --config /etc/prosody/prosody.cfg.lua "$@"; }

add_tenant() {
    tenant=$1
    port=$2
    sed "s/$lab_pattern/$tenant/g" "/etc/prosody/conf.avail/$lab.cfg.lua" > "/etc/prosody/conf.avail/$tenant.cfg.lua"
    ln -sfn "../conf.avail/$tenant.cfg.lua" "/etc/prosody/conf.d/$tenant.cfg.lua"
    for name in "$tenant" "auth.$tenant"; do
        cp -p "/etc/prosody/certs/$lab.crt" "/etc/prosody/certs/$name.crt"
        cp -p "/etc/prosody/certs/$lab.key" "/etc/prosody/certs/$name.key"
    done
    sed "s/$lab_pattern/$tenant/g" "/etc/jitsi/meet/$lab-config.js" > "/etc/jitsi/meet/$tenant-config.js"
    sed "s/$lab_pattern/$tenant/g" /etc/jitsi/jicofo/jicofo.conf > "/etc/jitsi/jicofo/$tenant.conf"
    chmod 640 "/etc/jitsi/jicofo/$tenant.conf"
    password=$(sed -n 's/^ *password: "\(.*\)"$/\1/p' /etc/jitsi/jicofo/jicofo.conf)
    prosodyctl_ register focus "auth.$tenant" "$password"
    prosodyctl_ mod_roster_command subscribe "focus.$tenant" "focus@auth.$tenant"
    # The lab domain's site on another port: same certificate (the public URL keeps the lab host's name), the
    # tenant's config.js, the same proxying to Prosody (the XMPP domain travels in the stream, not in the URL).
    sed -e '/server_names_hash_bucket_size/d' \
        -e "s/^\( *listen [0-9.]*\):443 ssl;/\1:$port ssl;/" \
        -e "s|/etc/jitsi/meet/$lab_pattern-config\.js|/etc/jitsi/meet/$tenant-config.js|" \
        "/etc/nginx/sites-available/$lab.conf" > "/etc/nginx/sites-available/$tenant.conf"
    ln -sfn "../sites-available/$tenant.conf" "/etc/nginx/sites-enabled/$tenant.conf"
    # The start helper of the lab's unit watches jicofo.log; this one is ready when active, as apply checks it.
    sed -e '/^ExecStartPre=/d' -e '/^ExecStartPost=/d' \
        -e "s|--config /etc/jitsi/jicofo/jicofo\.conf|--config /etc/jitsi/jicofo/$tenant.conf|" \
        -e "s|/var/log/jitsi/jicofo\.log|/var/log/jitsi/jicofo-$tenant.log|" \
        /etc/systemd/system/jicofo.service > "/etc/systemd/system/jicofo-$tenant.service"
}

case "$action" in
    add)
        for spec in "$@"; do
            add_tenant "${spec%%:*}" "${spec##*:}"
        done
        systemctl daemon-reload
        systemctl restart prosody
        systemctl restart nginx
        for spec in "$@"; do
            systemctl start "jicofo-${spec%%:*}.service"
        done
        ;;
    remove)
        for tenant in "$@"; do
            systemctl stop "jicofo-$tenant.service" || true
            rm -f "/etc/systemd/system/jicofo-$tenant.service" "/etc/nginx/sites-enabled/$tenant.conf" \
                "/etc/nginx/sites-available/$tenant.conf" "/etc/prosody/conf.d/$tenant.cfg.lua" \
                "/etc/prosody/conf.avail/$tenant.cfg.lua" "/etc/jitsi/jicofo/$tenant.conf" \
                "/etc/jitsi/meet/$tenant-config.js"
        done
        systemctl daemon-reload
        systemctl restart prosody nginx
        ;;
    *)
        echo "usage: tenant-domains.sh add LAB_DOMAIN TENANT:PORT... | remove LAB_DOMAIN TENANT..." >&2
        exit 2
        ;;
esac
