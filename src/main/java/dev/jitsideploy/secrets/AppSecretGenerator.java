package dev.jitsideploy.secrets;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes new HS256 app secrets: 256 bits from {@link SecureRandom}, written as base64url without padding (43
 * characters of {@code A-Z a-z 0-9 - _}), so the value passes {@link AppSecretRules} and Jitsi's installer, and needs
 * no quoting in shell, sed or any config format.
 */
public final class AppSecretGenerator {

    /** 32 bytes = 256 bits, the output size of SHA-256 and so the useful maximum strength of an HS256 key. */
    public static final int RANDOM_BYTES = 32;

    private final SecureRandom random;

    public AppSecretGenerator(SecureRandom random) {
        this.random = random;
    }

    /** A fresh secret; {@code source} says where it is meant to go (printed instead of the value). */
    public Secret generate(String source) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), source);
    }
}
