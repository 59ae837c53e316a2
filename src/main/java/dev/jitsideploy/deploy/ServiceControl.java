package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Restarts a service through the host's service manager and waits until it is ready: the service manager says it
 * runs and, for Prosody, it listens on its client port (jicofo and the bridges come in there) and on its HTTP port
 * (BOSH and WebSocket behind nginx: every browser, and the verification, come in there). A LISTEN socket in
 * /proc/net/tcp{,6} (needs no tool on the host) that belongs to the unit's main process under systemd, on the host's
 * address or on all addresses under sysv. The work is {@code host/restart-services.sh}.
 */
final class ServiceControl {

    /** Prosody's defaults, as Jitsi's installs leave them; {@code prosody.global_settings} may set others. */
    private static final long PROSODY_C2S_PORT = 5222;
    private static final long PROSODY_HTTP_PORT = 5280;
    /**
     * How often the ports are checked: short, since a restart's wait is wall time and the check is cheap (an ls of
     * the main process's fds and an awk over /proc/net/tcp, then a {@code sleep}). The service manager costs a process
     * of some 30 ms of CPU per question, so it is asked only every {@link #ASK_EVERY} polls (about once a second) and
     * when the ports start listening: a host waiting for Prosody must leave its CPU to Prosody (docs/deploy.md,
     * "Speed").
     */
    private static final String POLL_SECONDS = "0.2";
    private static final int ASK_EVERY = 5;
    /** The restarts and the waits: {@code host/restart-services.sh}. */
    private static final HostScript SCRIPT = HostScript.named("restart-services");

    private final RemoteHost remote;
    private final HostConfig host;
    private final Duration timeout;

    ServiceControl(RemoteHost remote, HostConfig host, Duration timeout) {
        this.remote = remote;
        this.host = host;
        this.timeout = timeout;
    }

    /** Which services were restarted and became ready, in order, and what went wrong with the others. */
    record Outcome(List<Restart> ready, List<String> problems) {
        Outcome {
            ready = List.copyOf(ready);
            problems = List.copyOf(problems);
        }

        boolean allReady() {
            return problems.isEmpty();
        }
    }

    /**
     * Restarts the services in order, each waited for until ready, in one command on the host (one round trip for all
     * of them). With {@code stopAtFailure} the first service that fails ends it (the later ones are not touched);
     * without, every service is tried. When every one is ready, {@code clearWhenAllReady} (a path, e.g. the
     * pending-restart marker) is removed in the same command. No service output comes back: it may leak.
     */
    Outcome restartAll(List<Restart> restarts, boolean stopAtFailure, Optional<String> clearWhenAllReady)
            throws RemoteException {
        // The restart's limit in seconds, the wait's in centiseconds (the host's clock: /proc/uptime).
        List<String> arguments = new ArrayList<>(List.of(host.serviceManager() == ServiceManager.SYSV ? "sysv"
                : "systemd", String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0),
                Long.toString(Math.max(1, timeout.toMillis() / 10)), POLL_SECONDS, Integer.toString(ASK_EVERY),
                stopAtFailure ? "stop" : "all", hostAddressHex(), clearWhenAllReady.orElse("")));
        for (Restart restart : restarts) {
            arguments.addAll(List.of(restart.key(), restart.serviceName(host.services()),
                    restart == Restart.PROSODY ? prosodyPorts(host) : "-"));
        }
        // The host's limit: every restart and every wait at most `timeout`, plus a little for the shell itself.
        Duration all = timeout.multipliedBy(2L * Math.max(1, restarts.size())).plusSeconds(5);
        String names = restarts.stream().map(r -> r.serviceName(host.services())).collect(Collectors.joining(", "));
        CommandResult answer = remote.timings().milestone(host.name(), "restart " + names,
                () -> remote.runPrivileged("restart " + restarts.stream().map(Restart::key)
                        .collect(Collectors.joining(", ")) + " and wait until ready", SCRIPT.command(arguments), all));
        List<Restart> readyOnes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : answer.stdoutText().lines().toList()) {
            String[] words = line.split(" ");
            Restart restart = restarts.stream().filter(r -> r.key().equals(words.length > 1 ? words[1] : ""))
                    .findFirst().orElse(null);
            if (restart == null) {
                continue;
            }
            if (words[0].equals("ready")) {
                readyOnes.add(restart);
            } else if (words[0].equals("notready")) {
                problems.add(restart.key() + " did not become ready within " + timeout.toSeconds() + " s");
            } else if (words[0].equals("unitfailed")) {
                problems.add(restart.key() + " restart failed (systemd: the unit failed after it was started"
                        + (words.length > 2 ? ", result " + words[2] : "") + "; systemctl status "
                        + restart.serviceName(host.services()) + " shows why)");
            } else if (words[0].equals("failed")) {
                problems.add(restart.key() + " restart failed (exit status " + (words.length > 2 ? words[2] : "?")
                        + ")");
            }
        }
        if (!answer.succeeded() && problems.isEmpty()) {
            problems.add("restarting failed (exit status " + answer.exitStatus() + ")");
        }
        return new Outcome(readyOnes, problems);
    }

    /**
     * The ports Prosody listens on once it is up, comma-separated: the first of {@code c2s_ports} and of
     * {@code http_ports} when the inventory's {@code prosody.global_settings} sets them (a number or a list of
     * numbers), else Prosody's defaults. A setting in Prosody's main config file is not seen here.
     */
    static String prosodyPorts(HostConfig host) {
        Map<String, Object> global = host.prosody().globalSettings();
        return firstPort(global.get("c2s_ports"), PROSODY_C2S_PORT) + ","
                + firstPort(global.get("http_ports"), PROSODY_HTTP_PORT);
    }

    private static long firstPort(Object setting, long otherwise) {
        Object first = setting instanceof List<?> list && !list.isEmpty() ? list.get(0) : setting;
        return first instanceof Long port && port > 0 && port < 65536 ? port : otherwise;
    }

    /** sysv only: the host's IPv4 address as /proc/net/tcp writes it (little-endian hex), or "" for a name or IPv6. */
    private String hostAddressHex() {
        String[] parts = host.ssh().address().split("\\.");
        if (parts.length != 4 || !host.ssh().address().matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return "";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            hex.append(String.format(Locale.ROOT, "%02X", Integer.parseInt(parts[i]) & 0xFF));
        }
        return hex.toString();
    }
}
