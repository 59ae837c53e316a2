package dev.jitsideploy.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Who holds a host's run lock, as the host stores it next to the lock so that a second run can say who it waits for.
 *
 * @param user    the local user that started the run
 * @param machine the machine it runs on
 * @param pid     its process id there
 * @param command the jitsi-deploy command ({@code apply}, {@code rotate}, {@code rollback})
 * @param since   when it took the lock (UTC, whole seconds)
 */
public record RunLockHolder(String user, String machine, long pid, String command, Instant since) {

    /** This process, running {@code command}, from now on. */
    public static RunLockHolder thisProcess(String command) {
        return new RunLockHolder(System.getProperty("user.name", "?"), machineName(), ProcessHandle.current().pid(),
                command, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The lines written to the host: {@code key=value}, one a line. */
    List<String> lines() {
        return List.of("user=" + user, "machine=" + machine, "pid=" + pid, "command=" + command, "since=" + since);
    }

    /**
     * "user U on machine M (pid P), running `C` since T", from what {@link #lines()} wrote; "?" for what is missing.
     */
    static String describe(List<String> lines) {
        return "user " + field(lines, "user") + " on machine " + field(lines, "machine") + " (pid "
                + field(lines, "pid") + "), running '" + field(lines, "command") + "' since " + field(lines, "since");
    }

    private static String field(List<String> lines, String key) {
        return lines.stream().filter(line -> line.startsWith(key + "=")).map(line -> line.substring(key.length() + 1))
                .map(RunLockHolder::printable).findFirst().orElse("?");
    }

    /** The host's text is shown to the user: control characters and length are cut. */
    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }

    /**
     * The kernel's host name (no DNS lookup, which could hang: every network step has a timeout, this one has none).
     */
    private static String machineName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "?");
        }
    }
}
