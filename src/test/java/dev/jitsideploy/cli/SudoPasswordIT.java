package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password sudo on a real sudo: the lab's last host ({@code lab up --sudo-password}) wants deploy's password. Without
 * it nothing is done on any host (exit 2, one line naming the host and both ways to give it); with
 * {@code ssh.sudo_password: {file:}} the main job applies, with the files' owners and modes as on a root run; the
 * password is never in any output nor on any process's command line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SudoPasswordIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(2).withSudoPassword();

    @TempDir
    Path work;

    @Test
    @Order(1)
    void withoutThePasswordNothingChangesOnAnyHostAndTheErrorNamesTheHostAndBothWays() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost passwordHost = lab.sudoPasswordHost().orElseThrow();
        assertThat(passwordHost).isEqualTo(lab.host(2));
        List<String> before = vhosts(lab);

        for (String verb : List.of("plan", "apply")) {
            CliRun run = cli(verb.equals("apply") ? new String[] {"apply", "-i", lab.inventory().toString(), "--yes"}
                    : new String[] {"plan", "-i", lab.inventory().toString()});
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.BAD_INPUT);
            List<String> errors = run.err().lines().filter(line -> !line.isBlank()).toList();
            assertThat(errors).as(run.all()).hasSize(1);
            assertThat(errors.get(0)).contains("lab.yml:").contains("lab2").contains("sudo wants a password")
                    .contains("--ask-become-pass").contains("ssh.sudo_password: {env: NAME} or {file: PATH}");
        }
        assertThat(vhosts(lab)).as("no host changed, not even lab1 whose sudo needs no password").isEqualTo(before);
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedUpFrontAndNeverShown() throws Exception {
        RunningLab lab = LAB.lab();
        String wrong = "not-the-password-" + System.nanoTime();
        Path inventory = LabInventoryCopy.withReplacements(lab, work, Map.of("    sudo: true\n",
                "    sudo: true\n    sudo_password: {env: LAB_SUDO_PASSWORD}\n"));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("LAB_SUDO_PASSWORD", wrong);
        List<String> before = vhosts(lab);

        CliRun apply = CliRun.run(work, environment, "apply", "-i", inventory.toString(), "--yes");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(apply.err()).contains("lab2").contains("sudo refused the password for user deploy")
                .contains("environment variable LAB_SUDO_PASSWORD");
        assertThat(apply.all()).doesNotContain(wrong);
        assertThat(vhosts(lab)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void withThePasswordFromAFileTheMainJobAppliesThroughSudoAndThePasswordIsNeverSeen() throws Exception {
        RunningLab lab = LAB.lab();
        String password = Files.readString(lab.sudoPasswordFile(), StandardCharsets.UTF_8).strip();
        assertThat(password).hasSizeGreaterThan(8);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.sudoPasswordFile())))
                .isEqualTo("rw-------");
        Path inventory = LabInventoryCopy.withReplacements(lab, work, Map.of("    sudo: true\n",
                "    sudo: true\n    sudo_password: {file: lab/sudo_password}\n"));
        assertThat(Files.readString(inventory)).contains("sudo_password: {file: /");

        List<String> commandLines = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> sampleCommandLines(running, commandLines), "ps sampler");
        sampler.start();
        CliRun apply;
        try {
            apply = CliRun.run(work, System.getenv(), "apply", "-i", inventory.toString(), "--yes");
        } finally {
            running.set(false);
            sampler.join();
        }

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).containsPattern("lab2 +: changed .*restarted=prosody,jicofo,videobridge")
                .contains("verify: passed (19/19 cases)");
        assertThat(apply.all()).doesNotContain(password);
        assertThat(commandLines).as("command lines seen during the run").hasSizeGreaterThan(100)
                .anyMatch(line -> line.contains("sudo -S -k"))
                .noneMatch(line -> line.contains(password));
        for (LabHost host : lab.hosts()) {
            String vhost = "/etc/prosody/conf.avail/" + host.domain() + ".cfg.lua";
            assertThat(lab.exec(host, "stat -c '%a %U %G' " + vhost).strip()).isEqualTo("640 root prosody");
            assertThat(lab.exec(host, "cat " + vhost)).contains("authentication = \"token\"");
        }
        assertThat(lab.exec(lab.host(2), "journalctl -q --no-pager -o cat _COMM=sudo 2>/dev/null || true"))
                .doesNotContain(password);
    }

    /** Every process's command line on this machine (the lab hosts' too), sampled until the run ends. */
    private static void sampleCommandLines(AtomicBoolean running, List<String> lines) {
        while (running.get()) {
            try {
                Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
                lines.addAll(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                ps.waitFor();
                Thread.sleep(20);
            } catch (IOException e) {
                lines.add("ps failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<String> vhosts(RunningLab lab) throws Exception {
        List<String> files = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            files.add(lab.exec(host, "cat /etc/prosody/conf.avail/" + host.domain() + ".cfg.lua"));
        }
        return files;
    }

    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }
}
