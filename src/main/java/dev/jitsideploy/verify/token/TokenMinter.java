package dev.jitsideploy.verify.token;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints tokens the way Jitsi's token plugin checks them: header {@code typ: JWT} (jjwt leaves it out unless asked),
 * the algorithm passed explicitly (jjwt would otherwise pick HS384/HS512 from a long key), a single-string
 * {@code aud}, times in whole seconds.
 */
public final class TokenMinter {

    private TokenMinter() {
    }

    /** A token with header {@code typ: JWT}. */
    public static SignedToken mint(TokenClaims claims, SigningKey key) {
        return mint(claims, key, "JWT");
    }

    /** A token whose {@code typ} header is this value, or absent when null (for the "Invalid typ" probe case). */
    public static SignedToken mint(TokenClaims claims, SigningKey key, String type) {
        JwtBuilder builder = Jwts.builder();
        if (type != null) {
            builder.header().type(type).and();
        }
        if (claims.issuer() != null) {
            builder.issuer(claims.issuer());
        }
        if (claims.audience() != null) {
            builder.audience().single(claims.audience());
        }
        if (claims.subject() != null) {
            builder.subject(claims.subject());
        }
        if (claims.room() != null) {
            builder.claim("room", claims.room());
        }
        if (claims.issuedAt() != null) {
            builder.issuedAt(wholeSeconds(claims.issuedAt()));
        }
        if (claims.notBefore() != null) {
            builder.notBefore(wholeSeconds(claims.notBefore()));
        }
        if (claims.expiresAt() != null) {
            builder.expiration(wholeSeconds(claims.expiresAt()));
        }
        if (claims.user() != null) {
            builder.claim("context", Map.of("user", userClaim(claims.user())));
        }
        if (key instanceof SigningKey.Hmac hmac) {
            builder.signWith(hmac.key(), Jwts.SIG.HS256);
        } else if (key instanceof SigningKey.Rsa rsa) {
            builder.header().keyId(rsa.keyId()).and();
            builder.signWith(rsa.key(), Jwts.SIG.RS256);
        }
        return new SignedToken(builder.compact(), claims, key.algorithm());
    }

    private static Date wholeSeconds(Instant instant) {
        return Date.from(Instant.ofEpochSecond(instant.getEpochSecond()));
    }

    private static Map<String, Object> userClaim(TokenUser user) {
        Map<String, Object> claim = new LinkedHashMap<>();
        if (user.name() != null) {
            claim.put("name", user.name());
        }
        if (user.email() != null) {
            claim.put("email", user.email());
        }
        if (user.avatar() != null) {
            claim.put("avatar", user.avatar());
        }
        if (user.moderator() != null) {
            claim.put("moderator", user.moderator());
        }
        return claim;
    }
}
