package dev.jitsideploy.verify;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.secrets.SecretResolver;
import dev.jitsideploy.verify.xmpp.XmppException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The end of apply on a host it changed: the same verification as {@code verify}. A host that fails it gets the
 * files this run replaced back (deploy's rollback, restarting in order) and is verified again, so the operator
 * learns whether the previous configuration still holds. Safe to use for different hosts from different threads.
 */
public final class ApplyGate {

    /** How much of the Prosody log a failure shows. */
    public static final int LOG_LINES = 20;

    private final Deployment deployment;
    private final SecretResolver secrets;
    private final List<ProbeTransport> transports;
    private final Clock clock;

    public ApplyGate(Deployment deployment, SecretResolver secrets, List<ProbeTransport> transports, Clock clock) {
        this.deployment = deployment;
        this.secrets = secrets;
        this.transports = List.copyOf(transports);
        this.clock = clock;
    }

    /** Whether apply's outcome on the host calls for the gate: it wrote files or restarted services. */
    public static boolean applies(HostOutcome applied) {
        return applied.status() == HostOutcome.Status.CHANGED;
    }

    /** Verifies the host apply just changed in {@code run}; rolls that run back if the verification fails. */
    public GateResult check(HostConfig host, HostOutcome applied, String run) {
        long start = System.nanoTime();
        byte[] deployedConfigJs = applied.plan().flatMap(plan -> plan.changes().stream()
                        .filter(change -> change.path().equals(host.paths().configJs())).findFirst())
                .map(change -> change.file().bytes()).orElse(new byte[0]);
        HostVerification first = verify(host, deployedConfigJs);
        if (first.passed()) {
            return new GateResult(first, List.of(), Optional.empty(), Optional.empty(), List.of(), millis(start));
        }
        List<String> firstLog = deployment.prosodyLogTail(host, LOG_LINES);
        HostOutcome rollback = deployment.rollbackRun(host, run);
        if (rollback.status() == HostOutcome.Status.FAILED) {
            return new GateResult(first, firstLog, Optional.of(rollback), Optional.empty(), List.of(), millis(start));
        }
        // After the rollback the served config.js must be the one now on the host, not the one this run rendered.
        HostVerification second;
        try {
            second = verify(host, deployment.currentBytes(host, host.paths().configJs()).orElse(new byte[0]));
        } catch (RemoteException e) {
            second = HostVerification.notStarted(host.name(), "cannot read config.js back after the rollback: "
                    + e.getMessage());
        }
        List<String> secondLog = second.passed() ? List.of() : deployment.prosodyLogTail(host, LOG_LINES);
        return new GateResult(first, firstLog, Optional.of(rollback), Optional.of(second), secondLog, millis(start));
    }

    private HostVerification verify(HostConfig host, byte[] configJs) {
        try {
            return new HostVerifier(clock).verify(ProbeTarget.forHost(host, secrets), transports, configJs);
        } catch (InvalidInputException e) {
            return HostVerification.notStarted(host.name(), e.problems().stream().map(Object::toString)
                    .collect(Collectors.joining("; ")));
        } catch (XmppException e) {
            return HostVerification.notStarted(host.name(), "cannot set up TLS trust: " + e.getMessage());
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
