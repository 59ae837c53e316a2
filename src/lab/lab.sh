#!/bin/bash
# The jitsi-deploy lab: N Jitsi-like hosts on this machine (see docs/lab.md). By default each host is its own
# systemd (PID 1 of a new PID + mount + UTS namespace) with a sudo user `deploy`; `--init sysv` gives the older kind
# (a mount namespace, SysV init scripts, root login).
#   lab.sh up [N] [--init systemd|sysv] [--sudo-password] [--bastion] | down | status | reset
#   (--bastion: also the bastion host, see bastion.sh)
# Run as root. `bin/jitsi-deploy lab ...` calls this script; it can also be run directly.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="${JITSIDEPLOY_HOME:-$(cd "$LAB_DIR/../.." && pwd)}"
STATE=/var/lib/jitsi-deploy-lab
CLIENT="$REPO/inventories/lab"
INVENTORY="$REPO/inventories/lab.yml"
# The jicofo stand-in's jar and libraries: the running jitsi-deploy's (set by LabScript), else the checkout's build.
JAR="${JITSIDEPLOY_JAR:-$REPO/target/jitsi-deploy.jar}"
LIBS="${JITSIDEPLOY_LIB:-$REPO/target/lib}"
HOSTS_BEGIN="# BEGIN jitsi-deploy lab (written by 'jitsi-deploy lab up', removed by 'lab down')"
HOSTS_END="# END jitsi-deploy lab"
# lua-unbound: Prosody's DNS resolver library; without it Prosody logs a dependency warning at every start.
PACKAGES=(prosody nginx-light openssh-server openssl lua5.4 curl ca-certificates util-linux procps iproute2 sudo
          lua-unbound systemd)
# The lab's login user on systemd hosts (root login is refused there) and the cgroup the hosts' systemds live under.
OPERATOR=deploy
CGROUP=jitsi-deploy-lab
MAX_HOSTS=10
INIT=systemd   # the kind of host `up` makes; reset and status look at the running hosts instead
# shellcheck source=src/lab/systemd-host.sh
. "$LAB_DIR/systemd-host.sh"
# shellcheck source=src/lab/mount-namespace.sh
. "$LAB_DIR/mount-namespace.sh"

say() { echo "lab: $*"; }
fail() { echo "lab: $*" >&2; exit 1; }

address() { echo "127.0.0.$(($1 + 1))"; }
domain() { echo "lab$1.jitsi.test"; }
host_dir() { echo "$STATE/lab$1"; }

# Pid of the process that holds host K's namespace, if it is alive (and really in a namespace of its own).
namespace_pid() {
    local file pid
    file="$(host_dir "$1")/namespace.pid"
    [ -s "$file" ] || return 1
    pid="$(cat "$file")"
    [ -e "/proc/$pid/ns/mnt" ] || return 1
    [ "$(readlink "/proc/$pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] || return 1
    echo "$pid"
}

# Whether host K (running) is a systemd host: its namespace holder is PID 1 of a PID namespace of its own.
is_systemd_host() {
    local pid
    pid="$(namespace_pid "$1")" || return 1
    [ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]
}

running_hosts() {
    local k
    for k in $(seq 1 "$MAX_HOSTS"); do
        if namespace_pid "$k" >/dev/null; then echo "$k"; fi
    done
}

# Runs a command inside host K. fd 9 (the command lock) is closed for it, so daemons it starts do not hold the lock.
in_host() {
    local k="$1"; shift
    if is_systemd_host "$k"; then
        nsenter -t "$(namespace_pid "$k")" -m -u -p -- "$@" 9>&-
    else
        nsenter -t "$(namespace_pid "$k")" -m -- "$@" 9>&-
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Packages

ensure_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    # Keep the package scripts from starting Debian's system-wide services (they would bind 0.0.0.0).
    local policy=/usr/sbin/policy-rc.d own_policy=false
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; own_policy=true
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
             apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
    if $own_policy; then rm -f "$policy"; fi
    stop_system_services
}

# A package install on a systemd machine may still start the system-wide daemons; stop exactly those.
stop_system_services() {
    local svc
    if [ -d /run/systemd/system ]; then
        for svc in prosody nginx ssh; do systemctl stop "$svc" 2>/dev/null || true; done
    else
        for svc in prosody nginx ssh; do
            local pidfile
            case "$svc" in prosody) pidfile=/run/prosody/prosody.pid ;; nginx) pidfile=/run/nginx.pid ;;
                            ssh) pidfile=/run/sshd.pid ;; esac
            if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
                say "stopping the system-wide $svc that the package install started"
                kill "$(cat "$pidfile")"
            fi
        done
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Client-side files (kept between runs so that known_hosts, CA and secret stay stable)

# The client files live in the state directory, so that every checkout on this machine (each has its own
# inventories/lab/) uses the same key, secret and CA for the one lab the machine has; each up/reset copies them.
ensure_client_files() {
    local shared="$STATE/client"
    mkdir -p "$CLIENT" "$STATE/ca" "$shared"
    chmod 700 "$STATE/ca" "$shared"
    # Files an older lab.sh kept only in this checkout are adopted rather than replaced.
    local file
    for file in id_ed25519 id_ed25519.pub app_secret; do
        [ -s "$shared/$file" ] || [ ! -s "$CLIENT/$file" ] || cp -p "$CLIENT/$file" "$shared/$file"
    done
    if [ ! -s "$shared/id_ed25519" ] || [ ! -s "$shared/id_ed25519.pub" ]; then
        rm -f "$shared/id_ed25519" "$shared/id_ed25519.pub"
        ssh-keygen -q -t ed25519 -N '' -C jitsi-deploy-lab-client -f "$shared/id_ed25519"
    fi
    if [ ! -s "$STATE/ca/ca.key" ] || [ ! -s "$STATE/ca/ca.crt" ]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
            -subj "/CN=jitsi-deploy lab CA" -keyout "$STATE/ca/ca.key" -out "$STATE/ca/ca.crt" 2>/dev/null
        rm -f "$STATE"/lab*/tls/host.crt   # host certs from an older CA are useless now
    fi
    if [ ! -s "$shared/app_secret" ]; then
        (umask 077; head -c 48 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$shared/app_secret")
    fi
    cp "$STATE/ca/ca.crt" "$CLIENT/ca.crt"
    (umask 077; cp "$shared/id_ed25519" "$shared/app_secret" "$CLIENT/")
    cp "$shared/id_ed25519.pub" "$CLIENT/id_ed25519.pub"
    chmod 600 "$CLIENT/app_secret" "$CLIENT/id_ed25519"
}

# ---------------------------------------------------------------------------------------------------------------
# One host: keys and certs (made once), managed files (rewritten by up and reset)

prepare_host_identity() {
    local k="$1" dir ip d
    dir="$(host_dir "$k")"; ip="$(address "$k")"; d="$(domain "$k")"
    mkdir -p "$dir/ssh" "$dir/tls"
    chmod 755 "$dir" "$dir/ssh"
    [ -s "$dir/ssh/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "lab$k" -f "$dir/ssh/ssh_host_ed25519_key"
    if [ ! -s "$dir/tls/host.crt" ]; then
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$d" \
            -keyout "$dir/tls/host.key" -out "$dir/tls/host.csr" 2>/dev/null
        printf 'subjectAltName=DNS:%s,DNS:*.%s,DNS:internal.auth.%s,IP:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
            "$d" "$d" "$d" "$ip" > "$dir/tls/ext.cnf"
        # A random serial of its own: the hosts are set up in parallel, and -CAcreateserial's shared serial file,
        # read and rewritten by each at once, made some of a first `lab up` fail ("Unable to load number").
        if ! openssl x509 -req -in "$dir/tls/host.csr" -CA "$STATE/ca/ca.crt" -CAkey "$STATE/ca/ca.key" \
            -set_serial "0x$(openssl rand -hex 16)" -days 825 -extfile "$dir/tls/ext.cnf" -out "$dir/tls/host.crt" \
            2>"$dir/tls/sign.err"; then
            echo "lab$k: signing its TLS certificate failed: $(tr '\n' ' ' < "$dir/tls/sign.err")" >&2
            rm -f "$dir/tls/host.crt"
            return 1
        fi
    fi
    [ -s "$dir/focus_password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' > "$dir/focus_password")
    [ -s "$dir/turn_secret" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' > "$dir/turn_secret")
    local login="root by the lab client key only" root_login=prohibit-password
    if [ "$INIT" = systemd ]; then login="$OPERATOR by the lab client key only, no root login"; root_login=no; fi
    cat > "$dir/ssh/sshd_config" <<EOF
# sshd of jitsi-deploy lab host lab$k: $login.
ListenAddress $ip:22
HostKey $dir/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin $root_login
PubkeyAuthentication yes
AuthorizedKeysFile $dir/ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
PrintMotd no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
    install_authorized_keys "$k"
}

# sshd reads authorized_keys with the login user's rights, so for user deploy the (public) file is world-readable.
install_authorized_keys() {
    local file
    file="$(host_dir "$1")/ssh/authorized_keys"
    cp "$CLIENT/id_ed25519.pub" "$file"
    chmod 644 "$file"
}

# The jicofo stand-in runs from a copy of the jar and its libraries taken at `lab up`, so that rebuilding the repo
# (or another checkout's tests) while the lab runs does not pull the classes from under running stand-ins.
STAND_IN="$STATE/jicofo-stand-in"
copy_jicofo_stand_in() {
    if [ ! -f "$JAR" ]; then
        say "note: $JAR is missing, so jicofo cannot start (run mvn package)"
        return 0
    fi
    rm -rf "$STAND_IN.new"
    mkdir -p "$STAND_IN.new/lib"
    cp "$JAR" "$STAND_IN.new/jitsi-deploy.jar"
    cp "$LIBS"/*.jar "$STAND_IN.new/lib/"
    rm -rf "$STAND_IN"
    mv "$STAND_IN.new" "$STAND_IN"
    archive_jicofo_stand_in
}

# A class data sharing archive of the stand-in, so that each of its starts (every jicofo restart on every host) maps
# its classes instead of loading and verifying them again: the JVM records the classes a run loaded when it exits.
# The recording run starts the stand-in as the init script does (same class path) with a config whose c2s port
# refuses, and stops it once it has tried to connect. The init script uses the archive when it is there.
archive_jicofo_stand_in() {
    local java conf log pid
    java="${JITSIDEPLOY_JAVA:-$(command -v java || echo /usr/bin/java)}"
    conf="$STAND_IN/archive-run.conf"; log="$STAND_IN/archive-run.log"
    printf 'jicofo.xmpp.client { xmpp-domain: "archive.invalid", domain: "auth.archive.invalid", username: "focus", password: "x", hostname: "127.0.0.1", port: 1, disable-certificate-verification = true }\n' > "$conf"
    "$java" -XX:ArchiveClassesAtExit="$STAND_IN/jicofo.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -Xmx96m \
        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$STAND_IN/jitsi-deploy.jar:$STAND_IN/lib/*" \
        dev.jitsideploy.lab.jicofo.JicofoStandIn --config "$conf" > "$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do
        grep -q 'lost or refused' "$log" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -s "$STAND_IN/jicofo.jsa" ] || say "note: no class data sharing archive for the jicofo stand-in (see $log)"
}

fill() {  # fill TEMPLATE > OUT: replaces @KEY@ placeholders
    sed -e "s|@ADDRESS@|$ip|g" -e "s|@DOMAIN@|$d|g" -e "s|@STAND_IN@|$STAND_IN|g" -e "s|@JAVA@|$java|g" \
        -e "s|@HOST_DIR@|$dir|g" -e "s|@SHARING@|$sharing|g" \
        -e "s|@K@|$k|g" -e "s|@FOCUS_PASSWORD@|$(cat "$dir/focus_password")|g" \
        -e "s|@TURN_SECRET@|$(cat "$dir/turn_secret")|g" "$1"
}

# Writes every file the tool manages (and the lab's own service plumbing) as a fresh quick install has them.
write_host_files() {
    local k="$1" dir ip d java sharing=""
    dir="$(host_dir "$k")"; ip="$(address "$k")"; d="$(domain "$k")"; java="${JITSIDEPLOY_JAVA:-$(command -v java || echo /usr/bin/java)}"
    [ ! -s "$STAND_IN/jicofo.jsa" ] || sharing="-XX:SharedArchiveFile=$STAND_IN/jicofo.jsa -Xlog:cds=off"
    # Empty the directories rather than replace them: a running host has them bind-mounted. var/lib/jitsi-deploy is
    # the tool's own state on the host (backups, markers): each host has its own, and a reset clears it.
    local m
    for m in etc/prosody etc/jitsi etc/nginx etc/init.d etc/systemd/system etc/sudoers.d usr/share/jitsi-meet \
             var/lib/prosody var/lib/jitsi-deploy var/log root home bin; do
        mkdir -p "$dir/$m"
        find "$dir/$m" -mindepth 1 -delete
    done
    # root's home as a fresh Debian install has it, not this machine's: bash reads ~/.bashrc for every command sshd
    # runs, and a build machine's (here: pyenv and cargo set-up) would add its cost to every SSH round trip.
    chmod 700 "$dir/root"
    cp /usr/share/base-files/dot.bashrc "$dir/root/.bashrc" 2>/dev/null || : > "$dir/root/.bashrc"
    cp /usr/share/base-files/dot.profile "$dir/root/.profile" 2>/dev/null || : > "$dir/root/.profile"
    mkdir -p "$dir"/etc/prosody/{conf.avail,conf.d,certs} "$dir"/etc/jitsi/{meet,jicofo,videobridge} \
        "$dir"/etc/nginx/{sites-available,sites-enabled} "$dir/etc/init.d" "$dir/usr/share/jitsi-meet" \
        "$dir/var/lib/prosody" "$dir"/var/log/{prosody,jitsi,nginx} "$dir/run"
    # Prosody
    fill "$LAB_DIR/host/prosody.cfg.lua" > "$dir/etc/prosody/prosody.cfg.lua"
    fill "$LAB_DIR/host/jitsi-meet.cfg.lua" > "$dir/etc/prosody/conf.avail/$d.cfg.lua"
    ln -s "../conf.avail/$d.cfg.lua" "$dir/etc/prosody/conf.d/$d.cfg.lua"
    local name
    for name in "$d" "auth.$d"; do
        cp "$dir/tls/host.crt" "$dir/etc/prosody/certs/$name.crt"
        cp "$dir/tls/host.key" "$dir/etc/prosody/certs/$name.key"
    done
    chown -R root:prosody "$dir/etc/prosody"
    chmod 640 "$dir"/etc/prosody/certs/*.key
    chown prosody:prosody "$dir/var/lib/prosody" "$dir/var/log/prosody"
    chmod 750 "$dir/var/lib/prosody"
    # Jitsi Meet web config, jicofo, videobridge
    fill "$LAB_DIR/host/config.js" > "$dir/etc/jitsi/meet/$d-config.js"
    cp "$dir/tls/host.crt" "$dir/etc/jitsi/meet/$d.crt"
    cp "$dir/tls/host.key" "$dir/etc/jitsi/meet/$d.key"
    chmod 600 "$dir/etc/jitsi/meet/$d.key"
    fill "$LAB_DIR/host/jicofo.conf" > "$dir/etc/jitsi/jicofo/jicofo.conf"
    chmod 640 "$dir/etc/jitsi/jicofo/jicofo.conf"
    fill "$LAB_DIR/host/jvb.conf" > "$dir/etc/jitsi/videobridge/jvb.conf"
    # nginx
    fill "$LAB_DIR/host/nginx.conf" > "$dir/etc/nginx/nginx.conf"
    cp /etc/nginx/mime.types "$dir/etc/nginx/mime.types"
    fill "$LAB_DIR/host/nginx-site.conf" > "$dir/etc/nginx/sites-available/$d.conf"
    ln -s "../sites-available/$d.conf" "$dir/etc/nginx/sites-enabled/$d.conf"
    # How the services are started: SysV init scripts or systemd units (and the systemd host's operator)
    if [ "$INIT" = systemd ]; then
        write_systemd_files "$k"
    else
        for name in prosody nginx jicofo jitsi-videobridge2; do
            fill "$LAB_DIR/init.d/$name" > "$dir/etc/init.d/$name"
            chmod 755 "$dir/etc/init.d/$name"
        done
    fi
    write_ca_certs "$k"
    cp -r "$LAB_DIR/prosody-plugins" "$dir/usr/share/jitsi-meet/prosody-plugins"
    printf '<!DOCTYPE html>\n<title>%s</title>\n<p>jitsi-deploy lab host %s (no Jitsi Meet web app here).</p>\n' \
        "$d" "lab$k" > "$dir/usr/share/jitsi-meet/index.html"
}

# Another listener on a lab port (a system-wide sshd or nginx on all addresses, or a leftover of an earlier lab)
# would make the hosts' daemons fail to bind; say so up front.
check_ports_free() {
    local n="$1" pattern busy
    pattern="^(0\.0\.0\.0|\*|127\.0\.0\.($(seq -s '|' 2 $((n + 1))))):(22|443|5222|5280)\$"
    busy="$(ss -Hltn | awk '{print $4}' | grep -E "$pattern" | tr '\n' ' ' || true)"
    [ -z "$busy" ] || fail "already in use, so the lab hosts could not listen there: $busy(stop whatever listens there first, e.g. a system-wide sshd or nginx on all addresses)"
}

start_namespace() {
    local k="$1" dir
    dir="$(host_dir "$k")"
    rm -f "$dir/namespace.pid"
    find "$dir/run" -mindepth 1 -delete
    setsid unshare --mount --propagation private --fork -- /bin/sh "$LAB_DIR/host-namespace.sh" "$dir" \
        </dev/null >"$dir/namespace.log" 2>&1 9>&- &
    for _ in $(seq 1 50); do
        namespace_pid "$k" >/dev/null && return 0
        sleep 0.1
    done
    fail "lab$k: the mount namespace did not come up: $(cat "$dir/namespace.log")"
}

register_focus() {
    local k="$1" dir
    dir="$(host_dir "$k")"
    in_host "$k" prosodyctl --config /etc/prosody/prosody.cfg.lua register focus "auth.$(domain "$k")" \
        "$(cat "$dir/focus_password")"
    # The jitsi-meet-prosody install step: focus.<domain> may see jicofo's presence (mod_client_proxy needs it).
    in_host "$k" prosodyctl --config /etc/prosody/prosody.cfg.lua mod_roster_command subscribe \
        "focus.$(domain "$k")" "focus@auth.$(domain "$k")"
}

# Prosody fetches RS256 public keys from https://<domain>/asap-keys/ with its own HTTP client, whose TLS trust is
# Prosody's default CA path /etc/ssl/certs (hashed names), so a host must trust the lab CA the way a real host
# trusts a local CA after update-ca-certificates: the CA file and its hash link in /etc/ssl/certs, and the bundle
# with it appended. Each host gets such a copy of the machine's directory, bind-mounted in its own namespace only
# (a systemd host's start script, host-systemd.sh, mounts it itself; trust_lab_ca does it for a SysV host).
SYSTEM_CA_DIR=/etc/ssl/certs
write_ca_certs() {
    local k="$1" dir
    dir="$(host_dir "$k")"
    [ -f "$SYSTEM_CA_DIR/ca-certificates.crt" ] || fail "lab$k: $SYSTEM_CA_DIR/ca-certificates.crt is missing (package ca-certificates)"
    mkdir -p "$dir/ssl/certs"
    # Rewritten in place: a running host has this very directory mounted.
    cp -a "$SYSTEM_CA_DIR/." "$dir/ssl/certs/"
    cp "$STATE/ca/ca.crt" "$dir/ssl/certs/jitsi-deploy-lab-ca.pem"
    ln -sfn jitsi-deploy-lab-ca.pem "$dir/ssl/certs/$(openssl x509 -hash -noout -in "$STATE/ca/ca.crt").0"
    cat "$SYSTEM_CA_DIR/ca-certificates.crt" "$STATE/ca/ca.crt" > "$dir/ssl/certs/ca-certificates.crt"
    chmod -R a+rX "$dir/ssl/certs"
}

# SysV hosts mount the CA directory once their namespace exists.
trust_lab_ca() {
    local k="$1" dir
    dir="$(host_dir "$k")"
    in_host "$k" sh -c "findmnt -n '$SYSTEM_CA_DIR' >/dev/null || mount --bind '$dir/ssl/certs' '$SYSTEM_CA_DIR'"
}

start_services() {
    local k="$1" dir svc
    if is_systemd_host "$k"; then systemd_start_services "$k"; return; fi
    dir="$(host_dir "$k")"
    mkdir -p "$dir/run/sshd" && chmod 755 "$dir/run/sshd"
    in_host "$k" /usr/sbin/sshd -f "$dir/ssh/sshd_config" -E /var/log/sshd.log </dev/null >/dev/null
    for svc in prosody nginx jicofo jitsi-videobridge2; do
        if ! in_host "$k" service "$svc" start </dev/null >"$dir/start-$svc.out" 2>&1; then
            say "lab$k: $svc did not start: $(tail -n 5 "$dir/start-$svc.out" | tr '\n' ' ')"
        fi
    done
}

stop_services() {
    local k="$1" svc
    if is_systemd_host "$k"; then systemd_stop_services "$k"; return; fi
    for svc in jitsi-videobridge2 jicofo nginx prosody; do
        in_host "$k" service "$svc" stop </dev/null >/dev/null 2>&1 || true
    done
}

bring_up_host() {
    local k="$1"
    prepare_host_identity "$k"
    write_host_files "$k"
    if [ "$INIT" = systemd ]; then
        "$LAB_DIR/dns.sh" file "$(host_dir "$k")"   # host-systemd.sh mounts it
        start_systemd_host "$k"   # its systemd starts the services, after the focus user is registered
        return
    fi
    start_namespace "$k"
    trust_lab_ca "$k"
    "$LAB_DIR/dns.sh" host "$(host_dir "$k")" "$(namespace_pid "$k")"
    register_focus "$k"
    start_services "$k"
}

# ---------------------------------------------------------------------------------------------------------------
# /etc/hosts block, known_hosts, inventory

write_etc_hosts() {
    local n="$1" k d content
    content="$(sed "/^$(printf '%s' "$HOSTS_BEGIN" | sed 's/[][\/.*^$]/\\&/g')\$/,/^$HOSTS_END\$/d" /etc/hosts)"
    {
        printf '%s\n' "$content"
        echo "$HOSTS_BEGIN"
        for k in $(seq 1 "$n"); do
            d="$(domain "$k")"
            echo "$(address "$k") $d auth.$d conference.$d focus.$d internal.auth.$d lobby.$d breakout.$d lab$k"
        done
        echo "$HOSTS_END"
    } > /etc/hosts.jitsi-deploy-lab
    cat /etc/hosts.jitsi-deploy-lab > /etc/hosts   # rewrite in place: /etc/hosts may be a bind mount
    rm -f /etc/hosts.jitsi-deploy-lab
}

remove_etc_hosts() {
    grep -qxF "$HOSTS_BEGIN" /etc/hosts || return 0
    local content
    content="$(sed "/^$(printf '%s' "$HOSTS_BEGIN" | sed 's/[][\/.*^$]/\\&/g')\$/,/^$HOSTS_END\$/d" /etc/hosts)"
    printf '%s\n' "$content" > /etc/hosts
}

write_client_inventory() {
    local n="$1" k d
    : > "$CLIENT/known_hosts"
    for k in $(seq 1 "$n"); do
        d="$(domain "$k")"
        echo "$(address "$k") $(cut -d' ' -f1,2 "$(host_dir "$k")/ssh/ssh_host_ed25519_key.pub")" >> "$CLIENT/known_hosts"
    done
    {
        echo "# The jitsi-deploy lab ($n hosts), written by 'jitsi-deploy lab up'. Not to be committed."
        if [ -d "$REPO/templates" ]; then echo "templates: ../templates"; fi
        echo "defaults:"
        echo "  ssh:"
        if [ "$INIT" = systemd ]; then echo "    user: $OPERATOR"; else echo "    user: root"; fi
        echo "    port: 22"
        echo "    identity_file: lab/id_ed25519"
        echo "    known_hosts: lab/known_hosts"
        if [ "$INIT" = systemd ]; then echo "    sudo: true"; else echo "    sudo: false"; fi
        echo "    connect_timeout: 10s"
        echo "  service_manager: $INIT"
        echo "  tls:"
        echo "    ca_file: lab/ca.crt"
        echo "  auth:"
        echo "    algorithm: HS256"
        echo "    app_id: jitsi-deploy-lab"
        echo "    app_secret: {file: lab/app_secret}"
        echo "    allow_empty_token: false"
        echo "    enable_domain_verification: true"
        echo "    asap_accepted_issuers: [jitsi-deploy-lab]"
        echo "    asap_accepted_audiences: [jitsi]"
        echo "  smoke_test:"
        echo "    room: probe"
        echo "groups:"
        echo "  lab:"
        echo "    vars: {}"
        echo "    hosts:"
        for k in $(seq 1 "$n"); do
            d="$(domain "$k")"
            echo "      lab$k:"
            echo "        ssh: {address: $(address "$k")}"
            echo "        domain: $d"
            echo "        public_url: https://$d/"
        done
    } > "$INVENTORY"
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

# The bastion host lives in its own script; these are its only hooks here.
bastion() { bash "$LAB_DIR/bastion.sh" "$@"; }

cmd_up() {
    local n=3 k running started sudo_password=false with_bastion=
    while [ $# -gt 0 ]; do
        case "$1" in
            --init) [ $# -ge 2 ] || fail "--init needs systemd or sysv"; INIT="$2"; shift 2 ;;
            --sudo-password) sudo_password=true; shift ;;
            --bastion) with_bastion=--bastion; shift ;;
            *) n="$1"; shift ;;
        esac
    done
    [ "$INIT" = systemd ] || [ "$INIT" = sysv ] || fail "--init must be systemd or sysv, not '$INIT'"
    [ "$INIT" = systemd ] || [ "$sudo_password" = false ] || fail "--sudo-password needs systemd hosts (--init systemd)"
    if ! { [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le "$MAX_HOSTS" ]; }; then
        fail "--hosts must be 1..$MAX_HOSTS, not '$n'"
    fi
    running="$(running_hosts | wc -l)"
    if [ "$running" -gt 0 ]; then
        if [ "$running" -eq "$n" ]; then
            detect_init
            ensure_client_files
            write_client_inventory "$n"
            if [ "$with_bastion" = --bastion ]; then bastion up "$n"; else bastion refresh; fi
            say "already running with $running hosts; nothing to do ('lab status' shows it, 'lab down' stops it)"
            return 0
        fi
        fail "a lab with $running hosts is already running; run 'lab down' first to start one with $n"
    fi
    started=$(date +%s%N)
    ensure_packages
    stop_system_services
    check_ports_free "$n"
    mkdir -p "$STATE"
    chmod 755 "$STATE"
    # Mount points for the hosts' private copies; remembered so that `down` removes only what `up` created.
    local point
    for point in /etc/jitsi /usr/share/jitsi-meet /var/lib/jitsi-deploy; do
        if [ ! -d "$point" ]; then
            mkdir -p "$point"
            echo "$point" >> "$STATE/created-mount-points"
        fi
    done
    ensure_client_files
    if [ "$INIT" = systemd ]; then
        ensure_operator_account
        choose_sudo_password_host "$n" "$sudo_password"
    else
        rm -f "$STATE/sudo-password-host"
    fi
    copy_jicofo_stand_in
    "$LAB_DIR/dns.sh" up "$n"
    local pids=()
    for k in $(seq 1 "$n"); do
        bring_up_host "$k" > "$STATE/lab$k.up.log" 2>&1 &
        pids+=($!)
    done
    local failed=0
    for k in $(seq 1 "$n"); do
        if ! wait "${pids[$((k - 1))]}"; then failed=1; fi
        grep -v '^$' "$STATE/lab$k.up.log" || true
    done
    write_etc_hosts "$n"
    write_client_inventory "$n"
    [ "$failed" -eq 0 ] || { cmd_down >/dev/null; fail "could not bring the lab up (see the messages above)"; }
    if [ "$with_bastion" = --bastion ]; then bastion up "$n"; fi
    local ms=$(( ($(date +%s%N) - started) / 1000000 ))
    say "up: $n $INIT hosts in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s; inventory $INVENTORY"
    if [ -s "$STATE/sudo-password-host" ]; then
        say "sudo on $(cat "$STATE/sudo-password-host") wants a password for $OPERATOR; it is in $CLIENT/sudo_password (mode 0600)"
    fi
    cmd_status
}

# Stops host K: its services first (cleanly), then whatever still runs in its namespace (sshd and its sessions,
# the holder). Once no process is left in it, the namespace and all its mounts are gone with it.
stop_host() {
    local k="$1" pid
    pid="$(namespace_pid "$k")" || return 0
    if is_systemd_host "$k"; then stop_systemd_host "$k"; return; fi
    stop_services "$k"
    kill_mount_namespace "$(readlink "/proc/$pid/ns/mnt")" TERM TERM TERM TERM TERM KILL KILL
    rm -f "$(host_dir "$k")/namespace.pid"
}

cmd_down() {
    local k hosts pids=()
    bastion down
    hosts="$(running_hosts)"
    for k in $hosts; do
        stop_host "$k" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    for k in $(seq 1 "$MAX_HOSTS"); do
        namespace_pid "$k" >/dev/null || rm -f "$(host_dir "$k")/namespace.pid"
        remove_cgroups "$k"   # also what a systemd host stopped by another lab.sh's down left
    done
    remove_etc_hosts
    "$LAB_DIR/dns.sh" down
    rm -rf "$STAND_IN"
    remove_operator_account
    rm -f "$STATE/sudo-password-host"
    if [ -f "$STATE/created-mount-points" ]; then
        xargs -r rmdir --ignore-fail-on-non-empty < "$STATE/created-mount-points"
        rm -f "$STATE/created-mount-points"
    fi
    say "down: stopped $(echo -n "$hosts" | grep -c .) hosts"
}

service_state() {  # service_state K PIDFILE(relative to the host's /run)
    local file
    file="$(host_dir "$1")/run/$2"
    if [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then echo "up"; else echo "DOWN"; fi
}

cmd_status() {
    local k hosts
    hosts="$(running_hosts)"
    if [ -z "$hosts" ]; then say "not running"; return 3; fi
    printf '%-6s %-10s %-18s %-6s %-8s %-6s %-7s %-6s %s\n' HOST ADDRESS DOMAIN SSHD PROSODY NGINX JICOFO JVB INIT
    for k in $hosts; do
        if is_systemd_host "$k"; then
            printf '%-6s %-10s %-18s %-6s %-8s %-6s %-7s %-6s %s\n' "lab$k" "$(address "$k")" "$(domain "$k")" \
                "$(systemd_service_state "$k" ssh)" "$(systemd_service_state "$k" prosody)" \
                "$(systemd_service_state "$k" nginx)" "$(systemd_service_state "$k" jicofo)" \
                "$(systemd_service_state "$k" jitsi-videobridge2)" \
                "systemd:$(in_host "$k" systemctl is-system-running 2>/dev/null || true)"
            continue
        fi
        printf '%-6s %-10s %-18s %-6s %-8s %-6s %-7s %-6s %s\n' "lab$k" "$(address "$k")" "$(domain "$k")" \
            "$(service_state "$k" sshd.pid)" "$(service_state "$k" prosody/prosody.pid)" \
            "$(service_state "$k" nginx.pid)" "$(service_state "$k" jicofo.pid)" \
            "$(service_state "$k" jitsi-videobridge2.pid)" sysv
    done
}

# reset and a repeated up keep the kind of the running hosts.
detect_init() {
    local hosts first
    hosts="$(running_hosts)"
    first="${hosts%%$'\n'*}"   # not `| head -n 1`: under pipefail, running_hosts would die of SIGPIPE
    if [ -n "$first" ] && ! is_systemd_host "$first"; then INIT=sysv; else INIT=systemd; fi
}

cmd_reset() {
    local k hosts pids=() failed=0
    hosts="$(running_hosts)"
    [ -n "$hosts" ] || fail "not running; use 'lab up'"
    ensure_client_files
    detect_init
    # shellcheck disable=SC2086 # $hosts is a blank-separated list of numbers, split on purpose
    "$LAB_DIR/dns.sh" up "$(printf '%s\n' $hosts | sort -n | tail -n 1)"   # names for hosts 1..the highest running
    for k in $hosts; do
        (
            "$LAB_DIR/dns.sh" host "$(host_dir "$k")" "$(namespace_pid "$k")"
            if [ "$INIT" = systemd ]; then reset_systemd_host "$k"; exit; fi
            stop_services "$k"
            write_host_files "$k"
            trust_lab_ca "$k"
            register_focus "$k"
            install_authorized_keys "$k"
            start_services "$k"
        ) > "$STATE/lab$k.reset.log" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || failed=1; done
    for k in $hosts; do grep -v '^$' "$STATE/lab$k.reset.log" || true; done
    [ "$failed" -eq 0 ] || fail "reset failed (see the messages above)"
    write_client_inventory "$(echo "$hosts" | wc -l)"
    bastion refresh
    say "reset: $(echo "$hosts" | wc -l) hosts back to the fresh quick-install state"
}

[ "$(id -u)" -eq 0 ] || fail "the lab needs root (mount namespaces, sshd on port 22, /etc/hosts)"
# One lab per machine, possibly driven from several checkouts: changing commands take turns.
case "${1:-}" in
    up|down|reset)
        mkdir -p "$STATE"
        exec 9>"$STATE/command.lock"
        flock -w 900 9 || fail "another lab command has been running for 15 minutes; giving up"
        ;;
esac
case "${1:-}" in
    up) shift; cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    *) echo "usage: lab.sh up [N] [--init systemd|sysv] [--sudo-password] [--bastion] | down | status | reset" >&2; exit 2 ;;
esac
