package dev.jitsideploy.verify;

import dev.jitsideploy.inventory.AuthSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.secrets.Secret;
import dev.jitsideploy.secrets.SecretResolver;
import dev.jitsideploy.verify.token.SigningKey;
import dev.jitsideploy.verify.token.TokenProfile;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import dev.jitsideploy.verify.xmpp.XmppException;
import java.net.URI;
import java.time.Duration;

/**
 * One host as the probe sees it: where to connect, which names to use, how its tokens are made and what its settings
 * make Prosody check.
 *
 * @param host            inventory name
 * @param domain          XMPP domain (BOSH/WS {@code to=})
 * @param muc             MUC domain ({@code conference.<domain>})
 * @param focus           focus component JID ({@code focus.<domain>})
 * @param publicUrl       the URL browsers use
 * @param trust           certificates to trust for it
 * @param profile         claims and algorithm a correct token has
 * @param key             the host's signing key
 * @param roomPrefix      smoke-test room prefix (a random suffix is added per case)
 * @param allowEmptyToken whether the inventory deliberately turns enforcement off
 * @param checksIssuer    whether Prosody compares {@code iss} (not when the accepted list has {@code *})
 * @param checksAudience  whether Prosody compares {@code aud} (only with an accepted list without {@code *})
 * @param stepTimeout     how long each protocol step may wait
 */
public record ProbeTarget(String host, String domain, String muc, String focus, URI publicUrl, TlsTrust trust,
                          TokenProfile profile, SigningKey key, String roomPrefix, boolean allowEmptyToken,
                          boolean checksIssuer, boolean checksAudience, Duration stepTimeout) {

    /** Jitsi's advice for HS tokens (jitsi-token-auth.md 4.7); RS with a key server may need up to 150 s. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(30);

    /** The host with its inventory secret, trusting its {@code tls.ca_file} (or the system's store without one). */
    public static ProbeTarget forHost(HostConfig host, SecretResolver secrets)
            throws InvalidInputException, XmppException {
        TlsTrust trust = host.tls().caFile() == null ? TlsTrust.systemDefault() : TlsTrust.caFile(host.tls().caFile());
        return of(host, secrets.resolve(host.auth().appSecret()), trust, DEFAULT_STEP_TIMEOUT);
    }

    public static ProbeTarget of(HostConfig host, Secret appSecret, TlsTrust trust, Duration stepTimeout) {
        AuthSettings auth = host.auth();
        TokenProfile profile = TokenProfile.of(host);
        return new ProbeTarget(host.name(), host.domain(), host.domains().muc(), host.domains().focusComponent(),
                host.publicUrl(), trust, profile, profile.signingKey(appSecret), host.smokeTest().room(),
                auth.allowEmptyToken(), !auth.asapAcceptedIssuers().contains("*"),
                !auth.asapAcceptedAudiences().isEmpty() && !auth.asapAcceptedAudiences().contains("*"), stepTimeout);
    }

    @Override
    public String toString() {
        return "ProbeTarget[" + host + " " + publicUrl + " (" + domain + "), key «redacted»]";
    }
}
