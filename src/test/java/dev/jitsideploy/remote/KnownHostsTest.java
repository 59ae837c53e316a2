package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {

    private static PublicKey hostKey;
    private static PublicKey otherKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        hostKey = generator.generateKeyPair().getPublic();
        otherKey = generator.generateKeyPair().getPublic();
    }

    private static String line(String host, PublicKey key) {
        return host + " ssh-rsa " + Base64.getEncoder().encodeToString(
                new Buffer.PlainBuffer().putPublicKey(key).getCompactData()) + "\n";
    }

    @Test
    void aRunReadsTheFileOnceForAllItsConnections() throws Exception {
        Path file = Files.writeString(dir.resolve("known_hosts"), line("10.0.0.1", hostKey));
        KnownHosts run = new KnownHosts(HostKeyPolicy.STRICT);
        assertThat(run.check("first", file).verify("10.0.0.1", 22, hostKey)).isTrue();

        Files.writeString(file, "");   // changed under the run: the run keeps what it read at its first connection
        assertThat(run.check("second", file).verify("10.0.0.1", 22, hostKey)).isTrue();
        assertThat(new KnownHosts(HostKeyPolicy.STRICT).check("next run", file).verify("10.0.0.1", 22, hostKey))
                .as("a new run reads the file again").isFalse();
    }

    @Test
    void eachConnectionGetsItsOwnRefusal() throws Exception {
        Path file = Files.writeString(dir.resolve("known_hosts"), line("10.0.0.1", hostKey));
        KnownHosts run = new KnownHosts(HostKeyPolicy.STRICT);
        KnownHostsCheck changed = run.check("a", file);
        KnownHostsCheck fine = run.check("b", file);

        assertThat(changed.verify("10.0.0.1", 22, otherKey)).isFalse();
        assertThat(fine.verify("10.0.0.1", 22, hostKey)).isTrue();

        assertThat(changed.refusal())
                .hasValueSatisfying(why -> assertThat(why).startsWith("HOST KEY CHANGED: 10.0.0.1"));
        assertThat(fine.refusal()).isEmpty();
    }

    @Test
    void aKeyAcceptedAsNewIsRecordedOnceAndKnownToLaterConnections() throws Exception {
        Path file = Files.writeString(dir.resolve("known_hosts"), "");
        KnownHosts run = new KnownHosts(HostKeyPolicy.ACCEPT_NEW);

        assertThat(run.check("jump, for host 1", file).verify("10.0.0.9", 22, hostKey)).isTrue();
        assertThat(run.check("jump, for host 2", file).verify("10.0.0.9", 22, hostKey)).isTrue();
        KnownHostsCheck impostor = run.check("jump, for host 3", file);
        assertThat(impostor.verify("10.0.0.9", 22, otherKey)).as("a changed key, even under accept-new").isFalse();

        assertThat(Files.readAllLines(file)).hasSize(1).allSatisfy(recorded ->
                assertThat(recorded).startsWith("10.0.0.9 ssh-rsa "));
        assertThat(impostor.refusal()).hasValueSatisfying(why -> assertThat(why).contains("HOST KEY CHANGED"));
    }
}
