package dev.jitsideploy.verify.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Decodes minted tokens by hand (split, base64url, JSON) and checks them the way Jitsi's plugin does. */
class TokenMinterTest {

    private static final String SECRET = "k2Vx9Qm4_Tz7-Lp0Ww3Rr8Ss1Yy6Uu5Ee";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.750Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TokenClaims labClaims() {
        return TokenClaims.forRoom("jitsi-deploy-lab", "jitsi", "lab1.jitsi.test", "probe-x1", NOW,
                Duration.ofHours(1));
    }

    private static JsonNode part(String token, int index) throws Exception {
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
    }

    @Test
    void hs256TokenHasJitsiHeaderAndClaimsInSeconds() throws Exception {
        SignedToken token = TokenMinter.mint(labClaims().withUser(new TokenUser("Ada", "ada@example.org",
                "https://example.org/a.png", true)), SigningKey.hmacSha256(SECRET));

        JsonNode header = part(token.compact(), 0);
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(header.has("kid")).isFalse();

        JsonNode payload = part(token.compact(), 1);
        assertThat(payload.get("iss").asText()).isEqualTo("jitsi-deploy-lab");
        assertThat(payload.get("aud").isTextual()).as("aud must be one string, not an array").isTrue();
        assertThat(payload.get("aud").asText()).isEqualTo("jitsi");
        assertThat(payload.get("sub").asText()).isEqualTo("lab1.jitsi.test");
        assertThat(payload.get("room").asText()).isEqualTo("probe-x1");
        long now = NOW.getEpochSecond();
        assertThat(payload.get("iat").isIntegralNumber()).isTrue();
        assertThat(payload.get("iat").asLong()).isEqualTo(now);
        assertThat(payload.get("nbf").isIntegralNumber()).isTrue();
        assertThat(payload.get("nbf").asLong()).isEqualTo(now - 30);
        assertThat(payload.get("exp").isIntegralNumber()).as("exp must be a JSON number").isTrue();
        assertThat(payload.get("exp").asLong()).isEqualTo(now + 3600);
        JsonNode user = payload.get("context").get("user");
        assertThat(user.get("name").asText()).isEqualTo("Ada");
        assertThat(user.get("email").asText()).isEqualTo("ada@example.org");
        assertThat(user.get("avatar").asText()).isEqualTo("https://example.org/a.png");
        assertThat(user.get("moderator").asBoolean()).isTrue();
    }

    @Test
    void hs256SignatureIsHmacOfTheSecretsRawBytes() throws Exception {
        String compact = TokenMinter.mint(labClaims(), SigningKey.hmacSha256(SECRET)).compact();
        int lastDot = compact.lastIndexOf('.');
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        byte[] actual = Base64.getUrlDecoder().decode(compact.substring(lastDot + 1));
        assertThat(MessageDigest.isEqual(expected, actual)).isTrue();
    }

    @Test
    void rs256TokenCarriesKidAndVerifiesWithThePublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String compact = TokenMinter.mint(labClaims(), SigningKey.rsaSha256(pair.getPrivate(), "lab-key-1"))
                .compact();

        JsonNode header = part(compact, 0);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(header.get("kid").asText()).isEqualTo("lab-key-1");
        int lastDot = compact.lastIndexOf('.');
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(compact.substring(lastDot + 1)))).isTrue();
    }

    @Test
    void probeVariantsChangeOnlyWhatTheyNameAndNullLeavesAClaimOut() throws Exception {
        TokenClaims expired = labClaims().withExpiresAt(NOW.minusSeconds(600)).withIssuedAt(NOW.minusSeconds(4200))
                .withNotBefore(NOW.minusSeconds(4230));
        JsonNode payload = part(TokenMinter.mint(expired, SigningKey.hmacSha256(SECRET)).compact(), 1);
        assertThat(payload.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() - 600);
        assertThat(payload.get("room").asText()).isEqualTo("probe-x1");

        JsonNode noAud = part(TokenMinter.mint(labClaims().withAudience(null).withIssuer("someone-else"),
                SigningKey.hmacSha256(SECRET)).compact(), 1);
        assertThat(noAud.has("aud")).isFalse();
        assertThat(noAud.get("iss").asText()).isEqualTo("someone-else");
        assertThat(noAud.has("context")).isFalse();

        JsonNode noTyp = part(TokenMinter.mint(labClaims(), SigningKey.hmacSha256(SECRET), null).compact(), 0);
        assertThat(noTyp.has("typ")).isFalse();
        assertThat(noTyp.get("alg").asText()).isEqualTo("HS256");
    }

    @Test
    void shortSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> SigningKey.hmacSha256("tooShortSecret123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("tooShortSecret123");
    }

    @Test
    void toStringNeverShowsTokenOrKey() {
        SigningKey key = SigningKey.hmacSha256(SECRET);
        SignedToken token = TokenMinter.mint(labClaims(), key);
        assertThat(token.toString()).doesNotContain(token.compact()).contains("redacted");
        assertThat(key.toString()).doesNotContain(SECRET);
    }
}
