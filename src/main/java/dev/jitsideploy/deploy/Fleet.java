package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one job per host: up to {@code forks} hosts at a time, optionally in batches of {@code serial} hosts that
 * stop the rollout after a batch with a failure. One failing host never stops the others in its batch.
 */
public final class Fleet {

    private final int forks;
    private final int serial;
    private final Interruption interruption;

    /** @param serial hosts per batch; 0 = one batch with every host */
    public Fleet(int forks, int serial) {
        this(forks, serial, new Interruption());
    }

    /** As {@link #Fleet(int, int)}; after {@code interruption} is requested no host job starts any more. */
    public Fleet(int forks, int serial, Interruption interruption) {
        this.forks = forks;
        this.serial = serial;
        this.interruption = interruption;
    }

    public List<HostOutcome> run(List<HostConfig> hosts, Function<HostConfig, HostOutcome> job)
            throws InterruptedException {
        int batchSize = serial > 0 ? serial : Math.max(1, hosts.size());
        List<HostOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, hosts.size())));
        try {
            boolean stopped = false;
            for (int start = 0; start < hosts.size(); start += batchSize) {
                List<HostConfig> batch = hosts.subList(start, Math.min(hosts.size(), start + batchSize));
                if (stopped) {
                    for (HostConfig host : batch) {
                        outcomes.add(new HostOutcome(host.name(), HostOutcome.Status.SKIPPED, Optional.empty(),
                                List.of(), List.of(), false, Optional.of("skipped: an earlier batch failed"), 0));
                    }
                    continue;
                }
                List<Future<HostOutcome>> running = new ArrayList<>();
                for (HostConfig host : batch) {
                    // Checked when the job really starts: with fewer forks than hosts, later ones wait in the pool.
                    running.add(pool.submit(() -> interruption.requested() ? notStarted(host) : job.apply(host)));
                }
                for (int i = 0; i < running.size(); i++) {
                    HostOutcome outcome = outcomeOf(running.get(i), batch.get(i));
                    outcomes.add(outcome);
                    stopped |= serial > 0 && outcome.status() == HostOutcome.Status.FAILED;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    /** The outcome of a host whose work was not started because the run was interrupted (Ctrl-C). */
    public static HostOutcome notStarted(HostConfig host) {
        return new HostOutcome(host.name(), HostOutcome.Status.SKIPPED, Optional.empty(), List.of(), List.of(), false,
                Optional.of("not started: the run was interrupted (Ctrl-C); this host is on its old files"), 0);
    }

    private static HostOutcome outcomeOf(Future<HostOutcome> future, HostConfig host) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // A bug in a job must still give the host a verdict instead of taking the whole run down.
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false,
                    "internal error: " + e.getCause().getClass().getSimpleName(), 0);
        }
    }
}
