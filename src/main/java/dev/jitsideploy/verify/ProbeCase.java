package dev.jitsideploy.verify;

import dev.jitsideploy.verify.token.AttackTokens;
import dev.jitsideploy.verify.token.SignedToken;
import dev.jitsideploy.verify.token.SigningKey;
import dev.jitsideploy.verify.token.TokenClaims;
import dev.jitsideploy.verify.token.TokenMinter;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The probe matrix of issue 5: each case is run on a fresh XMPP session. */
public enum ProbeCase {
    VALID("valid token, own room"),
    NO_TOKEN("no token"),
    OTHER_SECRET("signed with another secret or key"),
    EXPIRED("expired"),
    NOT_YET_VALID("not yet valid (nbf in the future)"),
    WRONG_ISSUER("wrong iss"),
    WRONG_AUDIENCE("wrong aud"),
    OTHER_ROOM("valid token for another room"),
    ALG_NONE("unsigned (alg none)"),
    KEY_CONFUSION("HS256 signed with the host's RS256 public key"),
    NO_ROOM_CLAIM("token without a room claim");

    /** How far in the past or future the time-based cases put their bounds: far beyond any sane clock skew. */
    static final Duration TIME_MARGIN = Duration.ofMinutes(10);
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final String description;

    ProbeCase(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Whether one transport is enough: the case is decided at SASL by the token alone, the same way on BOSH and
     * WebSocket, and its expected answer is silence, which costs a wait per run.
     */
    public boolean firstTransportOnly() {
        return this == NO_ROOM_CLAIM;
    }

    /** The cases this host's settings make meaningful (wrong aud only with an audience list, ...). */
    public static List<ProbeCase> applicableTo(ProbeTarget target) {
        List<ProbeCase> cases = new ArrayList<>(List.of(values()));
        if (!target.checksIssuer()) {
            cases.remove(WRONG_ISSUER);
        }
        if (!target.checksAudience()) {
            cases.remove(WRONG_AUDIENCE);
        }
        if (!(target.key() instanceof SigningKey.Rsa)) {
            cases.remove(KEY_CONFUSION);
        }
        return cases;
    }

    /** What the server must answer (jitsi-token-auth.md 4.5 and 4.6). */
    public Expectation expectation(ProbeTarget target) {
        return switch (this) {
            case VALID -> new Expectation.Joins();
            case NO_TOKEN -> target.allowEmptyToken() ? new Expectation.SaslAccepted()
                    : new Expectation.SaslRefused("not-allowed", Expectation.TOKEN_REQUIRED);
            case OTHER_SECRET -> new Expectation.SaslRefused("not-allowed", Expectation.INVALID_SIGNATURE);
            case EXPIRED -> new Expectation.SaslRefused("not-allowed", "Not acceptable by exp");
            case NOT_YET_VALID -> new Expectation.SaslRefused("not-allowed", "Not acceptable by nbf");
            case WRONG_ISSUER -> new Expectation.SaslRefused("not-allowed", "invalid 'iss' claim");
            case WRONG_AUDIENCE -> new Expectation.SaslRefused("not-allowed", "invalid 'aud' claim");
            case OTHER_ROOM -> new Expectation.JoinRefused("not-allowed",
                    List.of("Room and token mismatched", "Room does not match the room from token"));
            // jitsi-token-auth.md 3: alg must equal signature_algorithm (and start with RS with a key server).
            case ALG_NONE, KEY_CONFUSION -> new Expectation.SaslRefused("not-allowed", "Invalid or incorrect alg");
            case NO_ROOM_CLAIM -> new Expectation.SaslSilentOrRefused("not-authorized", "room claim is missing");
        };
    }

    /** The claims for this case, for a session that asks for {@code room}; empty for the tokenless case. */
    public Optional<TokenClaims> claims(ProbeTarget target, String room, Instant now) {
        TokenClaims valid = target.profile().claimsFor(room, now, LIFETIME);
        return switch (this) {
            case NO_TOKEN -> Optional.empty();
            case VALID, OTHER_SECRET, ALG_NONE, KEY_CONFUSION -> Optional.of(valid);
            case EXPIRED -> Optional.of(valid.withIssuedAt(now.minus(TIME_MARGIN).minus(LIFETIME))
                    .withNotBefore(now.minus(TIME_MARGIN).minus(LIFETIME)).withExpiresAt(now.minus(TIME_MARGIN)));
            case NOT_YET_VALID -> Optional.of(valid.withNotBefore(now.plus(TIME_MARGIN))
                    .withExpiresAt(now.plus(TIME_MARGIN).plus(LIFETIME)));
            case WRONG_ISSUER -> Optional.of(valid.withIssuer("not-" + target.profile().issuer()));
            case WRONG_AUDIENCE -> Optional.of(valid.withAudience("not-" + target.profile().audience()));
            case OTHER_ROOM -> Optional.of(valid.withRoom(valid.room() + "-other"));
            case NO_ROOM_CLAIM -> Optional.of(valid.withRoom(null));
        };
    }

    /** The token this case sends, for a session that asks for {@code room}; empty for the tokenless case. */
    public Optional<SignedToken> token(ProbeTarget target, String room, Instant now, SecureRandom random) {
        return claims(target, room, now).map(claims -> {
            SignedToken minted = TokenMinter.mint(claims, key(target, random));
            return switch (this) {
                case ALG_NONE -> AttackTokens.unsigned(minted);
                case KEY_CONFUSION -> AttackTokens.hmacWithPublicKey(minted, (SigningKey.Rsa) target.key());
                default -> minted;
            };
        });
    }

    /**
     * The key this case signs with: the host's, or for the forged case a random one of the same kind. A forged RS256
     * token carries the real kid, so the server fetches the published key and must find that the signature does not
     * match it (a made-up kid would only test that an unknown key cannot be fetched).
     */
    public SigningKey key(ProbeTarget target, SecureRandom random) {
        if (this != OTHER_SECRET) {
            return target.key();
        }
        if (target.key() instanceof SigningKey.Rsa real) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, random);
                return SigningKey.rsaSha256(generator.generateKeyPair().getPrivate(), real.keyId());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime can generate RSA keys", e);
            }
        }
        byte[] other = new byte[32];
        random.nextBytes(other);
        return SigningKey.hmacSha256(Base64.getUrlEncoder().withoutPadding().encodeToString(other));
    }
}
