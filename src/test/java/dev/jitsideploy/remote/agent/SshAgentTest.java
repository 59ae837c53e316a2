package dev.jitsideploy.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.signature.SignatureRSA;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent client against a real OpenSSH ssh-agent on a socket in a temp directory (no lab needed). */
class SshAgentTest {

    @TempDir
    Path dir;
    private Process agentProcess;
    private Path socket;

    @BeforeEach
    void startAgent() throws Exception {
        socket = dir.resolve("agent.sock");
        agentProcess = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(20);
        }
        assertThat(socket).exists();
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        agentProcess.destroy();
        agentProcess.waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void listsTheKeysAddedAndSignsWithEachSoThatTheSignatureVerifies() throws Exception {
        Path ed25519 = keygen("ed25519", "id_ed25519");
        Path rsa = keygen("rsa", "id_rsa");
        sshAdd(ed25519);
        sshAdd(rsa);
        SshAgent agent = new SshAgent(socket, Duration.ofSeconds(5));

        List<AgentIdentity> identities = agent.identities();

        assertThat(identities).extracting(AgentIdentity::comment).containsExactly("test-ed25519", "test-rsa");
        assertThat(KeyType.fromKey(identities.get(0).key())).isEqualTo(KeyType.ED25519);
        assertThat(KeyType.fromKey(identities.get(1).key())).isEqualTo(KeyType.RSA);
        byte[] data = "session id and userauth request".getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(new SignatureEdDSA.Factory().create(), "ssh-ed25519",
                identities.get(0), agent, data)).isTrue();
        assertThat(verifies(new SignatureRSA.FactoryRSASHA256().create(), "rsa-sha2-256",
                identities.get(1), agent, data)).isTrue();
        assertThat(verifies(new SignatureRSA.FactoryRSASHA512().create(), "rsa-sha2-512",
                identities.get(1), agent, data)).isTrue();
    }

    @Test
    void anEmptyAgentHasNoIdentities() throws Exception {
        assertThat(new SshAgent(socket, Duration.ofSeconds(5)).identities()).isEmpty();
    }

    @Test
    void aMissingSocketIsSaidToBeMissing() {
        Path gone = dir.resolve("no-such-agent.sock");
        assertThatThrownBy(() -> new SshAgent(gone, Duration.ofSeconds(5)).identities())
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.socketMissing()).isTrue())
                .hasMessage("the ssh-agent socket " + gone + " (SSH_AUTH_SOCK) does not exist");
    }

    @Test
    void anAgentThatStopsAnsweringFailsWithinTheTimeout() throws Exception {
        agentProcess.destroy();
        agentProcess.waitFor(5, TimeUnit.SECONDS);
        // A listener that accepts and never answers, on the same path.
        Files.deleteIfExists(socket);
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            assertThatThrownBy(() -> new SshAgent(socket, Duration.ofMillis(300)).identities())
                    .isInstanceOf(AgentException.class).hasMessageContaining("did not answer 'list keys' within 0.3 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static boolean verifies(Signature verifier, String algorithm, AgentIdentity identity, SshAgent agent,
                                    byte[] data) throws Exception {
        Buffer.PlainBuffer blob = new Buffer.PlainBuffer(agent.sign(identity, data, algorithm));
        assertThat(blob.readString()).isEqualTo(algorithm);
        PublicKey key = identity.key();
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(new Buffer.PlainBuffer().putString(algorithm).putBytes(blob.readBytes())
                .getCompactData());
    }

    private Path keygen(String type, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test-" + type, "-f", key.toString());
        return key;
    }

    private void sshAdd(Path key) throws IOException, InterruptedException {
        ProcessBuilder add = new ProcessBuilder("ssh-add", "-q", key.toString());
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        assertThat(add.redirectErrorStream(true).start().waitFor()).isZero();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder(command).redirectErrorStream(true).start().waitFor()).isZero();
    }
}
