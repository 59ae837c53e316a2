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
 * Runs the lab's {@code lab.sh} (src/lab/ of the checkout, shipped in the jar and written out by {@link LabFiles}
 * under {@value #STATE}/scripts before it runs): the shell side of the lab (namespaces, mounts, daemons),
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

    /** lab.sh's own state directory (it keeps the hosts there); the written-out scripts go next to the hosts. */
    static final String STATE = "/var/lib/jitsi-deploy-lab";

    private final Path home;

    public LabScript(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * The checkout named by -Djitsideploy.home (set by the checkout's bin/jitsi-deploy), else the working directory
     * (an installed jitsi-deploy): {@code lab up} writes its inventory under {@code inventories/} there.
     */
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
        return run(action, hosts, List.of(), lines);
    }

    /**
     * {@link #run(Action, Integer, Consumer)} with lab.sh options for {@link Action#UP}, e.g. {@code --init sysv},
     * {@code --sudo-password} or {@code --bastion} (docs/lab.md).
     */
    public int run(Action action, Integer hosts, List<String> upOptions, Consumer<String> lines)
            throws IOException, InterruptedException {
        Path script = LabFiles.extract(Path.of(STATE, "scripts")).resolve("lab.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), action.word()));
        if (action == Action.UP) {
            command.add(Integer.toString(hosts == null ? DEFAULT_HOSTS : hosts));
            command.addAll(upOptions);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JITSIDEPLOY_HOME", home.toString());
        standInJars().ifPresent(jar -> {
            builder.environment().put("JITSIDEPLOY_JAR", jar.toString());
            Path libs = jar.resolveSibling("lib");
            builder.environment().put("JITSIDEPLOY_LIB", (Files.isDirectory(libs) ? libs : jar.getParent()).toString());
        });
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

    /**
     * The jar this class runs from, for the jicofo stand-in: the checkout's target/jitsi-deploy.jar (libraries in
     * target/lib) or an installed lib/jitsi-deploy.jar (libraries next to it). Empty when running from classes (the
     * tests), where lab.sh takes the checkout's target/ as before.
     */
    private static java.util.Optional<Path> standInJars() {
        try {
            Path source = Path.of(LabScript.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(source) ? java.util.Optional.of(source) : java.util.Optional.empty();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return java.util.Optional.empty();
        }
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
