#!/bin/bash
# Builds target/jitsi-deploy_VERSION_all.deb with dpkg-deb (called by `mvn package`, after the jar, target/lib and
# the completion script exist). Layout: the archive's bin/ and lib/ under /usr/share/jitsi-deploy, /usr/bin/jitsi-deploy
# a link to its launcher, bash completion, docs under /usr/share/doc/jitsi-deploy.
#   build-deb.sh VERSION TARGET_DIR
set -euo pipefail
version="$1"; target="$2"
basedir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if ! command -v dpkg-deb >/dev/null; then
    echo "build-deb: dpkg-deb not found; skipping the Debian package" >&2
    exit 0
fi
root="$target/deb/root"
rm -rf "$target/deb"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/jitsi-deploy/bin" "$root/usr/share/jitsi-deploy/lib" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/doc/jitsi-deploy"
install -m 0755 "$basedir/src/dist/bin/jitsi-deploy" "$root/usr/share/jitsi-deploy/bin/"
install -m 0644 "$target/jitsi-deploy.jar" "$target"/lib/*.jar "$root/usr/share/jitsi-deploy/lib/"
ln -s ../share/jitsi-deploy/bin/jitsi-deploy "$root/usr/bin/jitsi-deploy"
install -m 0644 "$target/dist/completion/jitsi-deploy" "$root/usr/share/bash-completion/completions/jitsi-deploy"
install -m 0644 "$basedir/README.md" "$basedir/inventories/example.yml" "$root/usr/share/doc/jitsi-deploy/"
cp -r "$basedir/docs" "$root/usr/share/doc/jitsi-deploy/docs"
find "$root/usr/share/doc" -type d -exec chmod 0755 {} + ; find "$root/usr/share/doc" -type f -exec chmod 0644 {} +
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: jitsi-deploy
Version: $version
Architecture: all
Maintainer: jitsi-deploy developers <jitsi-deploy@localhost>
Installed-Size: $size
Depends: java17-runtime-headless | java21-runtime-headless | java25-runtime-headless
Section: admin
Priority: optional
Description: puts JWT (token) authentication on Jitsi Meet servers and proves it works
 Reads a fleet from a YAML inventory, renders Prosody, config.js and Jicofo settings,
 applies them over SSH with a plan and rollback, and verifies token auth end to end.
CONTROL
# Jars are compressed already: gzip at its fastest keeps `mvn package` quick.
dpkg-deb --root-owner-group -Zgzip -z1 --build "$root" "$target/jitsi-deploy_${version}_all.deb" >/dev/null
echo "build-deb: $target/jitsi-deploy_${version}_all.deb"
