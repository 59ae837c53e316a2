package dev.jitsideploy.deploy;

import dev.jitsideploy.plan.HostStateFiles;
import dev.jitsideploy.remote.HeldScript;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run per host at a time: apply, rotate and rollback hold {@code /var/lib/jitsi-deploy/<domain>/run.lock} with
 * {@code flock} for the whole run, in a host script kept running over the run's own SSH connection
 * ({@code host/run-lock.sh}). The lock goes when the run closes it or its connection dies (the host sees the end of
 * the script's stdin), so a crashed or killed run never leaves a stale lock behind. A second run fails at once and
 * names the holder.
 */
final class RunLock {

    private static final HostScript SCRIPT = HostScript.named("run-lock");

    private RunLock() {
    }

    /**
     * Takes the lock of {@code domain} on the host.
     *
     * @throws RemoteException naming the holder when another run has it, or why it could not be taken
     */
    static HeldScript take(RemoteHost remote, String domain, RunLockHolder holder, Duration timeout)
            throws RemoteException {
        List<String> arguments = new ArrayList<>();
        arguments.add(new HostStateFiles(domain).directory());
        arguments.addAll(holder.lines());
        HeldScript held = remote.holdScript(SCRIPT, arguments, timeout);
        String answer = held.firstLine();
        if (answer.equals("locked")) {
            return held;
        }
        try {
            if (answer.equals("busy")) {
                throw new RemoteException(remote.target().host(), "run lock", "another jitsi-deploy run holds this "
                        + "host (" + domain + "): " + RunLockHolder.describe(held.remainingLines(timeout))
                        + "; nothing was changed here; run again when it has finished (its lock goes with its SSH"
                        + " connection)");
            }
            throw new RemoteException(remote.target().host(), "run lock", answer.startsWith("error ")
                    ? answer.substring(6) : "the lock script gave no answer");
        } finally {
            held.close();
        }
    }
}
