package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run never has more than {@link HandshakeSlots#PER_SERVER} handshakes in flight to one sshd, however many hosts
 * it connects at once: a server on this machine that accepts TCP and never answers (so every handshake lasts its
 * connect timeout) sees 6 of 12 simultaneous connects at first, and the other 6 only once those have given up. A
 * connection the server drops at once is tried again.
 */
class HandshakeSlotsTest {

    @TempDir
    Path dir;

    /** A server that closes every connection at once, before any greeting (sshd past MaxStartups), is tried 3 times. */
    @Test
    void aConnectionDroppedBeforeTheGreetingIsTriedThreeTimes() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        List<Long> accepts = new CopyOnWriteArrayList<>();
        try (ServerSocket dropping = serving(socket -> {
            accepts.add(System.nanoTime());
            socket.setSoLinger(true, 0);
            socket.close();
        })) {
            SshTarget target = target(dropping, knownHosts);

            assertThatThrownBy(() -> RemoteHost.connect(target, HostKeyPolicy.STRICT))
                    .isInstanceOf(RemoteException.class);

            assertThat(accepts).hasSize(HandshakeSlots.ATTEMPTS);
            // a pause of at least 100 ms before each new attempt
            assertThat((accepts.get(1) - accepts.get(0)) / 1_000_000).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void atMostSixHandshakesAtOnceToOneServer() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = serving(accepted::add)) {
            SshTarget target = target(silent, knownHosts);
            ExecutorService hosts = Executors.newFixedThreadPool(12);
            List<Future<?>> connects = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                connects.add(hosts.submit(() -> RemoteHost.connect(target, HostKeyPolicy.STRICT)));
            }
            Thread.sleep(1_000);
            assertThat(accepted).hasSize(HandshakeSlots.PER_SERVER);
            for (Future<?> connect : connects) {
                assertThatThrownBy(connect::get).hasCauseInstanceOf(RemoteException.class);
            }
            assertThat(accepted).hasSize(12);
            hosts.shutdown();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** What the server does with each connection it accepts (on its own thread). */
    private interface Accepted {
        void handle(Socket socket) throws Exception;
    }

    /** A TCP server on 127.0.0.1 (an ephemeral port) that hands every connection to {@code accepted}. */
    private static ServerSocket serving(Accepted accepted) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.handle(server.accept());
                }
            } catch (Exception e) {
                // the server socket closed: the test is over
            }
        });
        acceptor.start();
        return server;
    }

    /** A target on that server, with a 2 s connect timeout (no key is ever read: no handshake gets that far). */
    private SshTarget target(ServerSocket server, Path knownHosts) {
        return new SshTarget("test-server", "127.0.0.1", server.getLocalPort(), "root", dir.resolve("no_key"),
                knownHosts, false, Duration.ofSeconds(2));
    }
}
