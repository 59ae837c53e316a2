package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways operators connect (docs/ssh.md), each against the real lab: keys in a real ssh-agent, a
 * passphrase-protected key (reference, and a prompt in a pseudo-terminal), and a real bastion host whose namespace
 * alone resolves labK.internal, so a plan to lab2.internal succeeds only by really jumping.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshAccessIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    private static final String PASSPHRASE = "correct horse 42";

    @TempDir
    static Path work;
    private static RunningLab lab;
    private static LabHost lab2;

    @BeforeAll
    static void bastion() throws Exception {
        lab = LAB.lab();
        lab2 = lab.host(2);
        lab.startBastion();
    }

    @AfterAll
    static void noBastion() throws Exception {
        lab.stopBastion();
    }

    @Test
    void keysInTheSshAgentNeedNoIdentityFileAndAStoppedAgentSaysNoKeyWasOffered() throws Exception {
        Path inventory = inventory("agent", Map.of("    identity_file: lab/id_ed25519\n", ""));
        assertThat(Files.readString(inventory)).doesNotContain("identity_file");
        Path socket = work.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("agent.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", lab.identityFile().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertThat(add.start().waitFor()).isZero();

            CliRun withAgent = plan(inventory, Map.of("SSH_AUTH_SOCK", socket.toString()));
            assertThat(withAgent.exitCode()).as(withAgent.all()).isEqualTo(ExitCode.OK);
            assertThat(withAgent.out()).contains("lab1 : changed", "lab2 : changed", "lab3 : changed");
        } finally {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
        CliRun stopped = plan(inventory, Map.of("SSH_AUTH_SOCK", socket.toString()), "--limit", "lab1");
        assertThat(stopped.exitCode()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(stopped.all()).contains("lab1: log in as deploy at 127.0.0.2:22: no key was offered: the ssh-agent"
                + " socket " + socket + " (SSH_AUTH_SOCK) does not exist (the agent was stopped?); fix: start"
                + " ssh-agent and ssh-add your key");
        CliRun noAgent = plan(inventory, Map.of(), "--limit", "lab1");
        assertThat(noAgent.exitCode()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(noAgent.all()).contains("lab1: log in as deploy at 127.0.0.2:22: no key was offered:"
                + " SSH_AUTH_SOCK is not set (no ssh-agent)");
        assertNoStackTrace(stopped, noAgent);
    }

    @Test
    void aPassphraseKeyWorksWithItsReferenceAndAWrongOneStopsBeforeAnyHost() throws Exception {
        Path key = lockedKey();
        Path inventory = inventory("passphrase", Map.of("    identity_file: lab/id_ed25519\n", "    identity_file: "
                + key + "\n    identity_passphrase: {env: LAB_KEY_PASSPHRASE}\n"));
        CliRun right = plan(inventory, Map.of("LAB_KEY_PASSPHRASE", PASSPHRASE));
        assertThat(right.exitCode()).as(right.all()).isEqualTo(ExitCode.OK);
        assertThat(right.out()).contains("lab1 : changed", "lab2 : changed", "lab3 : changed");
        assertThat(right.all()).doesNotContain(PASSPHRASE);

        long lab1Log = connections(lab.sshdLog(lab.host(1)));
        CliRun wrong = plan(inventory, Map.of("LAB_KEY_PASSPHRASE", "not the passphrase"));
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(wrong.err()).contains("host 'lab1': wrong passphrase for key file " + key
                + " (from environment variable LAB_KEY_PASSPHRASE); fix:").doesNotContain("not the passphrase");
        assertThat(connections(lab.sshdLog(lab.host(1)))).as("no connection was made").isEqualTo(lab1Log);
        assertNoStackTrace(wrong);
    }

    @Test
    void aPassphraseIsAskedOnceOnAPseudoTerminal() throws Exception {
        Path key = lockedKey();
        Path inventory = inventory("prompt", Map.of("    identity_file: lab/id_ed25519\n", "    identity_file: "
                + key + "\n"));
        Path jitsiDeploy = lab.script().home().resolve("bin/jitsi-deploy");
        // script(1) gives the tool a real terminal: System.console() exists and reads the passphrase without echo.
        Process process = new ProcessBuilder("script", "-q", "-e", "-c", jitsiDeploy + " plan -i " + inventory,
                "/dev/null").redirectErrorStream(true).start();
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(seen);
            } catch (IOException e) {
                // the process ended; what was read is in seen
            }
        });
        reader.start();
        // Typed only once the prompt is there: the terminal echoes what is typed before echo is switched off.
        for (int i = 0; i < 1200 && !seen.toString(StandardCharsets.UTF_8).contains("Enter passphrase"); i++) {
            Thread.sleep(50);
        }
        try (OutputStream typing = process.getOutputStream()) {
            typing.write((PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        String output = seen.toString(StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.split("Enter passphrase for key " + key, -1)).as(output).hasSize(2);
        assertThat(output).contains("lab1 : changed", "lab2 : changed", "lab3 : changed").doesNotContain(PASSPHRASE);
    }

    @Test
    void aPlanToAnInternalNameSucceedsOnlyByJumpingThroughTheBastion() throws Exception {
        assertThat(Files.readString(Path.of("/etc/hosts"))).doesNotContain("lab2.internal");
        Path inventory = inventory("jump", Map.of("ssh: {address: 127.0.0.3}",
                "ssh: {address: lab2.internal, proxy_jump: \"jump@127.0.0.20:22\"}"));
        long jumps = count(lab.bastionLog(), "Accepted publickey for jump");

        CliRun run = plan(inventory, Map.of(), "--limit", "lab2");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("lab2 : changed");
        assertThat(count(lab.bastionLog(), "Accepted publickey for jump")).isEqualTo(jumps + 1);

        Path alias = inventory("alias", Map.of("ssh: {address: 127.0.0.3}", "ssh: {address: lab2, config_file: "
                + lab.script().clientDirectory().resolve("ssh_config") + "}"));
        CliRun viaAlias = plan(alias, Map.of(), "--limit", "lab2");
        assertThat(viaAlias.exitCode()).as(viaAlias.all()).isEqualTo(ExitCode.OK);
        assertThat(count(lab.bastionLog(), "Accepted publickey for jump")).isEqualTo(jumps + 2);
    }

    @Test
    void aChangedBastionKeyIsRefusedBeforeAnythingIsReadFromTheTarget() throws Exception {
        Path otherKey = work.resolve("other_host_key");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString())
                .start().waitFor()).isZero();
        Path knownHosts = work.resolve("known_hosts_changed");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(lab.knownHosts()).stream()
                .filter(line -> !line.startsWith("127.0.0.20 ")).toList());
        String[] other = Files.readString(otherKey.resolveSibling("other_host_key.pub")).split(" ");
        lines.add("127.0.0.20 " + other[0] + " " + other[1]);
        Files.write(knownHosts, lines);
        Path inventory = inventory("changed", Map.of("ssh: {address: 127.0.0.3}",
                "ssh: {address: lab2.internal, proxy_jump: \"jump@127.0.0.20:22\"}",
                "    known_hosts: lab/known_hosts\n", "    known_hosts: " + knownHosts + "\n"));
        long target = connections(lab.sshdLog(lab2));
        long jumps = count(lab.bastionLog(), "Accepted publickey for jump");

        CliRun run = plan(inventory, Map.of(), "--limit", "lab2");

        assertThat(run.exitCode()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(run.all()).contains("lab2: host key check of jump host jump@127.0.0.20:22: HOST KEY CHANGED:"
                + " 127.0.0.20 now presents");
        assertThat(count(lab.bastionLog(), "Accepted publickey for jump")).as("no login at the bastion")
                .isEqualTo(jumps);
        assertThat(connections(lab.sshdLog(lab2))).as("nothing reached lab2").isEqualTo(target);
        assertNoStackTrace(run);
    }

    @Test
    void aJumpHostThatIsDownAndAnUnknownAliasAreOneLineEachWithTheFix() throws Exception {
        Path down = inventory("down", Map.of("ssh: {address: 127.0.0.3}",
                "ssh: {address: lab2.internal, proxy_jump: \"jump@127.0.0.21\"}"));
        CliRun unreachable = plan(down, Map.of(), "--limit", "lab2");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(unreachable.all()).contains("lab2: connect to jump host jump@127.0.0.21:22: cannot reach"
                + " 127.0.0.21:22: connection refused (nothing listens there, or a firewall rejects it) (after ");

        Path unknown = inventory("unknown", Map.of("ssh: {address: 127.0.0.3}", "ssh: {address: lab22,"
                + " config_file: " + lab.script().clientDirectory().resolve("ssh_config") + "}"));
        CliRun alias = plan(unknown, Map.of(), "--limit", "lab2");
        assertThat(alias.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(alias.err()).contains("host 'lab2': 'lab22' is not an alias of the OpenSSH config");
        assertNoStackTrace(unreachable, alias);
    }

    /**
     * Thirty inventory hosts behind the one bastion, all connected at once (--forks 30): OpenSSH's sshd drops new
     * connections at random past 10 not yet logged in (MaxStartups 10:30:100), so the run keeps its handshakes to one
     * server at 6 at a time and tries a dropped one again ({@code HandshakeSlots}): every host is planned. Without
     * either, 18 of the 30 failed ("Connection reset").
     */
    @Test
    void thirtyHostsBehindOneBastionAtOnceAreAllPlanned() throws Exception {
        StringBuilder more = new StringBuilder("    hosts:\n");
        for (int copy = 1; copy <= 10; copy++) {
            for (LabHost host : lab.hosts()) {
                more.append("      ").append(host.name()).append("-a").append(copy).append(":\n")
                        .append("        ssh: {address: ").append(host.name()).append(".internal}\n")
                        .append("        domain: ").append(host.domain()).append("\n")
                        .append("        public_url: https://").append(host.domain()).append("/\n");
            }
        }
        String lab1 = "      lab1:\n";
        Path inventory = inventory("thirty", Map.of("    connect_timeout: 10s\n",
                "    connect_timeout: 10s\n    proxy_jump: \"jump@127.0.0.20:22\"\n", "    hosts:\n" + lab1,
                more + lab1));
        String limit = String.join(",", IntStream.rangeClosed(1, 10).boxed()
                .flatMap(copy -> lab.hosts().stream().map(host -> host.name() + "-a" + copy)).toList());

        CliRun run = plan(inventory, Map.of(), "--limit", limit, "--forks", "30");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.OK);
        assertThat(run.out().lines().filter(line -> line.matches("lab\\d-a\\d+ +: changed .*"))).hasSize(30);
    }

    /**
     * A host known only by a name its bastion resolves: the apply restarts Prosody there and waits for it by its own
     * sockets (the unit's main process listening on its client and HTTP ports), which needs nothing but the host's
     * view of itself; then the gate verifies it. Last: it changes lab2, which the plans above expect as the quick
     * install left it.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anApplyThroughTheBastionRestartsProsodyAndTheGatePasses() throws Exception {
        Path inventory = inventory("jump-apply", Map.of("ssh: {address: 127.0.0.3}",
                "ssh: {address: lab2.internal, proxy_jump: \"jump@127.0.0.20:22\"}"));
        String prosody = lab.prosodyPid(lab2);

        CliRun apply = cli("apply", inventory, Map.of(), "--yes", "--limit", "lab2");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).containsPattern("lab2 +: changed +files=\\d+ written=\\d+ restarted=prosody,jicofo,"
                + "videobridge ").containsPattern("verify: passed \\(\\d+/\\d+ cases\\)");
        assertThat(lab.prosodyPid(lab2)).isNotEqualTo(prosody);
    }

    private static CliRun plan(Path inventory, Map<String, String> environment, String... more) {
        return cli("plan", inventory, environment, more);
    }

    private static CliRun cli(String verb, Path inventory, Map<String, String> environment, String... more) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String[] args = new String[3 + more.length];
        args[0] = verb;
        args[1] = "-i";
        args[2] = inventory.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.run(work, env, args);
    }

    private static Path inventory(String name, Map<String, String> replacements) throws IOException {
        return LabInventoryCopy.withReplacements(lab, Files.createDirectories(work.resolve(name)), replacements);
    }

    private static Path lockedKey() throws Exception {
        Path key = work.resolve("locked_" + System.nanoTime());
        Files.copy(lab.identityFile(), key);
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-p", "-N", PASSPHRASE, "-f", key.toString())
                .redirectErrorStream(true).start().waitFor()).isZero();
        return key;
    }

    /**
     * Connections the host's sshd (LogLevel INFO) has seen: one that logged in, or one that ended before (logged
     * with "[preauth]"). Lines about a session ending come late, so counting all lines would race with them.
     */
    private static long connections(List<String> log) {
        return log.stream().filter(line -> line.contains("Accepted publickey") || line.contains("[preauth]")).count();
    }

    private static long count(Path log, String text) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
    }

    private static void assertNoStackTrace(CliRun... runs) {
        for (CliRun run : runs) {
            assertThat(run.all()).doesNotContain("\tat ").doesNotContain("Exception in");
        }
    }
}
