package dev.jitsideploy.secrets;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * The private key tokens are signed with and its kid (the token header's {@code kid}). For the token minter:
 * {@code SigningKey.rsaSha256(key.privateKey(), key.kid().value())}. {@link #toString()} shows the kid only.
 */
public record RsaSigningKey(KeyId kid, PrivateKey privateKey) {

    public RsaSigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "RS256 private key «redacted» (kid " + kid + ")";
    }
}
