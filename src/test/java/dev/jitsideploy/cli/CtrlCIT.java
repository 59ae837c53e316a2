package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a 3-host apply: SIGINT sent to the tool's own process (its pid, with a handler of its own installed,
 * not a signal inherited from a job), at 1 s and at 3 s. Afterwards every host is on its old or its new files, all
 * three services run, the output says which files each host is on, and a plain apply then converges.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CtrlCIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    @TempDir
    Path work;

    @Test
    @Order(1)
    void ctrlCAtOneSecond() throws Exception {
        interruptAt(Duration.ofSeconds(1));
    }

    @Test
    @Order(2)
    void ctrlCAtThreeSeconds() throws Exception {
        interruptAt(Duration.ofSeconds(3));
    }

    private void interruptAt(Duration after) throws Exception {
        RunningLab lab = LAB.lab();
        String marker = "ctrl-c-" + after.toSeconds() + "-" + System.nanoTime();
        // A vhost line of this run only: a host with it is on the new files, a host without it on the old ones.
        Path inventory = LabInventoryCopy.withVhostTemplate(lab, work, text -> text + "\n-- " + marker + "\n");
        Path output = work.resolve("apply.txt");
        long start = System.nanoTime();
        Process apply = ToolProcess.start(output, "apply", "-i", inventory.toString(), "--yes");
        // The JVM catches SIGINT from its start (for shutdown hooks), so SigCgt alone does not show that the tool's
        // own handler is there; its first output line does (the handler is installed before anything is printed).
        while ((!ToolProcess.catchesSigint(apply) || !Files.exists(output) || Files.size(output) == 0)
                && apply.isAlive()) {
            Thread.sleep(10);
        }
        long wait = after.toMillis() - Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        long sentAt = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(apply.isAlive()).as("the apply ended before Ctrl-C").isTrue();
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(apply.pid())).start().waitFor()).isZero();
        assertThat(apply.waitFor(240, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        System.out.printf("CtrlCIT: SIGINT to pid %d at %d ms, exit %d%n%s%n", apply.pid(), sentAt,
                apply.exitValue(), text);

        assertThat(apply.exitValue()).as(text).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(text).contains("interrupted: no new host is started")
                .contains("apply: interrupted (Ctrl-C): each host above says whether it is on its old or its new"
                        + " files");
        for (LabHost host : lab.hosts()) {
            String vhost = lab.exec(host, "cat /etc/prosody/conf.avail/" + host.domain() + ".cfg.lua");
            String recap = recapOf(text, host.name());
            if (vhost.contains(marker)) {
                assertThat(recap).as(host.name() + " is on the new files").containsAnyOf("on the NEW files",
                        "verify: passed");
            } else {
                assertThat(recap).as(host.name() + " is on the old files")
                        .containsAnyOf("this host is on its old files", "restored=yes");
            }
            for (String service : new String[] {"prosody", "jicofo", "jitsi-videobridge2"}) {
                assertThat(lab.isActive(host, service)).as(host.name() + " " + service + " is running").isTrue();
            }
        }
        CliRun converge = CliRun.run(work, System.getenv(), "apply", "-i", inventory.toString(), "--yes");
        assertThat(converge.exitCode()).as(converge.all()).isEqualTo(ExitCode.OK);
        CliRun plan = CliRun.run(work, System.getenv(), "plan", "-i", inventory.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.OK);
    }

    /** The host's recap line and the lines under it, up to the next host's line. */
    private static String recapOf(String text, String host) {
        int start = text.lastIndexOf("\n" + host + " ");
        assertThat(start).as("a recap line for " + host).isNotNegative();
        int end = text.indexOf("\nlab", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
