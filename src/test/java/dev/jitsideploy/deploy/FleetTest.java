package dev.jitsideploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTest {

    @TempDir
    java.nio.file.Path dir;

    private List<HostConfig> hosts;

    @BeforeEach
    void fiveHosts() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("app_secret", InventoryWorld.SECRET, "rw-------");
        StringBuilder yaml = new StringBuilder("""
                defaults:
                  auth:
                    app_id: meet
                    app_secret: {file: app_secret}
                groups:
                  all:
                    hosts:
                """);
        for (int i = 1; i <= 5; i++) {
            yaml.append("      h").append(i).append(":\n        ssh: {address: 127.0.0.").append(20 + i)
                    .append("}\n        domain: h").append(i).append(".example.com\n        public_url: https://h")
                    .append(i).append(".example.com/\n");
        }
        hosts = new InventoryLoader().load(world.write("fleet.yml", yaml.toString())).hosts();
    }

    @Test
    void hostsRunInParallelUpToForksAndKeepInventoryOrder() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(5);
        List<HostOutcome> outcomes = new Fleet(5, 0).run(hosts, host -> {
            allStarted.countDown();
            try {
                // Only returns when all five run at once: proves they are in parallel.
                assertThat(allStarted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return outcome(host, host.name().equals("h2") ? HostOutcome.Status.FAILED : HostOutcome.Status.OK);
        });
        assertThat(outcomes).extracting(HostOutcome::host).containsExactly("h1", "h2", "h3", "h4", "h5");
        assertThat(outcomes).extracting(HostOutcome::status).containsExactly(HostOutcome.Status.OK,
                HostOutcome.Status.FAILED, HostOutcome.Status.OK, HostOutcome.Status.OK, HostOutcome.Status.OK);
    }

    @Test
    void forksLimitsHowManyRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        new Fleet(2, 0).run(hosts, host -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(Duration.ofMillis(100));
            running.decrementAndGet();
            return outcome(host, HostOutcome.Status.OK);
        });
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void serialBatchesStopAfterABatchWithAFailure() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        List<HostOutcome> outcomes = new Fleet(10, 2).run(hosts, host -> {
            ran.incrementAndGet();
            return outcome(host, host.name().equals("h3") ? HostOutcome.Status.FAILED : HostOutcome.Status.CHANGED);
        });
        assertThat(ran.get()).isEqualTo(4);
        assertThat(outcomes).extracting(HostOutcome::status).containsExactly(HostOutcome.Status.CHANGED,
                HostOutcome.Status.CHANGED, HostOutcome.Status.FAILED, HostOutcome.Status.CHANGED,
                HostOutcome.Status.SKIPPED);
    }

    @Test
    void aJobThatThrowsGivesItsHostAFailureAndTheOthersGoOn() throws Exception {
        List<HostOutcome> outcomes = new Fleet(3, 0).run(hosts, host -> {
            if (host.name().equals("h4")) {
                throw new IllegalStateException("bug");
            }
            return outcome(host, HostOutcome.Status.OK);
        });
        assertThat(outcomes.get(3).status()).isEqualTo(HostOutcome.Status.FAILED);
        assertThat(outcomes.get(3).error()).contains("internal error: IllegalStateException");
        assertThat(outcomes).filteredOn(o -> o.status() == HostOutcome.Status.OK).hasSize(4);
    }

    private static HostOutcome outcome(HostConfig host, HostOutcome.Status status) {
        return new HostOutcome(host.name(), status, Optional.empty(), List.of(), List.of(), false,
                status == HostOutcome.Status.FAILED ? Optional.of("failed") : Optional.empty(), 0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void afterCtrlCNoNewHostStartsAndTheHostInFlightFinishes() throws Exception {
        Interruption interruption = new Interruption();
        List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        // One fork: h1 runs, the others wait in the pool; Ctrl-C comes while h1 is in its step.
        List<HostOutcome> outcomes = new Fleet(1, 0, interruption).run(hosts, host -> {
            started.add(host.name());
            interruption.enter(host.name(), "writing files and restarting");
            assertThat(interruption.request()).isTrue();
            assertThat(interruption.request()).isFalse();
            assertThat(interruption.inFlight()).containsEntry(host.name(), "writing files and restarting");
            interruption.leave(host.name());
            return new HostOutcome(host.name(), HostOutcome.Status.CHANGED, java.util.Optional.empty(), List.of(),
                    List.of(), false, java.util.Optional.empty(), 1);
        });
        assertThat(started).containsExactly("h1");
        assertThat(outcomes).extracting(HostOutcome::status).containsExactly(HostOutcome.Status.CHANGED,
                HostOutcome.Status.SKIPPED, HostOutcome.Status.SKIPPED, HostOutcome.Status.SKIPPED,
                HostOutcome.Status.SKIPPED);
        assertThat(outcomes.get(1).error()).contains(
                "not started: the run was interrupted (Ctrl-C); this host is on its old files");
        assertThat(interruption.inFlight()).isEmpty();
    }

    @Test
    void theRunLockHolderIsDescribedFromWhatTheHostStored() {
        RunLockHolder holder = new RunLockHolder("ops", "ci-3", 4242, "apply",
                java.time.Instant.parse("2026-11-30T15:02:11Z"));
        assertThat(RunLockHolder.describe(holder.lines())).isEqualTo(
                "user ops on machine ci-3 (pid 4242), running 'apply' since 2026-11-30T15:02:11Z");
        assertThat(RunLockHolder.describe(List.of("user=\u001b[2Jx", "pid=1")))
                .isEqualTo("user ?[2Jx on machine ? (pid 1), running '?' since ?");
    }
}
