package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection that fails says why and after how long, not "within" the timeout it never waited for. */
class ConnectFailureTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedConnectionSaysRefusedAndTheRealTime() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        SshTarget target = new SshTarget("h1", "127.0.0.1", closedPort, "root", dir.resolve("id"), knownHosts, false,
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> RemoteHost.connect(target, HostKeyPolicy.STRICT))
                .isInstanceOf(RemoteException.class)
                .hasMessageMatching("h1: connect: cannot reach 127\\.0\\.0\\.1:" + closedPort
                        + ": connection refused \\(nothing listens there, or a firewall rejects it\\)"
                        + " \\(after \\d+\\.\\d s\\); check that the host is up and ssh\\.address/ssh\\.port"
                        + " \\(or proxy_jump\\) are right")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("within"));
    }

    @Test
    void eachCauseIsNamed() {
        Duration timeout = Duration.ofSeconds(10);
        Duration quick = Duration.ofMillis(1200);
        assertThat(ConnectFailure.describe("a", 22, new IOException(new java.net.NoRouteToHostException("x")),
                quick, timeout)).isEqualTo("cannot reach a:22: no route to host (after 1.2 s)");
        assertThat(ConnectFailure.describe("nowhere.invalid", 22, new java.net.UnknownHostException("x"), quick,
                timeout)).isEqualTo("cannot reach nowhere.invalid:22: the name nowhere.invalid does not resolve"
                + " (DNS) (after 1.2 s)");
        assertThat(ConnectFailure.describe("a", 22, new java.net.SocketTimeoutException("x"), timeout, timeout))
                .isEqualTo("cannot reach a:22: no answer within 10.0 s (timed out)");
        assertThat(ConnectFailure.describe("a", 22, new IOException("Timeout expired"), timeout, timeout))
                .isEqualTo("cannot reach a:22: no answer within 10.0 s (timed out; IOException: Timeout expired)");
        assertThat(ConnectFailure.describe("a", 22, new IOException("reset"), quick, timeout))
                .isEqualTo("cannot reach a:22: IOException: reset (after 1.2 s)");
    }
}
