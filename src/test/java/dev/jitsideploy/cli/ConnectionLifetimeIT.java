package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabScript;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's SSH connection lives only while the command works on that host (issue 15.2): with --forks 1, never
 * more than one connection is open at a time, through the sudo check, plan, apply and its gate. Counted as SSHJ's
 * reader threads (one per open connection) of this JVM, sampled while the command runs in it.
 */
class ConnectionLifetimeIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    @TempDir
    Path work;

    @Test
    void planHoldsOneConnectionAtATimeWithOneFork() throws Exception {
        RunningLab lab = LAB.lab();
        PeakConnections peak = PeakConnections.during(() -> CliRun.run(work, System.getenv(), "plan", "-i",
                lab.inventory().toString(), "--forks", "1"));
        assertThat(peak.run().exitCode()).as(peak.run().all()).isIn(ExitCode.OK, ExitCode.CHANGES_PENDING);
        assertThat(peak.run().out()).containsPattern("lab1 +: ").containsPattern("lab2 +: ")
                .containsPattern("lab3 +: ");
        assertThat(peak.connections()).as("SSH connections open at once").isBetween(1, 1);
    }

    @Test
    void applyWithYesPlansAppliesAndGatesEachHostOnOneConnectionAtATime() throws Exception {
        RunningLab lab = LAB.lab();
        assertThat(lab.script().run(LabScript.Action.RESET, null, line -> { })).isZero();
        PeakConnections peak = PeakConnections.during(() -> CliRun.run(work, System.getenv(), "apply", "-i",
                lab.inventory().toString(), "--forks", "1", "--yes"));
        CliRun run = peak.run();
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.OK);
        // The plans are still shown (before the recap, in inventory order), and every host was gated.
        assertThat(run.out()).contains("changed /etc/prosody/conf.avail/lab1.jitsi.test.cfg.lua");
        assertThat(run.out().indexOf("lab1.jitsi.test.cfg.lua"))
                .isLessThan(run.out().indexOf("lab3.jitsi.test.cfg.lua"));
        assertThat(run.out()).containsPattern("lab1 +: changed").containsPattern("lab2 +: changed")
                .containsPattern("lab3 +: changed");
        assertThat(run.out()).doesNotContain("NOT verified");
        assertThat(peak.connections()).as("SSH connections open at once").isBetween(1, 1);
    }

    /** The most SSHJ reader threads alive at once while {@code command} ran, and what it returned. */
    private record PeakConnections(CliRun run, int connections) {

        static PeakConnections during(Supplier<CliRun> command) throws InterruptedException {
            AtomicInteger peak = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    int readers = (int) Thread.getAllStackTraces().keySet().stream()
                            .filter(thread -> thread.getName().startsWith("sshj-Reader")).count();
                    peak.accumulateAndGet(readers, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            try {
                return new PeakConnections(command.get(), peak.get());
            } finally {
                done.set(true);
                sampler.join();
            }
        }
    }
}
