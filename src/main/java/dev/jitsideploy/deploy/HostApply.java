package dev.jitsideploy.deploy;

import static dev.jitsideploy.remote.ShellQuoting.quote;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.plan.FileChange;
import dev.jitsideploy.plan.FileDeletion;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.HostStateFiles;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.OwnerAndMode;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.render.OwnedDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Carries out one host's plan: validate every new file, back up what it replaces, remember the due restarts on the
 * host, swap the files in atomically, fix the conf.d link, restart in order and wait until ready. If a restart fails,
 * the previous files are put back and the services restarted again.
 */
public final class HostApply {

    private static final OwnerAndMode ROOT_ONLY = new OwnerAndMode("root", "root", 0600);
    private static final Pattern LUA_ERROR_LINE = Pattern.compile(":(\\d+):");

    private final Duration stepTimeout;
    private final Duration restartTimeout;

    public HostApply(Duration stepTimeout, Duration restartTimeout) {
        this.stepTimeout = stepTimeout;
        this.restartTimeout = restartTimeout;
    }

    public HostOutcome apply(RemoteHost remote, HostPlan plan, String run, long startNanos) {
        HostConfig host = plan.host();
        List<String> written = new ArrayList<>();
        List<Restart> restarted = new ArrayList<>();
        if (!plan.preflightPassed()) {
            return HostOutcome.failed(host.name(), Optional.of(plan), written, restarted, false,
                    "preflight failed; host not touched", millis(startNanos));
        }
        if (!plan.hasChanges()) {
            return new HostOutcome(host.name(), HostOutcome.Status.OK, Optional.of(plan), written, restarted, false,
                    Optional.empty(), millis(startNanos));
        }
        List<FileChange> toWrite = plan.filesToWrite();
        HostStateFiles state = new HostStateFiles(host.domain());
        try {
            for (FileChange change : toWrite) {
                validate(remote, state, change, run);
            }
            ensureStateDirectory(remote, state);
            if (!plan.pathsToChange().isEmpty()) {
                check(remote.runPrivileged("back up", Backups.save(state, run, plan.pathsToChange()),
                        stepTimeout),
                        "back up the files to be replaced or deleted", remote);
            }
            if (!plan.restarts().isEmpty()) {
                String keys = plan.restarts().stream().map(Restart::key).collect(Collectors.joining("\n", "", "\n"));
                remote.write(state.pendingRestarts(), keys.getBytes(StandardCharsets.UTF_8),
                        new OwnerAndMode("root", "root", 0644), stepTimeout);
            }
            ensureOwnedDirectories(remote, plan, toWrite);
            for (FileChange change : toWrite) {
                remote.write(change.path(), change.file().bytes(), change.target(), stepTimeout);
                written.add(change.path());
            }
            if (!plan.deletions().isEmpty()) {
                List<String> paths = plan.deletions().stream().map(FileDeletion::path).toList();
                check(remote.runPrivileged("delete", "rm -f --" + paths.stream().map(p -> " " + quote(p))
                        .collect(Collectors.joining()), stepTimeout), "delete " + String.join(", ", paths), remote);
                written.addAll(paths);
            }
            if (plan.linkToFix()) {
                remote.symlink(plan.linkTarget(), host.paths().prosodyVhostLink(), stepTimeout);
                written.add(host.paths().prosodyVhostLink());
            }
        } catch (ValidationFailure e) {
            return HostOutcome.failed(host.name(), Optional.of(plan), written, restarted, false,
                    "not applied: " + e.getMessage(), millis(startNanos));
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.of(plan), written, restarted, false, e.getMessage()
                    + (plan.restarts().isEmpty() ? "" : "; due restarts are remembered on the host for the next run"),
                    millis(startNanos));
        }

        ServiceControl services = new ServiceControl(remote, host, restartTimeout);
        try {
            for (Restart restart : plan.restarts()) {
                String problem = services.restart(restart);
                if (problem != null) {
                    return restoreAfterFailedRestart(remote, state, plan, run, written, restarted, problem,
                            services, startNanos);
                }
                restarted.add(restart);
            }
            remote.runPrivileged("clear pending restarts", "rm -f -- " + quote(state.pendingRestarts()),
                    stepTimeout);
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.of(plan), written, restarted, false,
                    e.getMessage() + "; due restarts are remembered on the host for the next run", millis(startNanos));
        }
        return new HostOutcome(host.name(), HostOutcome.Status.CHANGED, Optional.of(plan), written, restarted, false,
                Optional.empty(), millis(startNanos));
    }

    private HostOutcome restoreAfterFailedRestart(RemoteHost remote, HostStateFiles state, HostPlan plan, String run,
                                                  List<String> written,
                                                  List<Restart> restarted, String problem, ServiceControl services,
                                                  long startNanos) throws RemoteException {
        String host = plan.host().name();
        if (plan.pathsToChange().isEmpty()) {
            return HostOutcome.failed(host, Optional.of(plan), written, restarted, false, problem
                    + "; no files were changed in this run, so there is nothing to restore", millis(startNanos));
        }
        CommandResult restore = remote.runPrivileged("restore backup", Backups.restore(state, run), stepTimeout);
        if (!restore.succeeded()) {
            return HostOutcome.failed(host, Optional.of(plan), written, restarted, false, problem
                    + "; restoring the previous files FAILED (exit status " + restore.exitStatus() + ")",
                    millis(startNanos));
        }
        List<String> again = new ArrayList<>();
        for (Restart restart : plan.restarts()) {
            String secondProblem = services.restart(restart);
            if (secondProblem != null) {
                again.add(secondProblem);
            }
        }
        if (again.isEmpty()) {
            remote.runPrivileged("clear pending restarts", "rm -f -- " + quote(state.pendingRestarts()),
                    stepTimeout);
        }
        return HostOutcome.failed(host, Optional.of(plan), written, restarted, true, problem
                + "; previous files restored and services restarted: "
                + (again.isEmpty() ? "all ready again" : String.join("; ", again)), millis(startNanos));
    }

    /** Every new file must parse before it replaces anything: JS and HOCON here, Lua on the host with its luac. */
    private void validate(RemoteHost remote, HostStateFiles state, FileChange change, String run)
            throws ValidationFailure, RemoteException {
        if (!change.contentChanged()) {
            return;
        }
        String path = change.path();
        String text = change.file().text();
        if (path.endsWith(".js")) {
            LocalValidation.javascript(path, text);
        } else if (path.endsWith(".conf")) {
            LocalValidation.hocon(path, text);
        } else if (path.endsWith(".lua")) {
            ensureStateDirectory(remote, state);
            String check = state.directory() + "/check-" + run + ".cfg.lua";
            remote.write(check, change.file().bytes(), ROOT_ONLY, stepTimeout);
            CommandResult parsed = remote.runPrivileged("validate Lua (luac -p)", "for c in luac5.4 luac5.3 luac5.2 luac; do if command -v $c"
                    + " >/dev/null 2>&1; then $c -p -- " + quote(check) + "; rc=$?; rm -f -- " + quote(check)
                    + "; exit $rc; fi; done; rm -f -- " + quote(check) + "; exit 127", stepTimeout);
            if (parsed.exitStatus() == 127) {
                throw new ValidationFailure(path + ": no luac on the host to check the Lua with");
            }
            if (!parsed.succeeded()) {
                Matcher line = LUA_ERROR_LINE.matcher(parsed.stderrText());
                throw new ValidationFailure(path + ": Lua does not parse" + (line.find()
                        ? " at line " + line.group(1) : "") + " (checked with luac on the host)");
            }
        }
    }

    /** A new key file may be the first in the key server's directory (public: nginx serves it). */
    private void ensureOwnedDirectories(RemoteHost remote, HostPlan plan, List<FileChange> toWrite)
            throws RemoteException {
        for (OwnedDirectory directory : HostRenderer.ownedDirectories(plan.host())) {
            if (toWrite.stream().anyMatch(change -> directory.owns(change.path()))) {
                check(remote.runPrivileged("create key directory", "[ -d " + quote(directory.remotePath()) + " ] || install -d -m 0755 -- "
                        + quote(directory.remotePath()), stepTimeout), "create " + directory.remotePath(), remote);
            }
        }
    }

    private void ensureStateDirectory(RemoteHost remote, HostStateFiles state) throws RemoteException {
        check(remote.runPrivileged("create state directory", "umask 077; mkdir -p -- " + quote(state.backups()), stepTimeout),
                "create " + state.directory(), remote);
    }

    static void check(CommandResult result, String step, RemoteHost remote) throws RemoteException {
        if (!result.succeeded()) {
            throw new RemoteException(remote.target().host(), step, "exit status " + result.exitStatus());
        }
    }

    static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
