package dev.jitsideploy.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away OpenSSH server on 127.0.0.210:2222 (the address the contract gives this stream), with its own host
 * key and an authorized client key, all inside one test directory. Started and stopped by the test that owns it.
 */
final class PrivateSshd implements AutoCloseable {

    static final String ADDRESS = "127.0.0.210";

    final int port;
    final Path dir;
    final Path hostKey;
    final Path clientKey;
    final Path knownHosts;
    final Path log;
    private final Process process;

    private PrivateSshd(Path dir, String hostKeyType, int port, Process process) {
        this.port = port;
        this.dir = dir;
        this.hostKey = dir.resolve("host_" + hostKeyType);
        this.clientKey = dir.resolve("client_ed25519");
        this.knownHosts = dir.resolve("known_hosts");
        this.log = dir.resolve("sshd.log");
        this.process = process;
    }

    static PrivateSshd start(Path dir) throws IOException, InterruptedException {
        return start(dir, "ed25519", freePort());
    }

    /**
     * A port nothing listens on now: a fixed one could be taken by something else on the machine (another checkout's
     * test run, a job), and the wait for the server would then find that one listening.
     */
    static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(ADDRESS))) {
            return probe.getLocalPort();
        }
    }

    /** A server whose only host key is of {@code hostKeyType} ({@code ed25519}, {@code rsa}), on {@code port}. */
    static PrivateSshd start(Path dir, String hostKeyType, int port) throws IOException, InterruptedException {
        keygen(dir.resolve("host_" + hostKeyType), hostKeyType);
        keygen(dir.resolve("client_ed25519"), "ed25519");
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        String hostPub = Files.readString(dir.resolve("host_" + hostKeyType + ".pub")).trim();
        String[] parts = hostPub.split(" ");
        Files.writeString(dir.resolve("known_hosts"), "[" + ADDRESS + "]:" + port + " " + parts[0] + " " + parts[1]
                + "\n");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress " + ADDRESS + ":" + port,
                "HostKey " + dir.resolve("host_" + hostKeyType),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "Subsystem sftp internal-sftp",
                "LogLevel INFO",
                ""));
        Files.createDirectories(Path.of("/run/sshd"));
        Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        PrivateSshd sshd = new PrivateSshd(dir, hostKeyType, port, process);
        sshd.awaitListening();
        return sshd;
    }

    SshTarget target(Path knownHostsFile, Duration connectTimeout) {
        return new SshTarget("devhost", ADDRESS, port, "root", clientKey, knownHostsFile, false, connectTimeout);
    }

    SshTarget target() {
        return target(knownHosts, Duration.ofSeconds(5));
    }

    String hostKeyLine() throws IOException {
        return Files.readString(hostKey.resolveSibling(hostKey.getFileName() + ".pub")).trim();
    }

    /** The host key's fingerprint as ssh-keygen prints it. */
    String hostKeyFingerprint() throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-l", "-f",
                hostKey.resolveSibling(hostKey.getFileName() + ".pub").toString())
                .redirectErrorStream(true).start();
        String out = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        keygen.waitFor();
        return out.split(" ")[1];
    }

    /** Kills the per-connection sshd processes (children of the listener), which drops every open connection. */
    int dropConnections() {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        return children.size();
    }

    long acceptedLogins() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("Accepted publickey")).count();
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ADDRESS, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("sshd did not listen on " + ADDRESS + ":" + port + " within 10 s");
    }

    private static void keygen(Path key, String type) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f",
                key.toString()).redirectErrorStream(true).start();
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws InterruptedException {
        dropConnections();
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
