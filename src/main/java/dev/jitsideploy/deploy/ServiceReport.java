package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.secrets.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a restart failed, in the service's own words: whether it is down or running now, and the last lines of its
 * journal (systemd) or its log files (sysv), with tokens and known secrets redacted ({@code host/service-report.sh}).
 */
record ServiceReport(String summary, List<String> logLines) {

    static final int LINES = 10;
    private static final HostScript SCRIPT = HostScript.named("service-report");

    ServiceReport {
        logLines = List.copyOf(logLines);
    }

    /** {@code outcome} with the log lines under its error, one a line. */
    HostOutcome appendLogTo(HostOutcome outcome) {
        if (logLines.isEmpty()) {
            return outcome;
        }
        String error = outcome.error().orElse("") + "\n" + String.join("\n", logLines);
        return new HostOutcome(outcome.host(), outcome.status(), outcome.plan(), outcome.written(),
                outcome.restarted(), outcome.restored(), java.util.Optional.of(error), outcome.millis());
    }

    /**
     * Summary "prosody is DOWN; its last log lines (tokens and secrets redacted) follow", and the lines; when the host
     * cannot tell, a summary saying why.
     */
    static ServiceReport of(RemoteHost remote, HostConfig host, Restart restart, List<Secret> known,
                            Duration timeout) {
        String name = restart.serviceName(host.services());
        List<String> arguments = new ArrayList<>(List.of(host.serviceManager() == ServiceManager.SYSTEMD
                ? "systemd" : "sysv", name, Integer.toString(LINES)));
        arguments.addAll(logFiles(host, restart));
        CommandResult answer;
        try {
            answer = remote.runScript(SCRIPT, arguments, timeout);
        } catch (RemoteException e) {
            return new ServiceReport("whether " + name + " runs could not be checked (" + e.getMessage() + ")",
                    List.of());
        }
        List<String> lines = LogTail.redact(answer.stdoutText(), known).lines().toList();
        StringBuilder out = new StringBuilder();
        List<String> logLines = new ArrayList<>();
        for (String line : lines) {
            if (line.equals("state running")) {
                out.append(name).append(" is running (its restart failed, but it runs now)");
            } else if (line.equals("state down")) {
                out.append(name).append(" is DOWN");
            } else if (line.startsWith("source ")) {
                logLines.add("  " + line.substring(7) + ":");
            } else {
                logLines.add("    | " + printable(line));
            }
        }
        if (out.isEmpty()) {
            out.append("whether ").append(name).append(" runs could not be checked (exit status ")
                    .append(answer.exitStatus()).append(')');
        }
        if (logLines.stream().noneMatch(line -> line.startsWith("    | "))) {
            return new ServiceReport(out.append("; no log lines of it found").toString(), List.of());
        }
        out.append("; its last log lines (tokens and secrets redacted) are below");
        return new ServiceReport(out.toString(), logLines);
    }

    /** Where a sysv host's service writes its errors (a systemd host's are in the journal). */
    private static List<String> logFiles(HostConfig host, Restart restart) {
        Path prosodyLogs = Path.of(host.paths().prosodyLog()).getParent();
        Path jitsiLogs = Path.of(host.paths().jicofoLog()).getParent();
        return switch (restart) {
            // prosody.err holds Prosody's errors; a config that does not load fails before logging is set up, so
            // its message is only on the console, which the lab's init script keeps in prosody.console.
            case PROSODY -> List.of(prosodyLogs.resolve("prosody.err").toString(),
                    prosodyLogs.resolve("prosody.console").toString());
            case JICOFO -> List.of(host.paths().jicofoLog());
            case VIDEOBRIDGE -> List.of(jitsiLogs.resolve("jvb.log").toString());
        };
    }

    /** A log line may hold anything: tabs become spaces, other control characters (a terminal escape) '?'. */
    private static String printable(String line) {
        String clean = line.replace('\t', ' ').replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
    }
}
