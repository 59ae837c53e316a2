package dev.jitsideploy.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code src/lab/lab.sh} of a jitsi-deploy checkout: the shell side of the lab (namespaces, mounts, daemons),
 * which is easier to read as the commands an operator would type than as Java. Lines the script prints go to the
 * caller's sink; this class prints nothing itself.
 */
public final class LabScript {

    /** What lab.sh can do; see docs/lab.md. */
    public enum Action {
        UP, DOWN, STATUS, RESET;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How many hosts {@code lab up} brings up when not told. */
    public static final int DEFAULT_HOSTS = 3;

    /** lab.sh status exits with this when no lab host is running. */
    public static final int NOT_RUNNING = 3;

    /** The first `up` on a fresh machine installs Debian packages, which can take minutes. */
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final Path home;

    public LabScript(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** The checkout named by -Djitsideploy.home (set by bin/jitsi-deploy), else the working directory. */
    public static LabScript ofThisCheckout() {
        return new LabScript(Path.of(System.getProperty("jitsideploy.home", System.getProperty("user.dir"))));
    }

    public Path home() {
        return home;
    }

    /** The inventory `lab up` writes. */
    public Path inventory() {
        return home.resolve("inventories/lab.yml");
    }

    /** Directory of the client-side files (key, known_hosts, CA, app secret). */
    public Path clientDirectory() {
        return home.resolve("inventories/lab");
    }

    /**
     * Runs one action and returns lab.sh's exit code. hosts is only used by {@link Action#UP}; null means the
     * script's default (3).
     */
    public int run(Action action, Integer hosts, Consumer<String> lines) throws IOException, InterruptedException {
        return run(action, hosts, false, lines);
    }

    /** As {@link #run(Action, Integer, Consumer)}; with {@code bastion}, {@code up} also starts the bastion host. */
    public int run(Action action, Integer hosts, boolean bastion, Consumer<String> lines)
            throws IOException, InterruptedException {
        Path script = home.resolve("src/lab/lab.sh");
        if (!Files.isRegularFile(script)) {
            throw new IOException("no lab script at " + script + "; is " + home + " a jitsi-deploy checkout?");
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), action.word()));
        if (action == Action.UP) {
            command.add(Integer.toString(hosts == null ? DEFAULT_HOSTS : hosts));
            if (bastion) {
                command.add("--bastion");
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JITSIDEPLOY_HOME", home.toString());
        // The hosts' jicofo stand-in runs on the same Java as this tool, wherever PATH points.
        ProcessHandle.current().info().command()
                .ifPresent(java -> builder.environment().put("JITSIDEPLOY_JAVA", java));
        Process process = builder.start();
        process.getOutputStream().close();
        Thread reader = new Thread(() -> copyLines(process, lines), "lab.sh output");
        reader.start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new IOException("lab " + action.word() + " did not finish within " + TIMEOUT.toMinutes() + " min");
        }
        reader.join();
        return process.exitValue();
    }

    private static void copyLines(Process process, Consumer<String> lines) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
