package dev.jitsideploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.plan.AuthSwitch;
import dev.jitsideploy.plan.Sha256;
import dev.jitsideploy.secrets.AuthFingerprint;
import dev.jitsideploy.secrets.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup scripts (host/backup-*.sh) run here with the machine's sh on real files, through the exact commands
 * apply and rollback send to a host.
 */
class BackupScriptsTest {

    private static final AuthSwitch ROTATED = new AuthSwitch(AuthFingerprint.of(new Secret("n".repeat(40), "t")),
            AuthFingerprint.of(new Secret("o".repeat(40), "t")));

    @TempDir
    Path dir;

    @Test
    void aPathEndingInABlankIsRestoredExactlyAndItsNeighbourIsLeftAlone() throws Exception {
        Path backups = dir.resolve("backups");
        Path stock = Files.writeString(dir.resolve("site.cfg"), "stock\n");
        Path managed = dir.resolve("site.cfg ");
        Path other = Files.writeString(dir.resolve("other.conf"), "old other\n");
        byte[] written = "managed\n".getBytes(StandardCharsets.UTF_8);
        byte[] otherWritten = "new other\n".getBytes(StandardCharsets.UTF_8);

        sh(Backups.save(backups.toString(), "20261130T100000Z", ROTATED, List.of(
                new Backups.Written(managed.toString(), Sha256.hex(written)),
                new Backups.Written(other.toString(), Sha256.hex(otherWritten)))));
        Files.write(managed, written);
        Files.write(other, otherWritten);

        Backups.Run run = Backups.parse(sh(Backups.describeLast(backups.toString())));
        assertThat(run.run()).isEqualTo("20261130T100000Z");
        assertThat(run.auth()).contains(ROTATED);
        assertThat(run.paths()).containsExactly(managed.toString(), other.toString());
        Backups.Restored restored = Backups.parseRestored(sh(Backups.restore(backups.toString(), run)));

        assertThat(restored.removed()).containsExactly(managed.toString());
        assertThat(restored.restored()).containsExactly(other.toString());
        assertThat(restored.kept()).isEmpty();
        assertThat(managed).doesNotExist();
        assertThat(stock).hasContent("stock");
        assertThat(other).hasContent("old other");
        assertThat(Files.readString(backups.resolve("20261130T100000Z/auth")))
                .isEqualTo("deployed " + ROTATED.deployed().text() + "\nreplaced " + ROTATED.replaced().text()
                        + "\n").doesNotContain("nnnn").doesNotContain("oooo");
    }

    @Test
    void aFileChangedSinceTheRunIsKeptAndReported() throws Exception {
        Path backups = dir.resolve("backups");
        Path created = dir.resolve("created.pem");
        Path replaced = Files.writeString(dir.resolve("replaced.lua"), "before\n");
        byte[] run1 = "run wrote this\n".getBytes(StandardCharsets.UTF_8);
        sh(Backups.save(backups.toString(), "20261130T100000Z", ROTATED, List.of(
                new Backups.Written(created.toString(), Sha256.hex(run1)),
                new Backups.Written(replaced.toString(), Sha256.hex(run1)))));
        Files.writeString(created, "someone else's file\n");
        Files.writeString(replaced, "edited by hand since\n");

        Backups.Run run = Backups.parse(sh(Backups.describeLast(backups.toString())));
        Backups.Restored restored = Backups.parseRestored(sh(Backups.restore(backups.toString(), run)));

        assertThat(restored.kept()).containsExactly(created.toString(), replaced.toString());
        assertThat(restored.changed()).isEmpty();
        assertThat(created).hasContent("someone else's file");
        assertThat(replaced).hasContent("edited by hand since");
    }

    @Test
    void aDeletedFileComesBackWithItsModeUnlessOneWasPutThereSince() throws Exception {
        Path backups = dir.resolve("backups");
        Path key = Files.writeString(dir.resolve("a.pem"), "public key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path other = Files.writeString(dir.resolve("b.pem"), "another\n");
        sh(Backups.save(backups.toString(), "20261130T100000Z", ROTATED, List.of(
                new Backups.Written(key.toString(), Backups.DELETED),
                new Backups.Written(other.toString(), Backups.DELETED))));
        Files.delete(key);
        Files.delete(other);
        Files.writeString(other, "re-created since\n");

        Backups.Restored restored = Backups.parseRestored(sh(Backups.restore(backups.toString(),
                Backups.parse(sh(Backups.describeLast(backups.toString()))))));

        assertThat(restored.restored()).containsExactly(key.toString());
        assertThat(restored.kept()).containsExactly(other.toString());
        assertThat(key).hasContent("public key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r--r--");
        assertThat(other).hasContent("re-created since");
    }

    @Test
    void pruningKeepsTheNewestRunsAndEverythingIsOwnerOnly() throws Exception {
        Path backups = dir.resolve("backups");
        Path file = Files.writeString(dir.resolve("vhost.lua"), "app_secret = \"x\"\n");
        for (int i = 1; i <= 8; i++) {
            sh(Backups.save(backups.toString(), "20261130T10000" + i + "Z", ROTATED, List.of(
                    new Backups.Written(file.toString(), Sha256.hex(new byte[0])))));
        }
        assertThat(runs(backups)).hasSize(8);

        String pruned = new String(sh(Backups.prune(backups.toString(), 5)), StandardCharsets.UTF_8);

        assertThat(pruned).isEqualTo("20261130T100001Z\n20261130T100002Z\n20261130T100003Z\n");
        assertThat(runs(backups)).containsExactly("20261130T100004Z", "20261130T100005Z", "20261130T100006Z",
                "20261130T100007Z", "20261130T100008Z");
        assertThat(mode(backups)).isEqualTo("rwx------");
        assertThat(mode(backups.resolve("20261130T100008Z"))).isEqualTo("rwx------");
        assertThat(mode(backups.resolve("20261130T100008Z/files"))).isEqualTo("rwx------");
        assertThat(mode(backups.resolve("20261130T100008Z/entries"))).isEqualTo("rw-------");
        assertThat(mode(backups.resolve("20261130T100008Z/auth"))).isEqualTo("rw-------");
        assertThat(sh(Backups.prune(backups.toString(), 5))).isEmpty();
    }

    private static List<String> runs(Path backups) throws IOException {
        try (Stream<Path> entries = Files.list(backups)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static byte[] sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        return out;
    }
}
