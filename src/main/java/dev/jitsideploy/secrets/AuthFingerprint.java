package dev.jitsideploy.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which token credentials a host runs with, without the credentials: what a run deployed and what it replaced are
 * kept with the run's backup, so that {@code rollback} knows whether it would put a host back on another secret or key
 * set than the inventory points at. One line of text on the host ({@link #text()}, parsed back by {@link #parse}).
 *
 * <ul>
 *   <li>HS256: {@code HS256 <16 hex>}, the start of HMAC-SHA256 keyed with the secret over a fixed label. Anyone who
 *       holds a token signed with the secret can already test guesses against it offline; this gives no more.</li>
 *   <li>RS256: {@code RS256 <id>,<id>...}, the published key files' ids (the first 16 hex digits of their names,
 *       {@code sha256hex(kid)}), which nginx serves publicly anyway.</li>
 *   <li>{@code none}: no token credentials (the host did not run token authentication, or its file is missing).</li>
 * </ul>
 *
 * @param algorithm {@code HS256}, {@code RS256} or {@code none}
 * @param ids       the secret's fingerprint (one) or the key files' ids (sorted), empty for none
 */
public record AuthFingerprint(String algorithm, List<String> ids) {

    private static final String NONE = "none";
    private static final byte[] LABEL = "jitsi-deploy app secret fingerprint".getBytes(StandardCharsets.US_ASCII);

    public AuthFingerprint {
        ids = ids.stream().sorted().distinct().toList();
    }

    public static AuthFingerprint none() {
        return new AuthFingerprint(NONE, List.of());
    }

    public static AuthFingerprint of(Secret secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new AuthFingerprint("HS256", List.of(HexFormat.of().formatHex(mac.doFinal(LABEL)).substring(0, 16)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** The key set of these published file names ({@code <sha256hex(kid)>.pem}). */
    public static AuthFingerprint ofKeyFiles(Collection<String> fileNames) {
        List<String> ids = new ArrayList<>();
        for (String name : fileNames) {
            String base = name.substring(name.lastIndexOf('/') + 1);
            ids.add(base.substring(0, Math.min(16, base.length())));
        }
        return new AuthFingerprint("RS256", ids);
    }

    /** The line written on the host; empty when it is not one this class wrote. */
    public static Optional<AuthFingerprint> parse(String text) {
        String[] parts = text.strip().split(" ", -1);
        if (parts.length == 1 && parts[0].equals(NONE)) {
            return Optional.of(none());
        }
        if (parts.length != 2 || !(parts[0].equals("HS256") || parts[0].equals("RS256"))
                || !parts[1].matches("[0-9a-f]{1,16}(,[0-9a-f]{1,16})*")) {
            return Optional.empty();
        }
        return Optional.of(new AuthFingerprint(parts[0], List.of(parts[1].split(","))));
    }

    public String text() {
        return ids.isEmpty() ? NONE : algorithm + " " + String.join(",", ids);
    }

    public boolean isNone() {
        return ids.isEmpty();
    }

    /**
     * Whether a host running this accepts the tokens of {@code signer} (the credentials the inventory points at: the
     * app secret, or the newest RS256 key alone): the same secret, or a key set that includes the signing key.
     */
    public boolean accepts(AuthFingerprint signer) {
        return algorithm.equals(signer.algorithm) && ids.containsAll(signer.ids) && !signer.isNone();
    }

    /** For messages: {@code app secret #3f2a...} or {@code RS256 keys 1a2b...,3c4d...} or {@code no token auth}. */
    @Override
    public String toString() {
        return isNone() ? "no token credentials" : algorithm.equals("HS256") ? "app secret #" + ids.get(0)
                : "RS256 key set " + String.join(",", ids);
    }
}
