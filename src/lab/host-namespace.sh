#!/bin/sh
# Runs as the first process of a lab host's private mount namespace (started by lab.sh through
# `unshare --mount --propagation private --fork`). It bind-mounts the host's own directories over the Debian
# paths, records its pid (the handle lab.sh uses to enter the namespace) and then just stays alive, so the
# namespace exists even while no service runs in it.
set -eu
host_dir="$1"
mount --bind "$host_dir/etc/prosody" /etc/prosody
mount --bind "$host_dir/etc/jitsi" /etc/jitsi
mount --bind "$host_dir/etc/nginx" /etc/nginx
mount --bind "$host_dir/etc/init.d" /etc/init.d
mount --bind "$host_dir/usr/share/jitsi-meet" /usr/share/jitsi-meet
mount --bind "$host_dir/var/lib/prosody" /var/lib/prosody
mount --bind "$host_dir/var/log" /var/log
mount --bind "$host_dir/run" /run
mount --bind "$host_dir/root" /root
mount --bind "$host_dir/var/lib/jitsi-deploy" /var/lib/jitsi-deploy
echo $$ > "$host_dir/namespace.pid"
exec sleep infinity
