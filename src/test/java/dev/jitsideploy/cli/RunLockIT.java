package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-host run lock on a 3-host lab: a second apply while one runs fails fast naming the holder, the first
 * converges and plan is clean afterwards (with {@code jicofo_authentication: true}, whose jicofo.conf merge once
 * grew a blank line per run); a run killed with SIGKILL leaves no stale lock. The first apply runs in a JVM of its
 * own (bin/jitsi-deploy's command line), so the holder is another process, as it is for an operator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunLockIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    @TempDir
    Path work;

    private Path inventory(String marker) throws IOException {
        // A vhost that differs on every host, so each apply has files to write and services to restart.
        Path inventory = LabInventoryCopy.withVhostTemplate(LAB.lab(), work, text -> text + "\n-- " + marker + "\n");
        String text = Files.readString(inventory).replace("    allow_empty_token: false\n",
                "    allow_empty_token: false\n    jicofo_authentication: true\n");
        Files.writeString(inventory, text);
        return inventory;
    }

    private static Process start(Path inventory, Path output) throws IOException {
        return ToolProcess.start(output, "apply", "-i", inventory.toString(), "--yes");
    }

    /** Waits until every host's lock holder file names {@code pid}. */
    private static void awaitLocked(RunningLab lab, long pid, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            boolean all = true;
            for (LabHost host : lab.hosts()) {
                all &= lab.exec(host, "cat " + holder(host) + " 2>/dev/null || true").contains("pid=" + pid + "\n");
            }
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first apply never held every host's lock");
    }

    private static String holder(LabHost host) {
        return "/var/lib/jitsi-deploy/" + host.domain() + "/run.holder";
    }

    @Test
    @Order(1)
    void aSecondApplyFailsFastNamingTheHolderAndTheFirstConverges() throws Exception {
        RunningLab lab = LAB.lab();
        Path inventory = inventory("run-lock-" + System.nanoTime());
        Path firstOutput = work.resolve("first.txt");
        Process first = start(inventory, firstOutput);
        awaitLocked(lab, first.pid(), first);

        long start = System.nanoTime();
        CliRun second = CliRun.run(work, System.getenv(), "apply", "-i", inventory.toString(), "--yes");
        Duration secondTook = Duration.ofNanos(System.nanoTime() - start);
        // Fast = it did not wait for the holder: it was refused while the first apply still ran (no fixed time
        // limit, which a loaded machine would break).
        boolean firstStillRunning = first.isAlive();

        assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String firstText = Files.readString(firstOutput, StandardCharsets.UTF_8);
        assertThat(first.exitValue()).as(firstText).isEqualTo(ExitCode.OK);
        assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.HOST_FAILED);
        for (LabHost host : lab.hosts()) {
            assertThat(second.all()).contains(host.name() + ": run lock: another jitsi-deploy run holds this host ("
                    + host.domain() + "): user " + System.getProperty("user.name") + " on machine ")
                    .contains("(pid " + first.pid() + "), running 'apply' since ");
        }
        assertThat(firstStillRunning).as("the second apply waited for the first").isTrue();
        System.out.printf("RunLockIT: second apply refused in %d ms while pid %d applied%n%s%n",
                secondTook.toMillis(), first.pid(), second.all());

        CliRun plan = CliRun.run(work, System.getenv(), "plan", "-i", inventory.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.OK);
        for (LabHost host : lab.hosts()) {
            assertThat(lab.exec(host, "ls /var/lib/jitsi-deploy/" + host.domain())).doesNotContain("run.holder");
            assertThat(lab.exec(host, "cat /etc/jitsi/jicofo/jicofo.conf")).contains("login-url")
                    .doesNotContain("\n    \n");
        }
    }

    @Test
    @Order(2)
    void aRunKilledWithSigkillLeavesNoStaleLock() throws Exception {
        RunningLab lab = LAB.lab();
        Path inventory = inventory("run-lock-killed-" + System.nanoTime());
        Process doomed = start(inventory, work.resolve("doomed.txt"));
        awaitLocked(lab, doomed.pid(), doomed);
        doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        CliRun apply = CliRun.run(work, System.getenv(), "apply", "-i", inventory.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.all()).doesNotContain("run lock");
        CliRun plan = CliRun.run(work, System.getenv(), "plan", "-i", inventory.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.OK);
        List<String> leftovers = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            leftovers.add(lab.exec(host, "ls /var/lib/jitsi-deploy/" + host.domain()));
        }
        assertThat(leftovers).noneMatch(listing -> listing.contains("run.holder"));
    }
}
