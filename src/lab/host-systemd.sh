#!/bin/sh
# PID 1 of a systemd lab host's new PID + mount + UTS namespace (started by lab.sh through
# `unshare --pid --fork --mount --uts --mount-proc`), until it becomes the host's systemd. It puts itself into
# cgroups of its own (so this host's systemd builds its tree there, apart from the other hosts'), gives the host its
# own directories, /run, /tmp and host name, registers the focus user and its roster subscription while Prosody is not running yet, and then
# execs /lib/systemd/systemd as a container manager would (environment container=..., nothing else inherited).
set -eu
host_dir="$1"
name="$2"
cgroup="$3"
for hierarchy in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
    [ -d "$hierarchy" ] || continue
    mkdir -p "$hierarchy/$cgroup"
    echo 0 > "$hierarchy/$cgroup/cgroup.procs"
done
if [ ! -d /sys/fs/cgroup/systemd ] && [ -f /sys/fs/cgroup/cgroup.procs ]; then   # cgroup v2 only
    mkdir -p "/sys/fs/cgroup/$cgroup"
    echo 0 > "/sys/fs/cgroup/$cgroup/cgroup.procs"
fi
hostname "$name"
while read -r private path; do
    mount --bind "$host_dir/$private" "$path"
done <<PATHS
etc/prosody /etc/prosody
etc/jitsi /etc/jitsi
etc/nginx /etc/nginx
etc/systemd/system /etc/systemd/system
etc/sudoers.d /etc/sudoers.d
etc/hostname /etc/hostname
usr/share/jitsi-meet /usr/share/jitsi-meet
var/lib/prosody /var/lib/prosody
var/lib/jitsi-deploy /var/lib/jitsi-deploy
var/log /var/log
home /home
root /root
ssl/certs /etc/ssl/certs
etc/resolv.conf /etc/resolv.conf
PATHS
# The one host whose sudo wants a password has its own /etc/shadow with that password for user deploy.
[ ! -f "$host_dir/etc/shadow" ] || mount --bind "$host_dir/etc/shadow" /etc/shadow
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
prosodyctl --config /etc/prosody/prosody.cfg.lua register focus "auth.$(cat "$host_dir/domain")" \
    "$(cat "$host_dir/focus_password")"
# The jitsi-meet-prosody install step: focus.<domain> may see jicofo's presence (mod_client_proxy needs it).
prosodyctl --config /etc/prosody/prosody.cfg.lua mod_roster_command subscribe \
    "focus.$(cat "$host_dir/domain")" "focus@auth.$(cat "$host_dir/domain")"
exec env -i container=jitsi-deploy-lab PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /lib/systemd/systemd --system --show-status=false
