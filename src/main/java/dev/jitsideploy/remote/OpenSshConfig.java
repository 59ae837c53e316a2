package dev.jitsideploy.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's OpenSSH client configuration, as the real {@code ssh} applies it to a host name: {@code ssh -G NAME}
 * prints every setting after Host/Match blocks, includes and tokens are evaluated, so nothing here parses
 * ssh_config. {@code ssh -G} also prints OpenSSH's built-in defaults (the local user, port 22, ~/.ssh/id_*), which
 * must not override the tool's own; they are told apart by asking the same with an empty configuration
 * ({@code -F /dev/null}) once and keeping only the values that differ.
 */
public final class OpenSshConfig {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String BASELINE_NAME = "baseline.invalid";

    private final String ssh;
    private final Path configFile;
    private final Path home;
    private final Map<String, OpenSshHost> resolved = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> baseline;

    /**
     * @param ssh        the ssh command (normally "ssh" from PATH)
     * @param configFile the file to read ({@code ssh -F}); null for OpenSSH's own (~/.ssh/config, then
     *                   /etc/ssh/ssh_config)
     * @param home       the home directory that {@code ~} in paths stands for
     */
    public OpenSshConfig(String ssh, Path configFile, Path home) {
        this.ssh = ssh;
        this.configFile = configFile;
        this.home = home;
    }

    /** The OpenSSH config could not be read or does not answer as expected; the message says why and is one line. */
    public static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    /** The settings the configuration gives {@code name}; OpenSSH's built-in defaults are left out (null/empty). */
    public OpenSshHost resolve(String name) throws ConfigException {
        OpenSshHost known = resolved.get(name);
        if (known != null) {
            return known;
        }
        OpenSshHost host = fromSettings(name, run(name, configFile));
        resolved.put(name, host);
        return host;
    }

    /**
     * Asks {@code ssh -G} about every one of {@code names} not asked yet, {@code parallelism} at a time, so that
     * {@link #resolve} finds them answered. A run resolves every host (and jump host) before it connects to any, and
     * each {@code ssh -G} is a process of some 10-20 ms: one after another, 10 hosts kept the run from its first
     * connection for 0.2 s, 1,000 hosts for half a minute. A name that fails here is left to {@link #resolve}, which
     * asks again and reports the problem. At most {@code parallelism} processes run at once, as each costs the JVM a
     * reaper thread that then idles for a minute.
     */
    public void prefetch(Collection<String> names, int parallelism) {
        List<String> wanted = names.stream().distinct().filter(name -> !resolved.containsKey(name)).toList();
        if (wanted.size() < 2 || parallelism < 2) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, wanted.size()), task -> {
            Thread thread = new Thread(task, "ssh-config-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            pool.invokeAll(wanted.stream().<Callable<Void>>map(name -> () -> {
                try {
                    resolve(name);
                } catch (ConfigException e) {
                    // resolve() asks again in the run's own order and reports it there.
                }
                return null;
            }).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    private OpenSshHost fromSettings(String name, Map<String, List<String>> settings) throws ConfigException {
        baseline();
        String hostName = first(settings, "hostname");
        return new OpenSshHost(hostName == null || hostName.equalsIgnoreCase(name) ? null : hostName,
                changed(settings, "user"), integer(changed(settings, "port")), identityFiles(settings),
                changed(settings, "proxyjump"), knownHostsFile(settings), changed(settings, "proxycommand"));
    }

    /** What {@code ssh -G} prints with an empty configuration: OpenSSH's built-in defaults, asked once. */
    private synchronized Map<String, List<String>> baseline() throws ConfigException {
        if (baseline == null) {
            baseline = run(BASELINE_NAME, Path.of("/dev/null"));
        }
        return baseline;
    }

    private String changed(Map<String, List<String>> settings, String key) {
        String value = first(settings, key);
        return value == null || value.equals(first(baseline, key)) ? null : value;
    }

    private static String first(Map<String, List<String>> settings, String key) {
        List<String> values = settings.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Integer integer(String value) {
        return value == null ? null : Integer.valueOf(value);
    }

    private List<Path> identityFiles(Map<String, List<String>> settings) {
        List<String> defaults = baseline.getOrDefault("identityfile", List.of());
        return settings.getOrDefault("identityfile", List.of()).stream().filter(file -> !defaults.contains(file))
                .map(this::expand).toList();
    }

    private Path knownHostsFile(Map<String, List<String>> settings) {
        String files = changed(settings, "userknownhostsfile");
        return files == null ? null : expand(files.split(" ")[0]);
    }

    private Path expand(String path) {
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }

    private Map<String, List<String>> run(String name, Path file) throws ConfigException {
        List<String> command = new ArrayList<>(List.of(ssh, "-G"));
        if (file != null) {
            command.addAll(List.of("-F", file.toString()));
        }
        command.addAll(List.of("--", name));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).start();
        } catch (IOException e) {
            throw new ConfigException("cannot run '" + ssh + " -G' to read the OpenSSH config (" + e.getMessage()
                    + "); install openssh-client");
        }
        try {
            // ssh -G prints a few kB: the pipe buffer holds it all until the process has ended.
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ConfigException("'" + String.join(" ", command) + "' did not finish within "
                        + TIMEOUT.toSeconds() + " s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String why = err.lines().filter(line -> !line.startsWith("Pseudo-terminal")).findFirst()
                        .orElse("exit status " + process.exitValue()).strip();
                throw new ConfigException("the OpenSSH config" + (file == null ? "" : " " + file)
                        + " cannot be read by '" + ssh + " -G': " + why);
            }
            Map<String, List<String>> settings = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    settings.computeIfAbsent(line.substring(0, space).toLowerCase(Locale.ROOT),
                            key -> new ArrayList<>()).add(line.substring(space + 1).strip());
                }
            }
            return settings;
        } catch (IOException e) {
            throw new ConfigException("cannot read what '" + ssh + " -G' printed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ConfigException("interrupted while reading the OpenSSH config");
        }
    }
}
