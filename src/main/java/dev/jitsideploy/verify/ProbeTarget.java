package dev.jitsideploy.verify;

import dev.jitsideploy.inventory.AuthSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.secrets.HostCredentials;
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
 * @param key             what correct tokens are signed with (for RS256 the newest published key, with its kid)
 * @param roomPrefix      smoke-test room prefix (a random suffix is added per case)
 * @param allowEmptyToken whether the inventory deliberately turns enforcement off
 * @param checksIssuer    whether Prosody compares {@code iss} (not when the accepted list has {@code *})
 * @param checksAudience  whether Prosody compares {@code aud} (only with an accepted list without {@code *})
 * @param stepTimeout     how long each protocol step may wait
 */
public record ProbeTarget(String host, String domain, String muc, String focus, URI publicUrl, TlsTrust trust,
                          TokenProfile profile, SigningKey key, String roomPrefix, boolean allowEmptyToken,
                          boolean checksIssuer, boolean checksAudience, Duration stepTimeout) {

    /** Jitsi's advice for HS tokens (jitsi-token-auth.md 4.7). */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * RS tokens: Prosody fetches an uncached key during SASL, 30 s per try and up to 3 tries on timeouts, so its answer
     * ("could not obtain public key") may take that long (jitsi-token-auth.md 4.7).
     */
    public static final Duration KEY_SERVER_STEP_TIMEOUT = Duration.ofSeconds(150);

    /**
     * The host with the key its tokens are signed with ({@link TokenProfile#signingKey}: the app secret, or for RS256
     * the newest published key), trusting its {@code tls.ca_file} (or the system's store without one).
     */
    public static ProbeTarget forHost(HostConfig host, HostCredentials credentials)
            throws InvalidInputException, XmppException {
        return forHost(host, TokenProfile.signingKey(credentials));
    }

    /** The host with tokens signed by {@code key} instead of its own (a rotation's previous RS256 key). */
    public static ProbeTarget forHost(HostConfig host, SigningKey key) throws XmppException {
        TlsTrust trust = host.tls().caFile() == null ? TlsTrust.systemDefault() : TlsTrust.caFile(host.tls().caFile());
        return of(host, key, trust, key instanceof SigningKey.Rsa ? KEY_SERVER_STEP_TIMEOUT : DEFAULT_STEP_TIMEOUT);
    }

    public static ProbeTarget of(HostConfig host, SigningKey key, TlsTrust trust, Duration stepTimeout) {
        AuthSettings auth = host.auth();
        TokenProfile profile = TokenProfile.of(host);
        return new ProbeTarget(host.name(), host.domain(), host.domains().muc(), host.domains().focusComponent(),
                host.publicUrl(), trust, profile, key, host.smokeTest().room(),
                auth.allowEmptyToken(), !auth.asapAcceptedIssuers().contains("*"),
                !auth.asapAcceptedAudiences().isEmpty() && !auth.asapAcceptedAudiences().contains("*"), stepTimeout);
    }

    @Override
    public String toString() {
        return "ProbeTarget[" + host + " " + publicUrl + " (" + domain + "), " + key + "]";
    }
}
