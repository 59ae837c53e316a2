package dev.jitsideploy.cli;

import dev.jitsideploy.remote.StepTimings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;

/**
 * {@code -v}: one line per timed step on stderr, {@code timing HOST +AT_MS TOOK_MS STEP}, where AT is the time since
 * the JVM started (so the JVM's own start shows as the offset of the first line) and TOOK how long the step took.
 * Host "-" is the run as a whole; its last line carries the client's CPU time so far.
 */
final class StepTimingLog implements StepTimings {

    private final PrintStream err;
    private final Instant jvmStart;

    private StepTimingLog(PrintStream err) {
        this.err = err;
        this.jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    }

    /** The log for {@code -v}, else {@link StepTimings#NONE}. */
    static StepTimings of(CommandLine line, Session session) {
        return line.hasOption("verbose") ? new StepTimingLog(session.err()) : StepTimings.NONE;
    }

    @Override
    public void record(String host, String step, long nanos) {
        long at = Duration.between(jvmStart, Instant.now()).toMillis();
        String cpu = host.equals("-") ? ProcessHandle.current().info().totalCpuDuration()
                .map(d -> " (client JVM CPU so far " + d.toMillis() + " ms)").orElse("") : "";
        err.println(String.format(Locale.ROOT, "timing %s +%d %.1f %s%s", host, at, nanos / 1e6, step, cpu));
    }
}
