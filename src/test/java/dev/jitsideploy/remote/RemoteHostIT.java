package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The remote layer against a real OpenSSH server of its own (127.0.0.210, a free port), started and stopped here. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteHostIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    static Path sshdDir;
    @TempDir
    Path work;

    private static PrivateSshd sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (sshd, chown)");
        sshd = PrivateSshd.start(sshdDir);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void runsACommandAndReturnsStatusAndBothStreams() throws Exception {
        try (RemoteHost host = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT)) {
            CommandResult result = host.run("echo out; echo err >&2; exit 3", LIMIT);
            assertThat(result.exitStatus()).isEqualTo(3);
            assertThat(result.stdoutText()).isEqualTo("out\n");
            assertThat(result.stderrText()).isEqualTo("err\n");
            assertThat(host.runPrivileged("id -u", LIMIT).stdoutText()).isEqualTo("0\n");
        }
    }

    @Test
    void fileRoundTripsByteExactWithOwnerAndMode() throws Exception {
        byte[] content = new byte[70_000];
        new SecureRandom().nextBytes(content);
        for (int i = 0; i < 256; i++) {
            content[i] = (byte) i;
        }
        String path = work.resolve("dir with 'quote'/secret.cfg.lua").toString();
        Files.createDirectories(work.resolve("dir with 'quote'"));
        try (RemoteHost host = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT)) {
            assertThat(host.read(path, LIMIT)).isEmpty();
            host.write(path, content, new OwnerAndMode("root", "daemon", 0640), LIMIT);
            RemoteFile back = host.read(path, LIMIT).orElseThrow();
            assertThat(back.content()).isEqualTo(content);
            assertThat(back.ownerAndMode()).isEqualTo(new OwnerAndMode("root", "daemon", 0640));
            String empty = work.resolve("empty").toString();
            host.write(empty, new byte[0], new OwnerAndMode("root", "root", 0600), LIMIT);
            String absent = work.resolve("absent").toString();
            var all = host.readAll(List.of(path, absent, empty, path), LIMIT);
            assertThat(all.get(path).orElseThrow()).isEqualTo(back);
            assertThat(all.get(absent)).isEmpty();
            assertThat(all.get(empty).orElseThrow().content()).isEmpty();
            Files.delete(Path.of(empty));

            host.write(path, "second".getBytes(StandardCharsets.UTF_8), new OwnerAndMode("daemon", "root", 0600),
                    LIMIT);
        }
        PosixFileAttributes onDisk = Files.readAttributes(Path.of(path), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(Files.readString(Path.of(path))).isEqualTo("second");
        assertThat(onDisk.owner().getName()).isEqualTo("daemon");
        assertThat(onDisk.group().getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(onDisk.permissions())).isEqualTo("rw-------");
        assertThat(names(Path.of(path).getParent())).containsExactly("secret.cfg.lua");
    }

    @Test
    void aWriteCutOffHalfWayLeavesTheOldFileAndTheNextWriteCleansUp() throws Exception {
        Path target = work.resolve("jicofo.conf");
        Files.writeString(target, "old contents\n");
        byte[] big = new byte[256 * 1024 * 1024];
        new SecureRandom().nextBytes(big);
        OwnerAndMode rootOnly = new OwnerAndMode("root", "root", 0600);

        RemoteHost host = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                host.write(target.toString(), big, rootOnly, LIMIT);
            } catch (RemoteException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitPartialTempFile(target);
        assertThat(sshd.dropConnections()).isPositive();
        Throwable failure = catchCause(write);
        assertThat(failure).isInstanceOf(RemoteException.class)
                .hasMessageStartingWith("devhost: write " + target);
        assertThat(Files.readString(target)).isEqualTo("old contents\n");
        host.close();

        try (RemoteHost again = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT)) {
            again.write(target.toString(), "new contents\n".getBytes(StandardCharsets.UTF_8), rootOnly, LIMIT);
        }
        assertThat(Files.readString(target)).isEqualTo("new contents\n");
        assertThat(names(work)).containsExactly("jicofo.conf");
    }

    /**
     * The keep-alive runs while a connection is open (the server's answers are traffic within the 30 s read timeout,
     * so a quiet command that outlasts it still gets its result) and ends with the connection. One thread keeps every
     * connection alive: SSHJ's own keep-alive is a thread per connection, which grew a run's threads with its hosts.
     */
    @Test
    void aQuietCommandOutlastsTheReadTimeoutAndOneThreadKeepsEveryConnectionAlive() throws Exception {
        awaitNoKeepAlives();   // earlier tests' connections: each watch ends at its next tick after the disconnect
        try (RemoteHost host = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT);
             RemoteHost other = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT)) {
            assertThat(SshKeepAlive.watched()).isEqualTo(2);
            assertThat(host.run("sleep 33; echo done", Duration.ofSeconds(60)).stdoutText()).isEqualTo("done\n");
            assertThat(other.run("echo still here", Duration.ofSeconds(10)).stdoutText())
                    .isEqualTo("still here\n");
            List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
            assertThat(names).noneMatch(name -> name.startsWith("sshj-KeepAlive"));
            assertThat(names).containsOnlyOnce("ssh-timer");
        }
        awaitNoKeepAlives();
    }

    /** Waits until no connection is kept alive: a watch ends at its first tick (5 s) after its disconnect. */
    private static void awaitNoKeepAlives() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (SshKeepAlive.watched() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(SshKeepAlive.watched()).as("connections kept alive after they closed").isZero();
    }

    @Test
    void aChangedHostKeyIsRefusedBeforeLoggingIn() throws Exception {
        Path otherKey = work.resolve("other");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).start()
                .waitFor();
        String[] other = Files.readString(work.resolve("other.pub")).split(" ");
        Path knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, "[" + PrivateSshd.ADDRESS + "]:" + sshd.port + " " + other[0] + " "
                + other[1] + "\n");
        long loginsBefore = sshd.acceptedLogins();

        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            assertThatThrownBy(() -> RemoteHost.connect(sshd.target(knownHosts, Duration.ofSeconds(5)), policy))
                    .isInstanceOf(HostKeyRejectedException.class)
                    .hasMessageStartingWith("devhost: host key check: HOST KEY CHANGED")
                    .hasMessageContaining("ssh-ed25519 " + sshd.hostKeyFingerprint())
                    .hasMessageContaining("ssh-keygen -R")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(sshd.acceptedLogins()).isEqualTo(loginsBefore);
        assertThat(Files.readString(knownHosts)).doesNotContain(sshd.hostKeyLine().split(" ")[1]);
    }

    /** OpenSSH's accept-new refuses a host it knows under another key type; so must every policy here. */
    @Test
    void aHostKnownUnderAnotherKeyTypeIsAChangedKeyUnderEveryPolicy(@TempDir Path rsaDir) throws Exception {
        try (PrivateSshd rsaOnly = PrivateSshd.start(rsaDir, "rsa", PrivateSshd.freePort())) {
            Path knownHosts = work.resolve("known_hosts");
            String[] ed25519 = sshd.hostKeyLine().split(" ");
            String known = "[" + PrivateSshd.ADDRESS + "]:" + rsaOnly.port + " " + ed25519[0] + " " + ed25519[1] + "\n";
            Files.writeString(knownHosts, known);
            for (HostKeyPolicy policy : HostKeyPolicy.values()) {
                assertThatThrownBy(() -> RemoteHost.connect(rsaOnly.target(knownHosts, Duration.ofSeconds(5)),
                        policy))
                        .isInstanceOf(HostKeyRejectedException.class)
                        .hasMessageStartingWith("devhost: host key check: HOST KEY CHANGED")
                        .hasMessageContaining("ssh-rsa " + rsaOnly.hostKeyFingerprint())
                        .hasMessageContaining("lists it with another key (ssh-ed25519)");
            }
            assertThat(rsaOnly.acceptedLogins()).isZero();
            assertThat(Files.readString(knownHosts)).isEqualTo(known);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedUnlessNewKeysAreAccepted() throws Exception {
        Path knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, "");
        long loginsBefore = sshd.acceptedLogins();
        assertThatThrownBy(() -> RemoteHost.connect(sshd.target(knownHosts, Duration.ofSeconds(5)),
                HostKeyPolicy.STRICT))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("unknown host key")
                .hasMessageContaining("ssh-ed25519 key " + sshd.hostKeyFingerprint())
                .hasMessageContaining("only if they match, add the line '[127.0.0.210]:" + sshd.port + " ssh-ed25519 "
                        + sshd.hostKeyLine().split(" ")[1] + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ssh-keyscan").doesNotContain("\n"));
        assertThat(sshd.acceptedLogins()).isEqualTo(loginsBefore);
        assertThat(Files.readString(knownHosts)).isEmpty();

        try (RemoteHost host = RemoteHost.connect(sshd.target(knownHosts, Duration.ofSeconds(5)),
                HostKeyPolicy.ACCEPT_NEW)) {
            assertThat(host.run("true", LIMIT).succeeded()).isTrue();
        }
        assertThat(Files.readString(knownHosts)).contains("[127.0.0.210]:" + sshd.port + " "
                + sshd.hostKeyLine().split(" ")[0] + " " + sshd.hostKeyLine().split(" ")[1]);
        try (RemoteHost host = RemoteHost.connect(sshd.target(knownHosts, Duration.ofSeconds(5)),
                HostKeyPolicy.STRICT)) {
            assertThat(host.run("true", LIMIT).succeeded()).isTrue();
        }
    }

    @Test
    void aCommandThatRunsTooLongTimesOutAndTheConnectionStaysUsable() throws Exception {
        // A sleep this test alone runs: other sleeps on the machine (tests, jobs) must not count.
        String marker = "30." + (100000 + new SecureRandom().nextInt(900000));
        try (RemoteHost host = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> host.run("sleep " + marker, Duration.ofSeconds(2)))
                    .isInstanceOf(RemoteTimeoutException.class)
                    .hasMessage("devhost: run command: no result within 2.0 s");
            // Well short of the 30 s sleep, with room for a loaded machine (a 4 s bound failed at 5.5 s under load).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(host.run("echo still here", LIMIT).stdoutText()).isEqualTo("still here\n");
            // The host-side limit killed the whole process group: no stray sleep is left on the host.
            String pattern = "sleep " + marker.replace(".", "[.]"); // [.] so pgrep does not find its own shell
            assertThat(host.run("pgrep -f '" + pattern + "'", LIMIT).exitStatus()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutOnConnect() throws Exception {
        // Any free port: a fixed one could be taken by something else on the machine.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName(PrivateSshd.ADDRESS))) {
            int port = silent.getLocalPort();
            SshTarget target = new SshTarget("silent", PrivateSshd.ADDRESS, port, "root", sshd.clientKey,
                    sshd.knownHosts, false, Duration.ofSeconds(2));
            long start = System.nanoTime();
            assertThatThrownBy(() -> RemoteHost.connect(target, HostKeyPolicy.STRICT))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageStartingWith("silent: connect: cannot reach 127.0.0.210:" + port
                            + ": no answer within 2.0 s"
                            + " (timed out");
            // Bounded, not waiting forever; generous, so a loaded machine does not fail it.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void makesAndReplacesASymlink() throws Exception {
        Path link = work.resolve("conf.d/meet.cfg.lua");
        Files.createDirectories(link.getParent());
        try (RemoteHost host = RemoteHost.connect(sshd.target(), HostKeyPolicy.STRICT)) {
            host.symlink("../conf.avail/old.cfg.lua", link.toString(), LIMIT);
            host.symlink("../conf.avail/meet.cfg.lua", link.toString(), LIMIT);
        }
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../conf.avail/meet.cfg.lua"));
        assertThat(names(link.getParent())).containsExactly("meet.cfg.lua");
    }

    private static void awaitPartialTempFile(Path target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(target.getParent())) {
                List<Path> temps = files.filter(p -> p.getFileName().toString().contains(".jitsi-deploy-")).toList();
                if (!temps.isEmpty() && Files.size(temps.get(0)) > 4 * 1024 * 1024) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the upload never got under way");
    }

    private static Throwable catchCause(CompletableFuture<Void> future) {
        try {
            future.join();
            throw new AssertionError("the write did not fail");
        } catch (java.util.concurrent.CompletionException e) {
            Throwable thrown = e.getCause();
            return thrown instanceof IllegalStateException && thrown.getCause() != null ? thrown.getCause() : thrown;
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
