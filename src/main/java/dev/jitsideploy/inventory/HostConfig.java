package dev.jitsideploy.inventory;

import java.net.URI;

/**
 * Everything jitsi-deploy knows about one host after defaults, group vars and host overrides are merged and validated.
 *
 * @param name           the host's name in the inventory (also its directory under {@code render -o})
 * @param group          the group it belongs to
 * @param ssh            how to reach it
 * @param domains        XMPP domain and the names derived from it
 * @param publicUrl      the URL browsers use, e.g. {@code https://meet.example.com/}
 * @param serviceManager systemd or sysv
 * @param services       service names
 * @param paths          managed remote paths
 * @param auth           token settings
 * @param prosody        extra Prosody modules
 * @param configJs       extra config.js settings
 * @param tls            trust for the public URL
 * @param smokeTest      smoke-test settings
 * @param sources        where each effective value was written (for error messages of later stages)
 */
public record HostConfig(String name, String group, SshSettings ssh, JitsiDomains domains, URI publicUrl,
                         ServiceManager serviceManager, ServiceNames services, ManagedPaths paths, AuthSettings auth,
                         ProsodyExtras prosody, ConfigJsSettings configJs, TlsSettings tls,
                         SmokeTestSettings smokeTest, SourceLocations sources) {

    /** The XMPP domain of the token vhost. */
    public String domain() {
        return domains.domain();
    }
}
