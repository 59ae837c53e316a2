package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.plan.FileChange;
import dev.jitsideploy.plan.FileDeletion;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.HostStateFiles;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.plan.Sha256;
import dev.jitsideploy.remote.BatchResult;
import dev.jitsideploy.remote.CommandBatch;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.remote.StagedFile;
import dev.jitsideploy.render.HostRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries out one host's plan: validate every new file, back up what it replaces or deletes, remember the due
 * restarts on the host, swap the files in atomically, fix the conf.d link, delete retired key files, restart in order
 * and wait until ready. If a restart fails, the previous files are put back and the services restarted again.
 *
 * <p>Over the wire: the new files are uploaded (SFTP, nothing changes yet), then one command does everything up to
 * the restarts (stopping at the first step that fails, removing the uploads in any case), then one command does the
 * restarts (docs/deploy.md, "Round trips per host").
 */
public final class HostApply {

    private static final Pattern LUA_ERROR_LINE = Pattern.compile(":(\\d+):");
    // The steps of the one command before the restarts, each a script (src/main/resources/host).
    private static final HostScript LUA_CHECK = HostScript.named("lua-check");
    private static final HostScript STATE_DIRECTORY = HostScript.named("state-directory");
    private static final HostScript KEY_DIRECTORY = HostScript.named("key-directory");
    private static final HostScript PENDING_RESTARTS = HostScript.named("pending-restarts");
    private static final HostScript DELETE_FILES = HostScript.named("delete-files");

    private final Duration stepTimeout;
    private final Duration restartTimeout;
    private final int keptBackups;

    /** @param keptBackups how many run backups a host keeps; older ones are deleted after a successful run */
    public HostApply(Duration stepTimeout, Duration restartTimeout, int keptBackups) {
        this.stepTimeout = stepTimeout;
        this.restartTimeout = restartTimeout;
        this.keptBackups = keptBackups;
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
                validateLocally(change);
            }
            // The new bytes go to the host first (SFTP, nothing changes yet); then one command checks the Lua,
            // backs up, remembers the due restarts, swaps every file in, fixes the link and deletes retired files.
            // A new key file may be the first in the key server's directory (public: nginx serves it).
            List<String> keyDirectories = HostRenderer.ownedDirectories(host).stream()
                    .filter(directory -> toWrite.stream().anyMatch(change -> directory.owns(change.path())))
                    .map(directory -> directory.remotePath().replaceAll("/+$", "")).toList();
            if (!remote.target().sudo()) {
                for (String directory : keyDirectories) {
                    remote.makeDirectory(directory, 0755, stepTimeout);
                }
            }
            List<StagedFile> staged = new ArrayList<>();
            for (FileChange change : toWrite) {
                staged.add(remote.stage(change.path(), change.file().bytes(), change.target(), stepTimeout));
            }
            remote.endFileTransfers();
            CommandBatch batch = new CommandBatch();
            staged.forEach(file -> batch.always(file.cleanupCommand()));
            Map<Integer, FileChange> luaChecks = new LinkedHashMap<>();
            for (int i = 0; i < toWrite.size(); i++) {
                if (toWrite.get(i).contentChanged() && toWrite.get(i).path().endsWith(".lua")) {
                    luaChecks.put(batch.add(luaCheck(staged.get(i).staged())), toWrite.get(i));
                }
            }
            Map<Integer, String> steps = new LinkedHashMap<>();
            steps.put(batch.add(STATE_DIRECTORY.command(List.of(state.backups()))), "create " + state.directory());
            if (!plan.pathsToChange().isEmpty()) {
                steps.put(batch.add(Backups.save(state.backups(), run, plan.auth(), written(plan))),
                        "back up the files to be replaced or deleted");
            }
            if (!plan.restarts().isEmpty()) {
                steps.put(batch.add(pendingMarker(state, plan.restarts())), "remember the due restarts");
            }
            if (remote.target().sudo()) {
                for (String directory : keyDirectories) {
                    steps.put(batch.add(KEY_DIRECTORY.command(List.of(directory))),
                            "create " + directory);
                }
            }
            Map<Integer, String> writes = new LinkedHashMap<>();
            for (StagedFile file : staged) {
                writes.put(batch.add(file.finishCommand()), file.target());
            }
            int link = plan.linkToFix() ? batch.add(remote.symlinkCommand(plan.linkTarget(),
                    host.paths().prosodyVhostLink())) : -1;
            List<String> deletions = plan.deletions().stream().map(FileDeletion::path).toList();
            int delete = deletions.isEmpty() ? -1 : batch.add(DELETE_FILES.command(deletions));

            BatchResult result = remote.runBatch("apply files", batch, stepTimeout);
            for (Map.Entry<Integer, FileChange> check : luaChecks.entrySet()) {
                requireParses(check.getValue().path(), result.result(check.getKey()));
            }
            for (Map.Entry<Integer, String> step : steps.entrySet()) {
                check(result.result(step.getKey()), step.getValue(), remote);
            }
            for (Map.Entry<Integer, String> write : writes.entrySet()) {
                check(result.result(write.getKey()), "write " + write.getValue(), remote);
                written.add(write.getValue());
            }
            if (link >= 0) {
                check(result.result(link), "link " + host.paths().prosodyVhostLink(), remote);
                written.add(host.paths().prosodyVhostLink());
            }
            if (delete >= 0) {
                check(result.result(delete), "delete " + String.join(", ", deletions), remote);
                written.addAll(deletions);
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
            ServiceControl.Outcome restarts = services.restartAll(plan.restarts(), true,
                    Optional.of(state.pendingRestarts()));
            restarted.addAll(restarts.ready());
            if (!restarts.allReady()) {
                // The service's own words, read before the restore restarts it again; its log lines go last.
                Optional<ServiceReport> report = plan.restarts().stream().filter(r -> !restarts.ready().contains(r))
                        .findFirst().map(failed -> ServiceReport.of(remote, host, failed, knownSecrets(plan),
                                stepTimeout));
                HostOutcome failed = restoreAfterFailedRestart(remote, state, plan, run, written, restarted,
                        String.join("; ", restarts.problems()) + report.map(r -> "; " + r.summary()).orElse(""),
                        services, startNanos);
                return report.map(r -> r.appendLogTo(failed)).orElse(failed);
            }
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.of(plan), written, restarted, false,
                    e.getMessage() + "; due restarts are remembered on the host for the next run", millis(startNanos));
        }
        Optional<String> pruneProblem = pruneBackups(remote, state);
        return new HostOutcome(host.name(), HostOutcome.Status.CHANGED, Optional.of(plan), written, restarted, false,
                pruneProblem, millis(startNanos));
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
        CommandResult described = remote.runPrivileged("read backup " + run, Backups.describeLast(state.backups()),
                stepTimeout);
        Backups.Run backup = described.succeeded() ? Backups.parse(described.stdout()) : null;
        CommandResult restore = backup != null && backup.run().equals(run)
                ? remote.runPrivileged("restore backup", Backups.restore(state.backups(), backup), stepTimeout)
                : described;
        if (!restore.succeeded()) {
            return HostOutcome.failed(host, Optional.of(plan), written, restarted, false, problem
                    + "; restoring the previous files FAILED (exit status " + restore.exitStatus() + ")",
                    millis(startNanos));
        }
        ServiceControl.Outcome again = services.restartAll(plan.restarts(), false,
                Optional.of(state.pendingRestarts()));
        return HostOutcome.failed(host, Optional.of(plan), written, restarted, true, problem
                + "; previous files restored and services restarted: "
                + (again.allReady() ? "all ready again" : String.join("; ", again.problems())), millis(startNanos));
    }

    /** What the run writes to each path it changes (the sha256 of the new bytes) or that it deletes it. */
    private static List<Backups.Written> written(HostPlan plan) {
        List<Backups.Written> written = new ArrayList<>();
        for (FileChange change : plan.filesToWrite()) {
            written.add(new Backups.Written(change.path(), Sha256.hex(change.file().bytes())));
        }
        for (FileDeletion deletion : plan.deletions()) {
            written.add(new Backups.Written(deletion.path(), Backups.DELETED));
        }
        return written;
    }

    /**
     * Deletes all but the newest backups after a successful run (each holds the secrets of its day). A failure here
     * does not undo a good run: it is returned as a note for the report, and the next successful run prunes again.
     */
    Optional<String> pruneBackups(RemoteHost remote, HostStateFiles state) {
        try {
            CommandResult pruned = remote.runPrivileged("prune backups", Backups.prune(state.backups(), keptBackups),
                    stepTimeout);
            return pruned.succeeded() ? Optional.empty() : Optional.of("note: old backups in " + state.backups()
                    + " could not be pruned (exit status " + pruned.exitStatus() + "); the next run tries again");
        } catch (RemoteException e) {
            return Optional.of("note: old backups could not be pruned (" + e.getMessage() + ")");
        }
    }

    /** Every secret the host's new and old files hold, as far as this run knows them. */
    private static List<dev.jitsideploy.secrets.Secret> knownSecrets(HostPlan plan) {
        return plan.changes().stream().flatMap(change -> change.file().secrets().stream()).toList();
    }

    /** JS and HOCON must parse before anything is uploaded; Lua is checked on the host with its luac. */
    private static void validateLocally(FileChange change) throws ValidationFailure {
        if (!change.contentChanged()) {
            return;
        }
        String path = change.path();
        if (path.endsWith(".js")) {
            LocalValidation.javascript(path, change.file().text());
        } else if (path.endsWith(".conf")) {
            LocalValidation.hocon(path, change.file().text());
        }
    }

    /** Parses the staged file with the host's luac: exit 127 when there is none. */
    private static String luaCheck(String staged) {
        return LUA_CHECK.command(List.of(staged));
    }

    private static void requireParses(String path, CommandResult parsed) throws ValidationFailure {
        if (parsed.exitStatus() == 127) {
            throw new ValidationFailure(path + ": no luac on the host to check the Lua with");
        }
        if (!parsed.succeeded()) {
            Matcher line = LUA_ERROR_LINE.matcher(parsed.stderrText());
            throw new ValidationFailure(path + ": Lua does not parse" + (line.find()
                    ? " at line " + line.group(1) : "") + " (checked with luac on the host)");
        }
    }

    /** Writes the due restarts, one key a line, atomically (root-only directory, file 0644). */
    private static String pendingMarker(HostStateFiles state, List<Restart> restarts) {
        List<String> arguments = new ArrayList<>(List.of(state.pendingRestarts()));
        restarts.forEach(restart -> arguments.add(restart.key()));
        return PENDING_RESTARTS.command(arguments);
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
