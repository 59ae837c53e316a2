package dev.jitsideploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.remote.HostScript;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * host/restart-services.sh run here by the machine's sh, with real listening sockets of this JVM in this machine's
 * /proc/net/tcp and a stand-in {@code systemctl} on the PATH that answers from a file (this JVM as the unit's main
 * process, or another one) and logs its calls: what the wait decides, and how rarely it asks the service manager (the
 * lab ITs restart real units).
 */
class RestartServicesScriptTest {

    private static final HostScript SCRIPT = HostScript.named("restart-services");
    /** Polls of 20 ms, the service manager asked every 5 polls; the waits below are in centiseconds. */
    private static final String POLL = "0.02";
    private static final String EVERY = "5";

    @TempDir
    Path dir;

    private static final String ASKED = "show -p ActiveState,Result,MainPID -- prosody";
    /** This JVM, whose sockets the tests listen on, as the unit's main process. */
    private static final String MAIN_IS_THIS_JVM = "MainPID=" + ProcessHandle.current().pid() + "\n";

    @Test
    void theMainProcessListeningOnEveryPortAndAnActiveUnitAreReadyAfterOneQuestionToSystemd() throws Exception {
        try (ServerSocketChannel c2s = listening(); ServerSocketChannel http = listening()) {
            systemd("ActiveState=active\nResult=success\n" + MAIN_IS_THIS_JVM);
            assertThat(run("50", "prosody", "prosody", port(c2s) + "," + port(http))).isEqualTo("ready prosody\n");
            assertThat(calls()).containsExactly("restart -- prosody", ASKED);
        }
    }

    /** Prosody listening on its client port but not yet on its HTTP port (BOSH, WebSocket) is not ready. */
    @Test
    void onePortOfTwoIsNotReady() throws Exception {
        int closedPort;
        try (ServerSocketChannel socket = listening()) {
            closedPort = port(socket);
        }
        try (ServerSocketChannel c2s = listening()) {
            systemd("ActiveState=active\nResult=success\n" + MAIN_IS_THIS_JVM);
            assertThat(run("30", "prosody", "prosody", port(c2s) + "," + closedPort)).isEqualTo("notready prosody\n");
        }
    }

    /**
     * A socket on the port that another process holds (the old Prosody going away, another lab host's Prosody on the
     * same machine, anything else) is not this start of the unit listening.
     */
    @Test
    void aListenerThatIsNotTheUnitsMainProcessIsNotReady() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try (ServerSocketChannel socket = listening()) {
            systemd("ActiveState=active\nResult=success\nMainPID=" + other.pid() + "\n");
            assertThat(run("30", "prosody", "prosody", Integer.toString(port(socket))))
                    .isEqualTo("notready prosody\n");
        } finally {
            other.destroy();
        }
    }

    /**
     * sysv has no main process to ask: a listener on the host's address (here 127.0.0.1) or on all addresses counts,
     * and one on another address does not.
     */
    @Test
    void underSysvTheListenerMustBeOnTheHostsAddress() throws Exception {
        sysvService();
        try (ServerSocketChannel own = listening("127.0.0.1"); ServerSocketChannel other = listening("127.0.0.2")) {
            assertThat(runUnder("sysv", "30", "prosody", "prosody", Integer.toString(port(own))))
                    .isEqualTo("ready prosody\n");
            assertThat(runUnder("sysv", "30", "prosody", "prosody", Integer.toString(port(other))))
                    .isEqualTo("notready prosody\n");
        }
    }

    @Test
    void aFailedUnitEndsTheWaitAtOnceWithSystemdsResult() throws Exception {
        systemd("Result=exit-code\nActiveState=failed\n");
        long start = System.nanoTime();
        assertThat(run("500", "prosody", "prosody", "1")).isEqualTo("unitfailed prosody exit-code\n");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(calls()).hasSize(2);
    }

    @Test
    void aPortThatNeverListensIsNotReadyAfterTheWaitAndSystemdIsAskedOnlyEveryFewPolls() throws Exception {
        int closedPort;
        try (ServerSocketChannel socket = listening()) {
            closedPort = port(socket);
        }
        systemd("ActiveState=active\nResult=success\n");
        assertThat(run("50", "prosody", "prosody", Integer.toString(closedPort), "jicofo", "jicofo", "-"))
                .isEqualTo("notready prosody\n");
        // every poll but the last sleeps; systemd is asked at polls 0, 5, 10, ...; "stop": jicofo is not touched
        List<String> calls = calls();
        long polls = calls.stream().filter(call -> call.startsWith("sleep ")).count() + 1;
        assertThat(polls).isGreaterThan(5);
        assertThat(calls.get(0)).isEqualTo("restart -- prosody");
        assertThat(calls.stream().filter(call -> call.startsWith("show ")).toList())
                .hasSize((int) ((polls + 4) / 5)).containsOnly(ASKED);
        assertThat(calls).noneMatch(call -> call.contains("jicofo"));
    }

    /** Polls that take far longer than asked (a loaded host) do not stretch the wait: it ends by the clock. */
    @Test
    void theWaitEndsByTheClockHoweverSlowThePolls() throws Exception {
        systemd("ActiveState=activating\nResult=success\n");
        Files.writeString(dir.resolve("bin/sleep"), "#!/bin/sh\necho \"sleep $*\" >>'" + dir.resolve("calls")
                + "'\nexec /bin/sleep 0.3\n");
        long start = System.nanoTime();
        assertThat(run("100", "jicofo", "jicofo", "-")).isEqualTo("notready jicofo\n");
        // 1 s of wait: some 4 polls of 0.3 s, not the 50 polls of 20 ms it would be by count (15 s)
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 8_000L);
    }

    @Test
    void aServiceWithoutAPortIsReadyWhenActive() throws Exception {
        systemd("ActiveState=reloading\nResult=success\n");
        assertThat(run("20", "jicofo", "jicofo", "-")).isEqualTo("ready jicofo\n");
        assertThat(calls()).hasSize(2);
    }

    /** An IPv4 socket (in /proc/net/tcp, as Prosody's) listening on 127.0.0.1, the "host's address". */
    private static ServerSocketChannel listening() throws Exception {
        return listening("127.0.0.1");
    }

    private static ServerSocketChannel listening(String address) throws Exception {
        return ServerSocketChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(address, 0));
    }

    private static int port(ServerSocketChannel socket) throws Exception {
        return ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    /**
     * The stand-in systemctl: logs its arguments, answers {@code show} with {@code answer}; and a sleep that logs
     * itself (the polls) and then sleeps.
     */
    private void systemd(String answer) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("answer"), answer);
        Path systemctl = Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n"
                + "echo \"$*\" >>'" + dir.resolve("calls") + "'\n"
                + "if [ \"$1\" = show ]; then cat '" + dir.resolve("answer") + "'; fi\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sleep = Files.writeString(bin.resolve("sleep"), "#!/bin/sh\necho \"sleep $*\" >>'"
                + dir.resolve("calls") + "'\nexec /bin/sleep \"$@\"\n");
        Files.setPosixFilePermissions(sleep, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A stand-in {@code service} (sysv) whose restart and status succeed. */
    private void sysvService() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path service = Files.writeString(bin.resolve("service"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(service, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The stand-ins' calls, in order. */
    private List<String> calls() throws Exception {
        return Files.readAllLines(dir.resolve("calls"));
    }

    private String run(String waitCentiseconds, String... services) throws Exception {
        return runUnder("systemd", waitCentiseconds, services);
    }

    /** Runs the script as on a host whose address is 127.0.0.1. */
    private String runUnder(String manager, String waitCentiseconds, String... services) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(manager, "10", waitCentiseconds, POLL, EVERY, "stop",
                "0100007F", ""));
        arguments.addAll(List.of(services));
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", SCRIPT.command(arguments)).directory(dir.toFile());
        builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return out;
    }
}
