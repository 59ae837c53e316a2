package dev.jitsideploy.secrets;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One RSA key pair in the local key directory, as {@code keys list} shows it (no key material).
 *
 * @param kid       its key id
 * @param created   when {@code keys new} made it
 * @param retired   when {@code keys retire} took it out of the published set, or null while it is published
 * @param directory its directory ({@code <keys_dir>/<kid>} or {@code <keys_dir>/retired/<kid>})
 */
public record StoredKey(KeyId kid, Instant created, Instant retired, Path directory) {

    public boolean isPublished() {
        return retired == null;
    }

    /** The file name Prosody fetches: {@code <sha256hex(kid)>.pem}. */
    public String publishedFileName() {
        return kid.publishedFileName();
    }
}
