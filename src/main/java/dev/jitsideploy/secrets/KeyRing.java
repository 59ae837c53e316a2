package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RS256 keys of one key directory as loaded at one moment: which are published, which is newest, and the files
 * the key server publishes. The one place that defines "newest": the published key with the latest creation time
 * (ties, which only a hand-edited {@code created} file can make, go to the greater kid). {@code token}, {@code verify}
 * and {@code rotate} sign with it.
 */
public final class KeyRing {

    private static final Comparator<StoredKey> AGE = Comparator.comparing(StoredKey::created)
            .thenComparing(key -> key.kid().value());

    private final Path directory;
    private final List<StoredKey> published;
    private final List<StoredKey> retired;
    private final Map<KeyId, PrivateKey> privateKeys;
    private final Map<KeyId, byte[]> publicPems;

    KeyRing(Path directory, List<StoredKey> published, List<StoredKey> retired, Map<KeyId, PrivateKey> privateKeys,
            Map<KeyId, byte[]> publicPems) {
        this.directory = directory;
        this.published = published.stream().sorted(AGE).toList();
        this.retired = retired.stream().sorted(AGE).toList();
        this.privateKeys = Map.copyOf(privateKeys);
        this.publicPems = new LinkedHashMap<>(publicPems);
    }

    /** Loads the key directory {@code directory} (see {@link KeyDirectory} for its layout and checks). */
    public static KeyRing load(Path directory) throws KeyRingException, IOException {
        return new KeyDirectory(directory).load();
    }

    /**
     * The key ring of a host's {@code auth.keys_dir}, for the steps that need its keys (publishing, signing).
     *
     * @throws InvalidInputException located at {@code auth.keys_dir} when the directory cannot be used
     */
    public static KeyRing forHost(HostConfig host) throws InvalidInputException {
        return HostCredentials.Rs256.of(host).ring();
    }

    public Path directory() {
        return directory;
    }

    /** Published keys, oldest first. */
    public List<StoredKey> published() {
        return published;
    }

    /** Retired keys, oldest first. */
    public List<StoredKey> retired() {
        return retired;
    }

    /** The key new tokens are signed with, or empty when no key is published. */
    public Optional<StoredKey> newest() {
        return published.isEmpty() ? Optional.empty() : Optional.of(published.get(published.size() - 1));
    }

    /** The newest key's private key and kid, or empty when no key is published. */
    public Optional<RsaSigningKey> newestSigningKey() {
        return newest().map(key -> new RsaSigningKey(key.kid(), privateKeys.get(key.kid())));
    }

    /**
     * A published key's private key, e.g. to prove during a rotation that tokens of the previous key are still
     * accepted.
     *
     * @throws KeyRingException when {@code kid} is not published
     */
    public RsaSigningKey signingKey(KeyId kid) throws KeyRingException {
        PrivateKey key = privateKeys.get(kid);
        if (key == null) {
            throw new KeyRingException("no published key " + kid + " in " + directory);
        }
        return new RsaSigningKey(kid, key);
    }

    /** One file per published key, {@code <sha256hex(kid)>.pem}, oldest key first. */
    public List<PublicKeyFile> publicKeyFiles() {
        return published.stream()
                .map(key -> new PublicKeyFile(key.kid(), key.publishedFileName(), publicPems.get(key.kid())))
                .toList();
    }
}
