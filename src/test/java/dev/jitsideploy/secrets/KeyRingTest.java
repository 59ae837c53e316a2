package dev.jitsideploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path root;

    private final SecureRandom random = new SecureRandom();

    private KeyDirectory keys() {
        return new KeyDirectory(root.resolve("keys"));
    }

    /** Parses a published file the way a key server client would: only the PEM text, nothing of ours. */
    private static PublicKey parsePublished(PublicKeyFile file) throws Exception {
        String body = file.text().replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    @Test
    void newKeyIsStoredWithOwnerOnlyPrivateKeyAndIsTheNewest() throws Exception {
        StoredKey made = keys().create(new KeyId("abc"), 2048, T0, random);

        Path dir = root.resolve("keys/abc");
        assertThat(made.directory()).isEqualTo(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(Files.readString(dir.resolve("private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Files.readString(dir.resolve("created"))).isEqualTo("2026-11-01T10:00:00Z\n");
        try (Stream<Path> entries = Files.list(root.resolve("keys"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("abc");
        }

        KeyRing ring = KeyRing.load(root.resolve("keys"));
        assertThat(ring.newest()).map(StoredKey::kid).contains(new KeyId("abc"));
        assertThat(ring.newest().get().created()).isEqualTo(T0);
        assertThat(ring.newestSigningKey().get().toString()).doesNotContain("BEGIN").contains("abc");
    }

    @Test
    void publishedFileNameIsTheLowercaseHexSha256OfTheKid() throws Exception {
        keys().create(new KeyId("abc"), 2048, T0, random);
        List<PublicKeyFile> files = KeyRing.load(root.resolve("keys")).publicKeyFiles();
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assertThat(files).extracting(PublicKeyFile::fileName)
                .containsExactly("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.pem");
        assertThat(files.get(0).text()).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
        assertThat(files.get(0).text().lines().filter(l -> !l.startsWith("-----")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void aTokenSignedWithTheNewestKeyVerifiesWithThePublishedPem() throws Exception {
        keys().create(new KeyId("meet-1"), 2048, T0, random);
        keys().create(new KeyId("meet-2"), 3072, T1, random);
        KeyRing ring = KeyRing.load(root.resolve("keys"));
        RsaSigningKey signer = ring.newestSigningKey().orElseThrow();
        assertThat(signer.kid()).isEqualTo(new KeyId("meet-2"));

        String token = Jwts.builder().header().type("JWT").keyId(signer.kid().value()).and().issuer("myapp")
                .subject("meet.example.com").claim("room", "*").signWith(signer.privateKey(), Jwts.SIG.RS256)
                .compact();

        PublicKeyFile published = ring.publicKeyFiles().stream()
                .filter(f -> f.fileName().equals(new KeyId("meet-2").sha256Hex() + ".pem")).findFirst().orElseThrow();
        PublicKey publicKey = parsePublished(published);
        assertThat(((RSAPublicKey) publicKey).getModulus().bitLength()).isEqualTo(3072);
        Jws<Claims> parsed = Jwts.parser().verifyWith(publicKey).build().parseSignedClaims(token);
        assertThat(parsed.getHeader().getKeyId()).isEqualTo("meet-2");
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo("RS256");
        assertThat(parsed.getPayload().getIssuer()).isEqualTo("myapp");

        // The older key's PEM does not verify it.
        PublicKey older = parsePublished(ring.publicKeyFiles().get(0));
        assertThatThrownBy(() -> Jwts.parser().verifyWith(older).build().parseSignedClaims(token))
                .isInstanceOf(io.jsonwebtoken.security.SignatureException.class);
    }

    @Test
    void newestIsTheLatestCreatedNotTheLatestKidOrFile() throws Exception {
        keys().create(new KeyId("zzz-old"), 2048, T0, random);
        keys().create(new KeyId("aaa-new"), 2048, T1, random);
        KeyRing ring = KeyRing.load(root.resolve("keys"));
        assertThat(ring.newest().get().kid().value()).isEqualTo("aaa-new");
        assertThat(ring.published()).extracting(k -> k.kid().value()).containsExactly("zzz-old", "aaa-new");
    }

    @Test
    void retireTakesTheKeyOutOfThePublishedSetAndKeepsItLocally() throws Exception {
        keys().create(new KeyId("old"), 2048, T0, random);
        keys().create(new KeyId("new"), 2048, T1, random);
        Instant later = Instant.parse("2026-11-21T10:00:00Z");

        StoredKey retired = keys().retire(new KeyId("old"), later);

        assertThat(retired.retired()).isEqualTo(later);
        assertThat(root.resolve("keys/old")).doesNotExist();
        assertThat(root.resolve("keys/retired/old/private.pem")).exists();
        KeyRing ring = KeyRing.load(root.resolve("keys"));
        assertThat(ring.published()).extracting(k -> k.kid().value()).containsExactly("new");
        assertThat(ring.publicKeyFiles()).extracting(PublicKeyFile::fileName)
                .containsExactly(new KeyId("new").publishedFileName());
        assertThat(ring.retired()).singleElement().satisfies(k -> {
            assertThat(k.kid().value()).isEqualTo("old");
            assertThat(k.created()).isEqualTo(T0);
            assertThat(k.retired()).isEqualTo(later);
        });
        assertThatThrownBy(() -> ring.signingKey(new KeyId("old"))).isInstanceOf(KeyRingException.class);
        assertThat(ring.signingKey(new KeyId("new")).kid().value()).isEqualTo("new");
    }

    @Test
    void kidsAreNeverReusedAndUnknownKidsCannotBeRetired() throws Exception {
        keys().create(new KeyId("k1"), 2048, T0, random);
        assertThatThrownBy(() -> keys().create(new KeyId("k1"), 2048, T1, random))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("already exists");
        keys().retire(new KeyId("k1"), T1);
        assertThatThrownBy(() -> keys().create(new KeyId("k1"), 2048, T1, random))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("was retired");
        assertThatThrownBy(() -> keys().retire(new KeyId("k1"), T1))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("already retired");
        assertThatThrownBy(() -> keys().retire(new KeyId("nope"), T1))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("no published key nope");
        assertThatThrownBy(() -> keys().create(new KeyId("k2"), 1024, T1, random))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("2048");
    }

    @Test
    void invalidKidsAreRefused() {
        for (String bad : List.of("", "retired", ".hidden", "-x", "a/b", "a b", "ü", "x".repeat(65), "../up")) {
            assertThat(KeyId.problem(bad)).as(bad).isPresent();
            assertThatThrownBy(() -> new KeyId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String good : List.of("a", "meet-2026.11_a", "0", "x".repeat(64))) {
            assertThat(KeyId.problem(good)).as(good).isEmpty();
        }
    }

    @Test
    void aMissingDirectoryIsAnEmptyRing() throws Exception {
        KeyRing ring = KeyRing.load(root.resolve("nothing-here"));
        assertThat(ring.newest()).isEmpty();
        assertThat(ring.newestSigningKey()).isEmpty();
        assertThat(ring.publicKeyFiles()).isEmpty();
    }

    @Test
    void brokenKeysAreReportedWithoutKeyMaterial() throws Exception {
        keys().create(new KeyId("k1"), 2048, T0, random);
        keys().create(new KeyId("k2"), 2048, T0, random);
        Path private1 = root.resolve("keys/k1/private.pem");
        String privatePem = Files.readString(private1);

        Files.setPosixFilePermissions(private1, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyRing.load(root.resolve("keys"))).isInstanceOf(KeyRingException.class)
                .hasMessageContaining("chmod 600");
        // Mode 0000 used to end in a raw IllegalArgumentException ("Collection is empty").
        Files.setPosixFilePermissions(private1, PosixFilePermissions.fromString("---------"));
        KeyRing.load(root.resolve("keys"));
        Files.setPosixFilePermissions(private1, PosixFilePermissions.fromString("rw-------"));

        byte[] public2 = Files.readAllBytes(root.resolve("keys/k2/public.pem"));
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(root.resolve("keys/k2/public.pem").toFile(),
                "rw")) {
            huge.setLength(3L << 30);
        }
        assertThatThrownBy(() -> KeyRing.load(root.resolve("keys"))).isInstanceOf(KeyRingException.class)
                .hasMessageContaining("is larger than the limit of 65536 bytes");
        Files.delete(root.resolve("keys/k2/public.pem"));
        Files.write(root.resolve("keys/k2/public.pem"), public2);

        Files.copy(root.resolve("keys/k2/public.pem"), root.resolve("keys/k1/public.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> KeyRing.load(root.resolve("keys"))).isInstanceOf(KeyRingException.class)
                .hasMessageContaining("does not belong").hasMessageNotContaining(privatePem.substring(40, 80));

        Files.writeString(private1, "garbage");
        assertThatThrownBy(() -> KeyRing.load(root.resolve("keys"))).isInstanceOf(KeyRingException.class)
                .hasMessageContaining("PKCS#8");
    }

    @Test
    void anInterruptedCreateLeavesNothingPublished() throws Exception {
        Files.createDirectories(root.resolve("keys/.new-k9-123"));
        Files.writeString(root.resolve("keys/.new-k9-123/private.pem"), "partial");
        assertThat(KeyRing.load(root.resolve("keys")).published()).isEmpty();
    }
}
