package dev.jitsideploy.verify.token;

import dev.jitsideploy.inventory.AuthSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.secrets.HostCredentials;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a host's Prosody accepts, as token claims: {@code iss} is the app_id unless an accepted-issuers list leaves it
 * out (then its first entry), {@code aud} the first accepted audience (or "jitsi" when any is accepted), {@code sub}
 * the XMPP domain (what domain verification compares).
 */
public record TokenProfile(String issuer, String audience, String subject, String algorithm) {

    /** The audience Jitsi's own tooling uses when the server accepts any. */
    public static final String DEFAULT_AUDIENCE = "jitsi";

    public static TokenProfile of(HostConfig host) {
        AuthSettings auth = host.auth();
        return new TokenProfile(issuer(auth), audience(auth.asapAcceptedAudiences()), host.domain(),
                auth.algorithm());
    }

    private static String issuer(AuthSettings auth) {
        List<String> accepted = auth.asapAcceptedIssuers();
        if (accepted.isEmpty() || accepted.contains(auth.appId()) || accepted.contains("*")) {
            return auth.appId();
        }
        return accepted.get(0);
    }

    private static String audience(List<String> accepted) {
        return accepted.isEmpty() || accepted.contains("*") ? DEFAULT_AUDIENCE : accepted.get(0);
    }

    /** Correct claims for a room ({@code *} for any), valid from 30 s before {@code now} for {@code ttl}. */
    public TokenClaims claimsFor(String room, Instant now, Duration ttl) {
        return TokenClaims.forRoom(issuer, audience, subject, roomClaim(room), now, ttl);
    }

    /**
     * The key new tokens are signed with: for HS256 the app secret, for RS256 the newest published key of
     * {@code auth.keys_dir} (its kid goes into the token header).
     *
     * @throws InvalidInputException when the key directory can no longer be used or publishes no key
     */
    public static SigningKey signingKey(HostCredentials credentials) throws InvalidInputException {
        if (credentials instanceof HostCredentials.Rs256 keys) {
            return SigningKey.rsaSha256(keys.signingKey());
        }
        return SigningKey.hmacSha256(credentials.appSecret().orElseThrow().reveal());
    }

    /**
     * The room as the token's {@code room} claim: Prosody compares it with the room JID's node, which Jitsi's client
     * lower-cases and URL-encodes.
     */
    public static String roomClaim(String room) {
        if (room.equals("*")) {
            return room;
        }
        return URLEncoder.encode(room.toLowerCase(Locale.ROOT), StandardCharsets.UTF_8).replace("+", "%20")
                .toLowerCase(Locale.ROOT);
    }

    /** The meeting link with the token as {@code ?jwt=}, as Jitsi's web app reads it. */
    public static URI meetingUrl(URI publicUrl, String room, SignedToken token) {
        String base = publicUrl.toString().endsWith("/") ? publicUrl.toString() : publicUrl + "/";
        return URI.create(base + URLEncoder.encode(room, StandardCharsets.UTF_8).replace("+", "%20") + "?jwt="
                + token.compact());
    }
}
