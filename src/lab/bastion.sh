#!/bin/bash
# The lab's bastion host (docs/lab.md, "Bastion host"): a real sshd on 127.0.0.20, in a mount namespace of its own
# whose private /etc/hosts alone knows the lab hosts' internal names (labK.internal), so that reaching
# labK.internal works only by jumping through it. Its only user, `jump` (in the namespace's private /etc/passwd,
# not the machine's), logs in with the lab client key and may only forward TCP; root cannot log in.
#   bastion.sh up N        start it for lab hosts 1..N (again: restarted with the current hosts)
#   bastion.sh down        stop it (every process in its namespace)
#   bastion.sh refresh     re-add its entries to the client known_hosts and ssh_config when it runs
# Called by lab.sh (`lab up --bastion`, `lab down`, `lab reset`); run as root.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=src/lab/mount-namespace.sh
. "$LAB_DIR/mount-namespace.sh"
REPO="${JITSIDEPLOY_HOME:-$(cd "$LAB_DIR/../.." && pwd)}"
STATE=/var/lib/jitsi-deploy-lab
DIR="$STATE/bastion"
CLIENT="$REPO/inventories/lab"
ADDRESS=127.0.0.20
JUMP_USER=jump
JUMP_ID=64020

say() { echo "lab: $*"; }
fail() { echo "lab: bastion: $*" >&2; exit 1; }

# Pid of the process holding the bastion's namespace, if it is alive and really in a namespace of its own.
namespace_pid() {
    local pid
    [ -s "$DIR/namespace.pid" ] || return 1
    pid="$(cat "$DIR/namespace.pid")"
    [ -e "/proc/$pid/ns/mnt" ] || return 1
    [ "$(readlink "/proc/$pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] || return 1
    echo "$pid"
}

write_files() {
    local n="$1" k
    mkdir -p "$DIR/ssh" "$DIR/etc" "$DIR/run"
    chmod 755 "$DIR" "$DIR/ssh"
    [ -s "$DIR/ssh/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C bastion -f "$DIR/ssh/ssh_host_ed25519_key"
    {
        echo "127.0.0.1 localhost"
        for k in $(seq 1 "$n"); do echo "127.0.0.$((k + 1)) lab$k.internal"; done
    } > "$DIR/etc/hosts"
    # The machine's users plus `jump`, seen only inside the namespace. '*' is no password, not a locked account.
    grep -v "^$JUMP_USER:" /etc/passwd > "$DIR/etc/passwd"
    echo "$JUMP_USER:x:$JUMP_ID:$JUMP_ID:lab bastion:/nonexistent:/usr/sbin/nologin" >> "$DIR/etc/passwd"
    grep -v "^$JUMP_USER:" /etc/group > "$DIR/etc/group"
    echo "$JUMP_USER:x:$JUMP_ID:" >> "$DIR/etc/group"
    (umask 077; grep -v "^$JUMP_USER:" /etc/shadow > "$DIR/etc/shadow"; echo "$JUMP_USER:*:20000:0:99999:7:::" >> "$DIR/etc/shadow")
    chmod 644 "$DIR/etc/hosts" "$DIR/etc/passwd" "$DIR/etc/group"
    cp "$CLIENT/id_ed25519.pub" "$DIR/ssh/authorized_keys"
    chmod 644 "$DIR/ssh/authorized_keys"
    cat > "$DIR/ssh/sshd_config" <<CONFIG
# sshd of the jitsi-deploy lab bastion: user $JUMP_USER by the lab client key, TCP forwarding only.
ListenAddress $ADDRESS:22
HostKey $DIR/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin no
AllowUsers $JUMP_USER
PubkeyAuthentication yes
AuthorizedKeysFile $DIR/ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
AllowTcpForwarding local
PermitTTY no
X11Forwarding no
ForceCommand /usr/sbin/nologin
LogLevel VERBOSE
CONFIG
}

start() {
    rm -f "$DIR/namespace.pid"
    find "$DIR/run" -mindepth 1 -delete
    mkdir -p "$DIR/run/sshd" && chmod 755 "$DIR/run/sshd"
    # shellcheck disable=SC2016 # expanded by the inner shell, inside the namespace
    setsid unshare --mount --propagation private --fork -- /bin/sh -c '
        set -eu
        for f in hosts passwd group shadow; do mount --bind "$1/etc/$f" "/etc/$f"; done
        mount --bind "$1/run" /run
        echo $$ > "$1/namespace.pid"
        exec sleep infinity' bastion "$DIR" </dev/null >"$DIR/namespace.log" 2>&1 9>&- &
    for _ in $(seq 1 50); do
        namespace_pid >/dev/null && break
        sleep 0.1
    done
    namespace_pid >/dev/null || fail "the mount namespace did not come up: $(cat "$DIR/namespace.log")"
    nsenter -t "$(namespace_pid)" -m -- /usr/sbin/sshd -f "$DIR/ssh/sshd_config" -E "$DIR/sshd.log" \
        </dev/null >/dev/null 9>&- || fail "sshd did not start: $(tail -n 3 "$DIR/sshd.log" | tr '\n' ' ')"
}

# known_hosts lines for the bastion and for every lab host under its internal name, and an OpenSSH config with
# aliases lab1..labN that jump through the bastion (`ssh -F inventories/lab/ssh_config lab2` works by hand).
client_files() {
    local k key
    [ -f "$CLIENT/known_hosts" ] || return 0
    sed -i -e "/^$ADDRESS /d" -e '/^lab[0-9]*\.internal /d' "$CLIENT/known_hosts"
    echo "$ADDRESS $(cut -d' ' -f1,2 "$DIR/ssh/ssh_host_ed25519_key.pub")" >> "$CLIENT/known_hosts"
    {
        echo "# The jitsi-deploy lab behind its bastion, written by 'jitsi-deploy lab up --bastion'."
        echo "Host bastion"
        echo "    HostName $ADDRESS"
        echo "    User $JUMP_USER"
        echo "    IdentityFile $CLIENT/id_ed25519"
        echo "    UserKnownHostsFile $CLIENT/known_hosts"
        sed -n 's/^[0-9.]* \(lab[0-9]*\)\.internal$/\1/p' "$DIR/etc/hosts" | while read -r k; do
            key="$STATE/$k/ssh/ssh_host_ed25519_key.pub"
            [ -s "$key" ] && echo "$k.internal $(cut -d' ' -f1,2 "$key")" >> "$CLIENT/known_hosts"
            echo "Host $k"
            echo "    HostName $k.internal"
            echo "    ProxyJump bastion"
            echo "    IdentityFile $CLIENT/id_ed25519"
            echo "    UserKnownHostsFile $CLIENT/known_hosts"
        done
    } > "$CLIENT/ssh_config"
}

stop() {
    local pid
    pid="$(namespace_pid)" || { rm -f "$DIR/namespace.pid"; return 0; }
    kill_mount_namespace "$(readlink "/proc/$pid/ns/mnt")" TERM TERM TERM KILL KILL
    rm -f "$DIR/namespace.pid"
}

case "${1:-}" in
    up)
        [[ "${2:-}" =~ ^[0-9]+$ ]] || fail "usage: bastion.sh up N"
        stop
        if ss -Hltn | awk '{print $4}' | grep -qxE "($ADDRESS|0\.0\.0\.0|\*):22"; then
            fail "$ADDRESS:22 is already in use (stop whatever listens there first)"
        fi
        write_files "$2"
        start
        client_files
        say "bastion up: $JUMP_USER@$ADDRESS:22 reaches lab1..lab$2 as lab1.internal..lab$2.internal (those names resolve only there); aliases in $CLIENT/ssh_config"
        ;;
    down)
        if namespace_pid >/dev/null; then stop; say "bastion down"; fi
        ;;
    refresh)
        if namespace_pid >/dev/null; then client_files; fi
        ;;
    *) echo "usage: bastion.sh up N | down | refresh" >&2; exit 2 ;;
esac
