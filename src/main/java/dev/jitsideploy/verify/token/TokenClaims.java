package dev.jitsideploy.verify.token;

import java.time.Duration;
import java.time.Instant;

/**
 * The claims of one Jitsi token. A null field is left out of the token, so probe cases can also mint tokens that
 * lack a claim; the {@code with...} methods make the deliberately wrong variants (expired, not yet valid, wrong
 * iss/aud/room) from a correct one.
 *
 * @param issuer    {@code iss}: the app_id or one of {@code asap_accepted_issuers}
 * @param audience  {@code aud}: one string (an array only passes a {@code *} audience list)
 * @param subject   {@code sub}: the XMPP domain (or tenant, or {@code *})
 * @param room      {@code room}: the room's JID node in lower case, or {@code *}
 * @param issuedAt  {@code iat}, written in whole seconds
 * @param notBefore {@code nbf}, written in whole seconds
 * @param expiresAt {@code exp}, written in whole seconds
 * @param user      {@code context.user}
 */
public record TokenClaims(String issuer, String audience, String subject, String room, Instant issuedAt,
                          Instant notBefore, Instant expiresAt, TokenUser user) {

    /** Prosody allows no clock skew at all; back-dating nbf keeps a slightly slow server from refusing. */
    public static final Duration NOT_BEFORE_BACKDATING = Duration.ofSeconds(30);

    /** A correct token for a room, valid from a little before {@code now} for {@code ttl}. */
    public static TokenClaims forRoom(String issuer, String audience, String subject, String room, Instant now,
                                      Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token's lifetime must be positive");
        }
        return new TokenClaims(issuer, audience, subject, room, now, now.minus(NOT_BEFORE_BACKDATING),
                now.plus(ttl), null);
    }

    public TokenClaims withIssuer(String newIssuer) {
        return new TokenClaims(newIssuer, audience, subject, room, issuedAt, notBefore, expiresAt, user);
    }

    public TokenClaims withAudience(String newAudience) {
        return new TokenClaims(issuer, newAudience, subject, room, issuedAt, notBefore, expiresAt, user);
    }

    public TokenClaims withSubject(String newSubject) {
        return new TokenClaims(issuer, audience, newSubject, room, issuedAt, notBefore, expiresAt, user);
    }

    public TokenClaims withRoom(String newRoom) {
        return new TokenClaims(issuer, audience, subject, newRoom, issuedAt, notBefore, expiresAt, user);
    }

    public TokenClaims withIssuedAt(Instant newIssuedAt) {
        return new TokenClaims(issuer, audience, subject, room, newIssuedAt, notBefore, expiresAt, user);
    }

    public TokenClaims withNotBefore(Instant newNotBefore) {
        return new TokenClaims(issuer, audience, subject, room, issuedAt, newNotBefore, expiresAt, user);
    }

    public TokenClaims withExpiresAt(Instant newExpiresAt) {
        return new TokenClaims(issuer, audience, subject, room, issuedAt, notBefore, newExpiresAt, user);
    }

    public TokenClaims withUser(TokenUser newUser) {
        return new TokenClaims(issuer, audience, subject, room, issuedAt, notBefore, expiresAt, newUser);
    }
}
