package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.InputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local directory of RS256 key pairs ({@code auth.keys_dir}). Layout, one directory per key:
 * <pre>
 * keys/KID/private.pem          PKCS#8, mode 0600, never leaves this machine
 * keys/KID/public.pem           SubjectPublicKeyInfo, what the key server publishes
 * keys/KID/created              ISO-8601 instant
 * keys/retired/KID/...          a retired key (same files plus "retired"), no longer published
 * </pre>
 * A key directory appears and moves with one rename, so a crash never leaves a half-made or half-retired key where
 * it would be published.
 */
public final class KeyDirectory {

    public static final String PRIVATE_FILE = "private.pem";
    public static final String PUBLIC_FILE = "public.pem";
    public static final String CREATED_FILE = "created";
    public static final String RETIRED_FILE = "retired";
    /** RSA sizes {@code keys new} accepts; 2048 is the default (what Jitsi's ASAP examples use). */
    public static final List<Integer> KEY_SIZES = List.of(2048, 3072, 4096);

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path directory;

    public KeyDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path path() {
        return directory;
    }

    private Path retiredDirectory() {
        return directory.resolve(KeyId.RESERVED);
    }

    /**
     * Generates an RSA key pair of {@code bits} and stores it as {@code kid}, published from now on.
     *
     * @throws KeyRingException when the kid exists (published or retired: Prosody caches keys by kid, so a kid is
     *                          never reused) or the size is not one of {@link #KEY_SIZES}
     */
    public StoredKey create(KeyId kid, int bits, Instant now, SecureRandom random)
            throws KeyRingException, IOException {
        if (!KEY_SIZES.contains(bits)) {
            throw new KeyRingException("RSA key size " + bits + " is not offered; use one of " + KEY_SIZES);
        }
        Path target = directory.resolve(kid.value());
        if (Files.exists(target)) {
            throw new KeyRingException("key " + kid + " already exists in " + directory + "; pick a new kid (a kid"
                    + " is never reused: Prosody caches public keys by kid)");
        }
        if (Files.exists(retiredDirectory().resolve(kid.value()))) {
            throw new KeyRingException("key " + kid + " was retired (" + retiredDirectory().resolve(kid.value())
                    + "); pick a new kid (a kid is never reused: Prosody caches public keys by kid)");
        }
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, random);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime can generate RSA keys", e);
        }
        createPrivateDirectory(directory);
        Path staging = directory.resolve(".new-" + kid.value() + "-" + UUID.randomUUID());
        createPrivateDirectory(staging);
        try {
            AtomicFileWrite.write(staging.resolve(PRIVATE_FILE), Pem.encode(Pem.PRIVATE_LABEL,
                    pair.getPrivate().getEncoded()), AtomicFileWrite.OWNER_ONLY);
            AtomicFileWrite.write(staging.resolve(PUBLIC_FILE), Pem.encode(pair.getPublic()),
                    AtomicFileWrite.WORLD_READABLE);
            AtomicFileWrite.write(staging.resolve(CREATED_FILE), (now + "\n").getBytes(StandardCharsets.US_ASCII),
                    AtomicFileWrite.WORLD_READABLE);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFileWrite.syncDirectory(directory);
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> files = Files.list(staging)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(staging);
            }
        }
        return new StoredKey(kid, now, null, target);
    }

    /**
     * Takes {@code kid} out of the published set by moving it under {@code retired/}. The private key is kept there
     * (mode 0600) for the record; nothing signs with it any more.
     *
     * @throws KeyRingException when no published key has that kid
     */
    public StoredKey retire(KeyId kid, Instant now) throws KeyRingException, IOException {
        Path source = directory.resolve(kid.value());
        Path target = retiredDirectory().resolve(kid.value());
        if (!Files.isDirectory(source)) {
            if (Files.isDirectory(target)) {
                throw new KeyRingException("key " + kid + " is already retired (" + target + ")");
            }
            throw new KeyRingException("no published key " + kid + " in " + directory + "; run 'jitsi-deploy keys"
                    + " list' to see the kids");
        }
        StoredKey current = read(kid, source, false);
        AtomicFileWrite.write(source.resolve(RETIRED_FILE), (now + "\n").getBytes(StandardCharsets.US_ASCII),
                AtomicFileWrite.WORLD_READABLE);
        createPrivateDirectory(retiredDirectory());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFileWrite.syncDirectory(directory);
        AtomicFileWrite.syncDirectory(retiredDirectory());
        return new StoredKey(kid, current.created(), now, target);
    }

    /**
     * Reads every key. A directory that does not exist is an empty ring. Published keys are checked: each has all
     * its files, a private key readable by its owner only and a public key that belongs to it.
     */
    public KeyRing load() throws KeyRingException, IOException {
        if (!Files.exists(directory)) {
            return new KeyRing(directory, List.of(), List.of(), Map.of(), Map.of());
        }
        if (!Files.isDirectory(directory)) {
            throw new KeyRingException("key directory " + directory + " is not a directory");
        }
        List<StoredKey> published = new ArrayList<>();
        Map<KeyId, PrivateKey> privateKeys = new LinkedHashMap<>();
        Map<KeyId, PublicKey> publicKeys = new LinkedHashMap<>();
        for (Path entry : keyDirectories(directory)) {
            KeyId kid = kidOf(entry);
            published.add(read(kid, entry, false));
            KeyPair pair = readPair(kid, entry);
            privateKeys.put(kid, pair.getPrivate());
            publicKeys.put(kid, pair.getPublic());
        }
        List<StoredKey> retired = new ArrayList<>();
        if (Files.isDirectory(retiredDirectory())) {
            for (Path entry : keyDirectories(retiredDirectory())) {
                retired.add(read(kidOf(entry), entry, true));
            }
        }
        Map<KeyId, byte[]> pems = new LinkedHashMap<>();
        publicKeys.forEach((kid, key) -> pems.put(kid, Pem.encode(key)));
        return new KeyRing(directory, published, retired, privateKeys, pems);
    }

    private static List<Path> keyDirectories(Path parent) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            // Dot entries are staging directories of an interrupted 'keys new' (never published).
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals(KeyId.RESERVED))
                    .sorted().toList();
        }
    }

    private static KeyId kidOf(Path entry) throws KeyRingException {
        String name = entry.getFileName().toString();
        var problem = KeyId.problem(name);
        if (problem.isPresent()) {
            throw new KeyRingException("directory " + entry + " is not a key: " + problem.get()
                    + "; move it out of the key directory");
        }
        return new KeyId(name);
    }

    private static StoredKey read(KeyId kid, Path entry, boolean retired) throws KeyRingException, IOException {
        Instant created = instant(entry.resolve(CREATED_FILE));
        Instant retiredAt = retired ? instant(entry.resolve(RETIRED_FILE)) : null;
        return new StoredKey(kid, created, retiredAt, entry);
    }

    private static Instant instant(Path file) throws KeyRingException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new KeyRingException("key file " + file + " is missing; a key directory is made by 'jitsi-deploy"
                    + " keys new' (restore the file or remove the broken key directory)");
        }
        try {
            return Instant.parse(new String(bounded(file), StandardCharsets.US_ASCII).trim());
        } catch (DateTimeParseException e) {
            throw new KeyRingException("key file " + file + " does not hold an ISO-8601 instant such as"
                    + " 2026-11-23T09:45:00Z");
        }
    }

    private static KeyPair readPair(KeyId kid, Path entry) throws KeyRingException, IOException {
        Path privateFile = entry.resolve(PRIVATE_FILE);
        Path publicFile = entry.resolve(PUBLIC_FILE);
        for (Path file : List.of(privateFile, publicFile)) {
            if (!Files.isRegularFile(file)) {
                throw new KeyRingException("key file " + file + " is missing; restore it or remove the broken key"
                        + " directory");
            }
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(Files.getPosixFilePermissions(privateFile));
        open.retainAll(TOO_OPEN);
        if (!open.isEmpty()) {
            throw new KeyRingException("private key " + privateFile + " can be read or changed by group or others;"
                    + " run: chmod 600 " + privateFile);
        }
        PrivateKey privateKey;
        PublicKey publicKey;
        try {
            privateKey = Pem.rsaPrivateKey(bounded(privateFile));
        } catch (GeneralSecurityException e) {
            throw new KeyRingException("private key " + privateFile + " is not a PKCS#8 RSA key in PEM ('-----BEGIN"
                    + " PRIVATE KEY-----')");
        }
        try {
            publicKey = Pem.rsaPublicKey(bounded(publicFile));
        } catch (GeneralSecurityException e) {
            throw new KeyRingException("public key " + publicFile + " is not an RSA public key in PEM ('-----BEGIN"
                    + " PUBLIC KEY-----')");
        }
        if (!(privateKey instanceof RSAPrivateCrtKey crt && publicKey instanceof RSAPublicKey rsa
                && crt.getModulus().equals(rsa.getModulus())
                && crt.getPublicExponent().equals(rsa.getPublicExponent()))) {
            throw new KeyRingException("public key " + publicFile + " does not belong to the private key of " + kid
                    + "; tokens signed with it would be refused. Restore the right public.pem or make a new key");
        }
        return new KeyPair(publicKey, privateKey);
    }

    /** A key directory's file: a regular file of a few KiB at most (a FIFO or a huge file is refused). */
    private static byte[] bounded(Path file) throws KeyRingException {
        try {
            return InputFile.read(file, "key file", InputFile.SECRET_MAX_BYTES);
        } catch (InputFile.UnusableInputFile e) {
            throw new KeyRingException(e.getMessage());
        }
    }

    private static void createPrivateDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            Files.setPosixFilePermissions(path, OWNER_DIRECTORY);
        }
    }
}
