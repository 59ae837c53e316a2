package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.plan.HostStateFiles;
import dev.jitsideploy.plan.Planner;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Puts back the files the last apply replaced on a host and restarts what they feed. */
public final class HostRollback {

    private final Duration stepTimeout;
    private final Duration restartTimeout;

    public HostRollback(Duration stepTimeout, Duration restartTimeout) {
        this.stepTimeout = stepTimeout;
        this.restartTimeout = restartTimeout;
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
        CommandResult last = remote.runPrivileged(Backups.describeLast(state), stepTimeout);
        if (last.exitStatus() == 1 && last.stdoutText().isEmpty()) {
            return nothingToRestore(host, startNanos);
        }
        HostApply.check(last, "read the last backup", remote);
        List<String> lines = last.stdoutText().lines().toList();
        String run = lines.get(0).strip();
        if (onlyRun.isPresent() && !onlyRun.get().equals(run)) {
            return nothingToRestore(host, startNanos);
        }
        List<String> restoredPaths = new ArrayList<>();
        Set<Restart> restarts = EnumSet.noneOf(Restart.class);
        for (String line : lines.subList(1, lines.size())) {
            String path = line.substring(line.indexOf(' ') + 1);
            restoredPaths.add(path);
            if (path.equals(host.paths().prosodyVhost())) {
                restarts.addAll(Planner.restartsFor(dev.jitsideploy.render.Service.PROSODY));
            } else if (path.equals(host.paths().jicofoConf())) {
                restarts.add(Restart.JICOFO);
            }
        }
        HostApply.check(remote.runPrivileged(Backups.restore(state, run), stepTimeout), "restore backup " + run, remote);
        ServiceControl services = new ServiceControl(remote, host, restartTimeout);
        ServiceControl.Outcome restarted = services.restartAll(List.copyOf(restarts), true, Optional.empty());
        if (!restarted.allReady()) {
            return HostOutcome.failed(host.name(), Optional.empty(), restoredPaths, restarted.ready(), true,
                    "files restored from backup " + run + ", but " + String.join("; ", restarted.problems()),
                    HostApply.millis(startNanos));
        }
        HostApply.check(remote.runPrivileged(Backups.forgetLast(state), stepTimeout), "mark backup as used", remote);
        return new HostOutcome(host.name(), HostOutcome.Status.CHANGED, Optional.empty(), restoredPaths,
                restarted.ready(), true, Optional.empty(), HostApply.millis(startNanos));
    }

    private static HostOutcome nothingToRestore(HostConfig host, long startNanos) {
        return new HostOutcome(host.name(), HostOutcome.Status.OK, Optional.empty(), List.of(), List.of(), false,
                Optional.empty(), HostApply.millis(startNanos));
    }
}
