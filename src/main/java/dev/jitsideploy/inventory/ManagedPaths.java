package dev.jitsideploy.inventory;

/**
 * Remote paths of the files jitsi-deploy manages on a host (POSIX paths on the host, not local paths).
 * Defaults are those of a Debian/Ubuntu quick install, with {@code <domain>} filled in.
 *
 * @param prosodyVhost     the vhost file written whole ({@code /etc/prosody/conf.avail/<domain>.cfg.lua})
 * @param prosodyVhostLink the symlink Prosody includes, pointing at {@code prosodyVhost}
 *                         ({@code /etc/prosody/conf.d/<domain>.cfg.lua})
 * @param configJs         the web config written whole ({@code /etc/jitsi/meet/<domain>-config.js})
 * @param jicofoConf       the jicofo HOCON file, merged, never overwritten ({@code /etc/jitsi/jicofo/jicofo.conf})
 * @param prosodyPlugins   where Jitsi's Prosody plugins live ({@code /usr/share/jitsi-meet/prosody-plugins/})
 * @param prosodyLog       Prosody's log, for showing its tail on failures ({@code /var/log/prosody/prosody.log})
 * @param jicofoLog        jicofo's log ({@code /var/log/jitsi/jicofo.log})
 * @param asapKeys         the directory nginx serves as the RS256 key server, holding {@code <sha256hex(kid)>.pem}
 *                         ({@code /usr/share/jitsi-meet/asap-keys/}); only used with RS256
 */
public record ManagedPaths(String prosodyVhost, String prosodyVhostLink, String configJs, String jicofoConf,
                           String prosodyPlugins, String prosodyLog, String jicofoLog, String asapKeys) {
}
