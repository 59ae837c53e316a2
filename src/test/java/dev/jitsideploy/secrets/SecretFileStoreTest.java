package dev.jitsideploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Location;
import dev.jitsideploy.inventory.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileStoreTest {

    private static final String OLD = "old-secret-0123456789-0123456789-abcdef";

    @TempDir
    Path dir;

    private final SecretFileStore store = new SecretFileStore();
    private final AppSecretGenerator generator = new AppSecretGenerator(new SecureRandom());

    private Path secretFile(String value) throws Exception {
        Path file = dir.resolve("app_secret");
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void generatedSecretsAreStrongDistinctAndAcceptedByJitsisRules() {
        Set<String> seen = new HashSet<>();
        SecretRef ref = new SecretRef.File(dir.resolve("x"), new Location(dir.resolve("inv.yml"), 1, 1));
        for (int i = 0; i < 200; i++) {
            Secret secret = generator.generate("test");
            assertThat(secret.reveal()).matches("[A-Za-z0-9_-]{43}");
            assertThat(AppSecretRules.check(secret, ref)).isEmpty();
            assertThat(seen.add(secret.reveal())).isTrue();
        }
        assertThat(generator.generate("file x").toString()).doesNotContain(seen);
    }

    @Test
    void replaceWritesTheNewValueAtomicallyAndKeepsThePreviousOne() throws Exception {
        Path file = secretFile(OLD);
        Secret fresh = generator.generate("test");

        Path written = store.replace(new SecretRef.File(file, new Location(dir, 1, 1)), fresh);

        assertThat(written).isEqualTo(file.toRealPath());
        assertThat(Files.readString(file)).isEqualTo(fresh.reveal() + "\n");
        assertThat(Files.readString(SecretFileStore.backupOf(file))).isEqualTo(OLD + "\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(SecretFileStore.backupOf(file))).isEqualTo("rw-------");
        assertThat(names()).containsExactly("app_secret", "app_secret.previous");
        // What is written reads back as the same secret through the normal path.
        assertThat(new SecretResolver(Map.of()).resolve(new SecretRef.File(file, new Location(dir, 1, 1))))
                .isEqualTo(fresh);
    }

    @Test
    void aSecondRotationReplacesTheBackupWithTheValueItReplaced() throws Exception {
        Path file = secretFile(OLD);
        Secret first = generator.generate("test");
        Secret second = generator.generate("test");
        store.replace(file, first);
        store.replace(file, second);
        assertThat(Files.readString(file)).isEqualTo(second.reveal() + "\n");
        assertThat(Files.readString(SecretFileStore.backupOf(file))).isEqualTo(first.reveal() + "\n");
        assertThat(names()).containsExactly("app_secret", "app_secret.previous");
    }

    @Test
    void aNewFileIsCreatedOwnerOnlyWithoutBackupEvenUnderAPermissiveUmask() throws Exception {
        Path file = dir.resolve("out").resolve("new_secret");
        Files.createDirectories(file.getParent());
        Secret fresh = generator.generate("test");
        store.replace(file, fresh);
        assertThat(Files.readString(file)).isEqualTo(fresh.reveal() + "\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.exists(SecretFileStore.backupOf(file))).isFalse();
    }

    @Test
    void aGroupReadableFileIsReplacedByAnOwnerOnlyOne() throws Exception {
        Path file = secretFile(OLD);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        store.replace(file, generator.generate("test"));
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(SecretFileStore.backupOf(file))).isEqualTo("rw-------");
    }

    @Test
    void aSymlinkIsFollowedAndStaysALink() throws Exception {
        Path real = secretFile(OLD);
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, real.getFileName());
        Secret fresh = generator.generate("test");
        store.replace(link, fresh);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo(fresh.reveal() + "\n");
        assertThat(Files.readString(SecretFileStore.backupOf(real))).isEqualTo(OLD + "\n");
    }

    @Test
    void aStagedValueWaitsNextToTheFileUntilCommitted() throws Exception {
        Path file = secretFile(OLD);
        Secret fresh = generator.generate("test");
        Path pending = store.stage(file, fresh);
        assertThat(pending).isEqualTo(dir.resolve("app_secret.next").toRealPath());
        assertThat(Files.readString(pending)).isEqualTo(fresh.reveal() + "\n");
        assertThat(mode(pending)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(OLD + "\n");

        store.commit(file);
        assertThat(Files.readString(file)).isEqualTo(fresh.reveal() + "\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(SecretFileStore.backupOf(file))).isEqualTo(OLD + "\n");
        assertThat(names()).containsExactly("app_secret", "app_secret.previous");
    }

    @Test
    void aDiscardedValueLeavesTheFileAsItWas() throws Exception {
        Path file = secretFile(OLD);
        store.stage(file, generator.generate("test"));
        store.discard(file);
        assertThat(Files.readString(file)).isEqualTo(OLD + "\n");
        assertThat(names()).containsExactly("app_secret");
    }

    @Test
    void committingWithoutAStagedValueFailsAndLeavesTheFileAlone() throws Exception {
        Path file = secretFile(OLD);
        assertThatThrownBy(() -> store.commit(file)).hasMessageContaining("app_secret.next")
                .hasMessageNotContaining(OLD);
        assertThat(Files.readString(file)).isEqualTo(OLD + "\n");
    }

    @Test
    void anEnvironmentReferenceIsRefusedWithTheWayOut() {
        Secret fresh = generator.generate("test");
        SecretRef env = new SecretRef.Env("JITSI_APP_SECRET", new Location(dir.resolve("inv.yml"), 7, 17));
        assertThatThrownBy(() -> store.replace(env, fresh)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    InputProblem problem = e.problems().get(0);
                    assertThat(problem.line()).isEqualTo(7);
                    assertThat(problem.message()).contains("JITSI_APP_SECRET", "{file: PATH}", "--secret-out FILE")
                            .doesNotContain(fresh.reveal());
                });
    }

    @Test
    void aFailedWriteLeavesTheOldValueNoTempFilesAndNoSecretInTheMessage() throws Exception {
        Path file = secretFile(OLD);
        Secret fresh = generator.generate("test");
        // A non-empty directory where the backup goes: the rename onto it fails (also for root).
        Path blocker = SecretFileStore.backupOf(file);
        Files.createDirectories(blocker.resolve("keep"));

        assertThatThrownBy(() -> store.replace(file, fresh))
                .satisfies(e -> assertThat(e.getMessage() + " " + e).doesNotContain(fresh.reveal())
                        .doesNotContain(OLD));

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(OLD + "\n");
        assertThat(names()).containsExactly("app_secret", "app_secret.previous");
        assertThat(Files.isDirectory(blocker)).isTrue();
    }
}
