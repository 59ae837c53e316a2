package dev.jitsideploy.cli;

import dev.jitsideploy.remote.StepTimings;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Progress of apply, rollback and rotate: one line, with the time of day, when a host's long step (plan, apply,
 * restart, the verification gate, a rollback) starts and one when it ends; while any runs and nothing was printed for
 * {@value #QUIET_MILLIS} ms, one "still running" line names them. The check runs every {@value #TICK_MILLIS} ms, so
 * a run is never silent for more than about 2 s, even on a loaded machine. Plain lines, no spinner and no cursor
 * movement: the output reads the same in a terminal, a CI log or a file.
 */
final class ProgressLog implements StepTimings, AutoCloseable {

    static final long QUIET_MILLIS = 1500;
    static final long TICK_MILLIS = 100;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final PrintStream out;
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long lastLine = System.nanoTime();

    ProgressLog(PrintStream out) {
        this.out = out;
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void record(String host, String step, long nanos) {
        // Only milestones are shown; every round trip is -v's business.
    }

    @Override
    public void started(String host, String step) {
        running.put(host + " " + step, System.nanoTime());
        print(host + ": " + step + " ...");
    }

    @Override
    public void ended(String host, String step, long nanos, boolean completed) {
        running.remove(host + " " + step);
        print(host + ": " + step + (completed ? " done" : " FAILED") + String.format(Locale.ROOT, " (%.1f s)",
                nanos / 1e9));
    }

    private void tick() {
        long now = System.nanoTime();
        if (running.isEmpty() || TimeUnit.NANOSECONDS.toMillis(now - lastLine) < QUIET_MILLIS) {
            return;
        }
        print("still running: " + running.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + String.format(Locale.ROOT, " (%.1f s)", (now - entry.getValue()) / 1e9))
                .collect(Collectors.joining("; ")));
    }

    private synchronized void print(String line) {
        out.println(LocalTime.now().format(TIME) + " " + line);
        out.flush();
        lastLine = System.nanoTime();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
