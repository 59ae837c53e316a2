package dev.jitsideploy.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code kid} of an RS256 key: the token header names it, and Prosody fetches the public key from
 * {@code <asap_key_server>/<lowercase hex sha256(kid)>.pem}. Jitsi itself accepts any string, but here the kid also
 * names a local directory, so it is limited to 1..64 characters of {@code A-Z a-z 0-9 . _ -}, starting with a letter
 * or digit, and not the reserved word {@value #RESERVED}. ASAP-style kids with a slash ({@code issuer/key}) are not
 * supported for that reason.
 */
public record KeyId(String value) {

    /** Name of the directory retired keys are moved to, so no key may have it. */
    public static final String RESERVED = "retired";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public KeyId {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** Why {@code kid} cannot be used, or empty when it can. */
    public static Optional<String> problem(String kid) {
        if (kid == null || !ALLOWED.matcher(kid).matches()) {
            return Optional.of("a kid is 1 to 64 characters of letters, digits, '.', '_' and '-', starting with a"
                    + " letter or digit (e.g. meet-2026-11)");
        }
        if (kid.equals(RESERVED)) {
            return Optional.of("'" + RESERVED + "' is reserved (it names the directory of retired keys); pick"
                    + " another kid");
        }
        return Optional.empty();
    }

    /** Lowercase hex SHA-256 of the kid's UTF-8 bytes, as Jitsi's token plugin computes it. */
    public String sha256Hex() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The name Prosody asks the key server for: {@code <sha256hex(kid)>.pem}. */
    public String publishedFileName() {
        return sha256Hex() + ".pem";
    }

    @Override
    public String toString() {
        return value;
    }
}
