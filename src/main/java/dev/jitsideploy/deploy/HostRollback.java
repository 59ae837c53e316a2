package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.plan.HostStateFiles;
import dev.jitsideploy.plan.Planner;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.render.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts back the files the last apply replaced on a host and restarts what they feed. Only a path that still holds
 * what that run left there is put back; a file changed since is kept and reported.
 */
public final class HostRollback {

    private final Duration stepTimeout;
    private final Duration restartTimeout;
    private final int keptBackups;

    public HostRollback(Duration stepTimeout, Duration restartTimeout, int keptBackups) {
        this.stepTimeout = stepTimeout;
        this.restartTimeout = restartTimeout;
        this.keptBackups = keptBackups;
    }

    /** The last run's backup on the host, if there is one. */
    Optional<Backups.Run> lastRun(RemoteHost remote, HostConfig host) throws RemoteException {
        CommandResult last = remote.runPrivileged("read the last backup",
                Backups.describeLast(new HostStateFiles(host.domain()).backups()), stepTimeout);
        if (last.exitStatus() == Backups.NO_BACKUP) {
            return Optional.empty();
        }
        HostApply.check(last, "read the last backup", remote);
        try {
            return Optional.of(Backups.parse(last.stdout()));
        } catch (IllegalArgumentException e) {
            throw new RemoteException(remote.target().host(), "read the last backup", e.getMessage());
        }
    }

    public HostOutcome rollback(RemoteHost remote, HostConfig host, long startNanos) throws RemoteException {
        return rollback(remote, host, Optional.empty(), startNanos);
    }

    /**
     * Restores the files that run {@code run} replaced, and only those: when that run saved no files (it only fixed
     * the link or did due restarts), an older run's backup must not be put back, so nothing changes.
     */
    public HostOutcome rollbackRun(RemoteHost remote, HostConfig host, String run, long startNanos)
            throws RemoteException {
        return rollback(remote, host, Optional.of(run), startNanos);
    }

    private HostOutcome rollback(RemoteHost remote, HostConfig host, Optional<String> onlyRun, long startNanos)
            throws RemoteException {
        HostStateFiles state = new HostStateFiles(host.domain());
        Optional<Backups.Run> last = lastRun(remote, host);
        if (last.isEmpty() || onlyRun.isPresent() && !onlyRun.get().equals(last.get().run())) {
            return nothingToRestore(host, startNanos);
        }
        Backups.Run run = last.get();
        CommandResult restore = remote.runPrivileged("restore backup " + run.run(),
                Backups.restore(state.backups(), run), stepTimeout);
        HostApply.check(restore, "restore backup " + run.run(), remote);
        Backups.Restored restored = Backups.parseRestored(restore.stdout());
        Set<Restart> restarts = EnumSet.noneOf(Restart.class);
        for (String path : restored.changed()) {
            if (path.equals(host.paths().prosodyVhost())) {
                restarts.addAll(Planner.restartsFor(Service.PROSODY));
            } else if (path.equals(host.paths().jicofoConf())) {
                restarts.add(Restart.JICOFO);
            }
        }
        ServiceControl services = new ServiceControl(remote, host, restartTimeout);
        ServiceControl.Outcome restarted = services.restartAll(List.copyOf(restarts), true, Optional.empty());
        if (!restarted.allReady()) {
            return HostOutcome.failed(host.name(), Optional.empty(), restored.changed(), restarted.ready(), true,
                    "files restored from backup " + run.run() + ", but " + String.join("; ", restarted.problems()),
                    HostApply.millis(startNanos));
        }
        HostApply.check(remote.runPrivileged(Backups.forgetLast(state), stepTimeout), "mark backup as used", remote);
        Optional<String> pruneProblem = new HostApply(stepTimeout, restartTimeout, keptBackups)
                .pruneBackups(remote, state);
        if (!restored.kept().isEmpty()) {
            List<String> kept = new ArrayList<>();
            restored.kept().forEach(path -> kept.add("'" + path + "'"));
            return HostOutcome.failed(host.name(), Optional.empty(), restored.changed(), restarted.ready(),
                    !restored.changed().isEmpty(), "kept " + String.join(", ", kept) + ": changed since run "
                            + run.run() + " wrote it, so the rollback did not touch it (the file as it was before"
                            + " that run is in " + state.backups() + "/" + run.run() + "/files)",
                    HostApply.millis(startNanos));
        }
        return new HostOutcome(host.name(), restored.changed().isEmpty() ? HostOutcome.Status.OK
                : HostOutcome.Status.CHANGED, Optional.empty(), restored.changed(), restarted.ready(),
                !restored.changed().isEmpty(), pruneProblem, HostApply.millis(startNanos));
    }

    private static HostOutcome nothingToRestore(HostConfig host, long startNanos) {
        return new HostOutcome(host.name(), HostOutcome.Status.OK, Optional.empty(), List.of(), List.of(), false,
                Optional.empty(), HostApply.millis(startNanos));
    }
}
