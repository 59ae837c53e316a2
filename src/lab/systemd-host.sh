# shellcheck shell=bash
# The systemd side of lab.sh (sourced by it): a lab host whose PID 1 is its own systemd, with the sudo user deploy.
# Uses lab.sh's globals and helpers (STATE, LAB_DIR, CLIENT, OPERATOR, CGROUP, host_dir, domain, fill, ...).

# Units the hosts must not start: they are enabled on the machine, do not apply to a host that shares the machine's
# kernel, /dev and /proc/sys (they would change the machine), or only cost CPU (logins on consoles, timers). D-Bus
# and logind do run: every SSH login goes through PAM's pam_systemd as on a Debian server (a logind session, and the
# login user's own systemd started when it has no other session), and that costs every login its share. A host's private /etc/systemd/system hides the machine's own enablements (postgresql, ssh, nginx,
# prosody, timers, getty); the masks make the rest explicit.
MASKED_UNITS=(
    postgresql.service getty.target getty@.service getty-static.service console-getty.service
    container-getty@.service serial-getty@.service autovt@.service
    systemd-update-utmp.service systemd-update-utmp-runlevel.service
    systemd-ask-password-wall.path systemd-ask-password-console.path
    systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service systemd-tmpfiles-clean.timer
    systemd-sysctl.service systemd-modules-load.service kmod-static-nodes.service systemd-binfmt.service
    proc-sys-fs-binfmt_misc.automount sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount
    sys-fs-fuse-connections.mount dev-hugepages.mount dev-mqueue.mount
    systemd-journald-audit.socket systemd-journald-dev-log.socket
    systemd-random-seed.service systemd-firstboot.service systemd-machine-id-commit.service
    systemd-pcrphase.service systemd-pcrphase-sysinit.service systemd-repart.service systemd-sysusers.service
    systemd-remount-fs.service systemd-fsck-root.service systemd-pstore.service systemd-hwdb-update.service
    systemd-timesyncd.service systemd-networkd.service systemd-resolved.service e2scrub_reap.service
    apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer man-db.timer
    cryptsetup.target veritysetup.target integritysetup.target remote-fs.target
)
# The services each host runs, in start order.
HOST_UNITS=(ssh.service prosody.service nginx.service jicofo.service jitsi-videobridge2.service)

# The host's /etc/systemd/system, sudo rule, home of deploy and host name (called by write_host_files).
write_systemd_files() {
    local k="$1" dir unit
    dir="$(host_dir "$k")"
    local units="$dir/etc/systemd/system"
    mkdir -p "$units/multi-user.target.wants" "$units/ssh.service.d" "$units/nginx.service.d" "$dir/bin"
    ln -s /lib/systemd/system/multi-user.target "$units/default.target"
    for unit in "${MASKED_UNITS[@]}"; do ln -s /dev/null "$units/$unit"; done
    fill "$LAB_DIR/systemd/ssh.service.conf" > "$units/ssh.service.d/lab.conf"
    fill "$LAB_DIR/systemd/nginx.service.conf" > "$units/nginx.service.d/lab.conf"
    fill "$LAB_DIR/systemd/jicofo.service" > "$units/jicofo.service"
    fill "$LAB_DIR/systemd/jitsi-videobridge2.service" > "$units/jitsi-videobridge2.service"
    cp "$LAB_DIR/systemd/jicofo-started.sh" "$dir/bin/jicofo-started.sh"
    for unit in "${HOST_UNITS[@]}"; do
        if [ -f "$units/$unit" ]; then
            ln -s "../$unit" "$units/multi-user.target.wants/$unit"
        else
            ln -s "/lib/systemd/system/$unit" "$units/multi-user.target.wants/$unit"
        fi
    done
    echo "lab$k" > "$dir/etc/hostname"
    domain "$k" > "$dir/domain"
    # sudo: no password on every host but the one `up --sudo-password` chose, whose /etc/shadow has one for deploy.
    local rule="NOPASSWD: ALL"
    # shellcheck disable=SC2153 # STATE is lab.sh's, which sources this file
    if [ "$(cat "$STATE/sudo-password-host" 2>/dev/null)" = "lab$k" ]; then
        rule="ALL"
        write_shadow_with_password "$k"
    else
        rm -f "$dir/etc/shadow"
    fi
    printf '# jitsi-deploy lab host lab%s: the operator %s may run anything as root.\n%s ALL=(ALL:ALL) %s\n' \
        "$k" "$OPERATOR" "$OPERATOR" "$rule" > "$dir/etc/sudoers.d/$OPERATOR"
    chmod 440 "$dir/etc/sudoers.d/$OPERATOR"
    visudo -cq -f "$dir/etc/sudoers.d/$OPERATOR"
    # deploy's home as a fresh Debian account has it (from /etc/skel), not this machine's root's.
    mkdir -p "$dir/home/$OPERATOR"
    cp -rT /etc/skel "$dir/home/$OPERATOR"
    chown -R "$OPERATOR:$OPERATOR" "$dir/home/$OPERATOR"
    chmod 750 "$dir/home/$OPERATOR"
    chmod 755 "$dir/home"
}

# The machine's /etc/shadow with a password for deploy, mounted over /etc/shadow in that one host only.
write_shadow_with_password() {
    local k="$1" dir hash
    dir="$(host_dir "$k")"
    hash="$(openssl passwd -6 -stdin < "$CLIENT/sudo_password")"
    (umask 077; awk -F: -v OFS=: -v user="$OPERATOR" -v hash="$hash" '$1 == user { $2 = hash } { print }' \
        /etc/shadow > "$dir/etc/shadow")
    chown root:shadow "$dir/etc/shadow"
    chmod 640 "$dir/etc/shadow"
}

# The machine account deploy (its home and password are per host). Its password field is '*' rather than the
# locked '!', which sshd would refuse even for a key login. Remembered so that `down` removes only what `up` made.
ensure_operator_account() {
    if ! id "$OPERATOR" >/dev/null 2>&1; then
        useradd --no-create-home --home-dir "/home/$OPERATOR" --shell /bin/bash --user-group "$OPERATOR"
        echo "$OPERATOR" > "$STATE/created-user"
    fi
    usermod -p '*' "$OPERATOR"
}

remove_operator_account() {
    [ -s "$STATE/created-user" ] || return 0
    userdel "$(cat "$STATE/created-user")" 2>/dev/null || true
    rm -f "$STATE/created-user"
}

# `up --sudo-password`: the last host's sudo wants a password, kept for the operator in inventories/lab/.
choose_sudo_password_host() {
    local n="$1" with_password="$2"
    rm -f "$STATE/sudo-password-host" "$STATE/client/sudo_password" "$CLIENT/sudo_password"
    [ "$with_password" = true ] || return 0
    (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' > "$STATE/client/sudo_password")
    (umask 077; cp "$STATE/client/sudo_password" "$CLIENT/sudo_password")
    chmod 600 "$CLIENT/sudo_password"
    echo "lab$n" > "$STATE/sudo-password-host"
}

cgroup_of() { echo "$CGROUP/lab$1"; }

# Starts host K's systemd as PID 1 of a new PID + mount + UTS namespace and records its pid as seen from here.
start_systemd_host() {
    local k="$1" dir holder pid
    dir="$(host_dir "$k")"
    rm -f "$dir/namespace.pid"
    remove_cgroups "$k"
    setsid unshare --pid --fork --mount --uts --mount-proc --propagation private -- \
        /bin/sh "$LAB_DIR/host-systemd.sh" "$dir" "lab$k" "$(cgroup_of "$k")" \
        </dev/null >"$dir/namespace.log" 2>&1 9>&- &
    holder=$!
    for _ in $(seq 1 100); do
        pid="$(pgrep -P "$holder" | head -n 1 || true)"
        if [ -n "$pid" ]; then
            echo "$pid" > "$dir/namespace.pid"
            namespace_pid "$k" >/dev/null && break
        fi
        kill -0 "$holder" 2>/dev/null || break
        sleep 0.05
    done
    namespace_pid "$k" >/dev/null || fail "lab$k: the host did not come up: $(cat "$dir/namespace.log")"
    wait_until_booted "$k"
}

# Waits (every 0.1 s, at most 60 s) until the host's systemd has finished starting up; says which units failed.
wait_until_booted() {
    local k="$1" state=""
    for _ in $(seq 1 600); do
        state="$(in_host "$k" systemctl is-system-running 2>/dev/null || true)"
        case "$state" in running|degraded) break ;; esac
        sleep 0.1
    done
    case "$state" in
        running) ;;
        degraded) say "lab$k: degraded; failed units: $(in_host "$k" systemctl list-units --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')" ;;
        *) say "lab$k: systemd did not finish starting up (state '$state'); see 'systemctl list-jobs' in the host" ;;
    esac
}

# Stops host K's systemd by its pid: a clean poweroff (SIGRTMIN+4) first, SIGKILL after 10 s. The PID namespace
# ends with its PID 1, and so does every process in it; the host's cgroups are removed after.
stop_systemd_host() {
    local k="$1" pid
    pid="$(namespace_pid "$k")" || return 0
    kill -s SIGRTMIN+4 "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        [ -e "/proc/$pid" ] || break
        sleep 0.1
    done
    kill -s KILL "$pid" 2>/dev/null || true
    while [ -e "/proc/$pid" ]; do sleep 0.05; done
    remove_cgroups "$k"
    rm -f "$(host_dir "$k")/namespace.pid"
}

# Removes host K's cgroup tree (deepest first); a cgroup that still has processes stays and is named.
remove_cgroups() {
    local k="$1" hierarchy
    for hierarchy in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
        [ -d "$hierarchy/$(cgroup_of "$k")" ] || continue
        find "$hierarchy/$(cgroup_of "$k")" -depth -type d -exec rmdir {} \; 2>/dev/null || true
        [ ! -d "$hierarchy/$(cgroup_of "$k")" ] || say "lab$k: cgroup $hierarchy/$(cgroup_of "$k") still has processes"
        rmdir "$hierarchy/$CGROUP" 2>/dev/null || true
    done
}

systemd_start_services() {
    local k="$1"
    if ! in_host "$k" systemctl start "${HOST_UNITS[@]}" </dev/null >"$(host_dir "$k")/start.out" 2>&1; then
        say "lab$k: not every service started: $(in_host "$k" systemctl list-units --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')"
    fi
}

systemd_stop_services() {
    in_host "$1" systemctl stop jitsi-videobridge2.service jicofo.service nginx.service prosody.service \
        </dev/null >/dev/null 2>&1 || true
}

# `lab reset` on a systemd host: services stopped, files rewritten (units too), focus registered, services started.
reset_systemd_host() {
    local k="$1"
    systemd_stop_services "$k"
    write_host_files "$k"
    in_host "$k" systemctl daemon-reload
    in_host "$k" systemctl reset-failed
    register_focus "$k"
    install_authorized_keys "$k"
    systemd_start_services "$k"
}

systemd_service_state() {  # systemd_service_state K UNIT
    if [ "$(in_host "$1" systemctl is-active "$2" 2>/dev/null)" = active ]; then echo up; else echo DOWN; fi
}
