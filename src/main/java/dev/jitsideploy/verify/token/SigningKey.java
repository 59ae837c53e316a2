package dev.jitsideploy.verify.token;

import dev.jitsideploy.secrets.RsaSigningKey;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** What a token is signed with; {@link #toString()} never shows key material. */
public sealed interface SigningKey {

    /** The JWS {@code alg} this key signs with. */
    String algorithm();

    /** What the key is, for reports, without key material: {@code RS256, kid K} or {@code HS256 (app secret)}. */
    String describe();

    /**
     * HS256 with Prosody's {@code app_secret}: the key is the secret's raw UTF-8 bytes, as the token plugin uses
     * them. Jitsi deployments are held to at least 32 bytes, which is also the HS256 minimum of RFC 7518.
     */
    static SigningKey hmacSha256(String appSecret) {
        byte[] bytes = appSecret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("an HS256 app secret needs at least 32 bytes, this one has "
                    + bytes.length);
        }
        return new Hmac(new SecretKeySpec(bytes, "HmacSHA256"));
    }

    /** RS256 with a private key; {@code kid} names the public key the server fetches or has cached. */
    static SigningKey rsaSha256(PrivateKey privateKey, String keyId) {
        return new Rsa(privateKey, keyId);
    }

    /** RS256 with a key of the local key ring ({@code KeyRing.newestSigningKey()}, {@code KeyRing.signingKey(kid)}). */
    static SigningKey rsaSha256(RsaSigningKey key) {
        return new Rsa(key.privateKey(), key.kid().value());
    }

    record Hmac(SecretKey key) implements SigningKey {
        public Hmac {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String algorithm() {
            return "HS256";
        }

        @Override
        public String describe() {
            return "HS256 (app secret)";
        }

        @Override
        public String toString() {
            return "HS256 key «redacted»";
        }
    }

    record Rsa(PrivateKey key, String keyId) implements SigningKey {
        public Rsa {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(keyId, "keyId");
            if (!"RSA".equals(key.getAlgorithm())) {
                throw new IllegalArgumentException("RS256 needs an RSA private key, got " + key.getAlgorithm());
            }
        }

        @Override
        public String algorithm() {
            return "RS256";
        }

        @Override
        public String describe() {
            return "RS256, kid " + keyId;
        }

        @Override
        public String toString() {
            return "RS256 key «redacted» (kid " + keyId + ")";
        }
    }
}
