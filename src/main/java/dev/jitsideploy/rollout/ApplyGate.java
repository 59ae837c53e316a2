package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.plan.FileChange;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.verify.HostDiagnosis;
import dev.jitsideploy.verify.HostVerification;
import dev.jitsideploy.verify.HostVerifier;
import dev.jitsideploy.verify.KeyCheck;
import dev.jitsideploy.verify.ProbeTarget;
import dev.jitsideploy.verify.ProbeTransport;
import dev.jitsideploy.verify.token.SigningKey;
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

    /**
     * What proves a host right at one point of a run: the key the probe matrix signs with (the host's own, from the
     * inventory's secret or newest RS256 key, unless {@code signWith} names another), and key checks beyond the
     * matrix (a rotation's: the previous secret refused, or both RS256 keys accepted).
     */
    public record Proof(FleetCredentials credentials, Optional<SigningKey> signWith, List<KeyCheck> keyChecks) {
        public Proof {
            keyChecks = List.copyOf(keyChecks);
        }

        /** The matrix signs with the host's own key. */
        public Proof(FleetCredentials credentials, List<KeyCheck> keyChecks) {
            this(credentials, Optional.empty(), keyChecks);
        }
    }

    /**
     * A run's changes taken back on one host: what the rollback restored and restarted, and the verification of the
     * previous configuration, made even when the rollback failed (with the end of the Prosody log when it failed).
     */
    public record Undo(HostOutcome rollback, HostVerification verification, List<String> log) {
        public Undo {
            log = List.copyOf(log);
        }

        public boolean verified() {
            return verification.passed();
        }
    }

    private final Deployment deployment;
    private final Proof applied;
    private final Proof previous;
    private final List<ProbeTransport> transports;
    private final Clock clock;

    /** The gate of a plain apply: the same credentials before and after. */
    public ApplyGate(Deployment deployment, FleetCredentials credentials, List<ProbeTransport> transports,
                     Clock clock) {
        this(deployment, new Proof(credentials, List.of()), new Proof(credentials, List.of()), transports, clock);
    }

    /**
     * @param applied  what proves the configuration this run deploys
     * @param previous what proves the configuration a rollback restores
     */
    public ApplyGate(Deployment deployment, Proof applied, Proof previous, List<ProbeTransport> transports,
                     Clock clock) {
        this.deployment = deployment;
        this.applied = applied;
        this.previous = previous;
        this.transports = List.copyOf(transports);
        this.clock = clock;
    }

    /** Whether apply's outcome on the host calls for the gate: it wrote files or restarted services. */
    public static boolean applies(HostOutcome applied) {
        return applied.status() == HostOutcome.Status.CHANGED;
    }

    /**
     * Verifies the host apply just changed in {@code run}; rolls that run back if the verification fails. Timed as
     * one step of the deployment's timings ({@code -v}), for apply and for rotations alike.
     */
    public GateResult check(HostConfig host, HostOutcome appliedOutcome, String run) {
        return deployment.timings().milestone(host.name(), "gate: verify (clock, served config.js, probe matrix)",
                () -> checkOnce(host, appliedOutcome, run));
    }

    private GateResult checkOnce(HostConfig host, HostOutcome appliedOutcome, String run) {
        long start = System.nanoTime();
        // The plan lists every managed file, changed or not: config.js as rendered is what the host must serve.
        byte[] configJs = appliedOutcome.plan().flatMap(plan -> plan.changes().stream()
                        .filter(change -> change.path().equals(host.paths().configJs())).findFirst())
                .map(change -> change.file().bytes()).orElse(new byte[0]);
        HostDiagnosis.Diagnosed diagnosed = HostDiagnosis.diagnose(verify(host, applied, configJs),
                new SshHostFacts(deployment, host), LOG_LINES);
        HostVerification first = diagnosed.verification();
        if (first.passed()) {
            return new GateResult(first, List.of(), Optional.empty(), Optional.empty(), List.of(), millis(start));
        }
        List<String> firstLog = diagnosed.log();
        Undo undo = undo(host, run);
        return new GateResult(first, firstLog, Optional.of(undo.rollback()), Optional.of(undo.verification()),
                undo.log(), millis(start));
    }

    /**
     * Restores what {@code run} replaced on the host (deploy's rollback, restarting in order) and verifies the
     * previous configuration as the host serves it now. The verification runs even when the rollback failed: the
     * probe needs no SSH, so a host that became unreachable before this run changed it still proves its state.
     */
    public Undo undo(HostConfig host, String run) {
        return verifyRolledBack(host, deployment.rollbackRun(host, run));
    }

    /**
     * Verifies a host after {@code rollback} (of this run, or the {@code rollback} command's of the host's last run)
     * with the previous configuration's proof, against the config.js the host serves now.
     */
    public Undo verifyRolledBack(HostConfig host, HostOutcome rollback) {
        HostVerification second = servedConfigJs(host)
                .map(configJs -> verify(host, previous, configJs))
                .orElseGet(() -> HostVerification.notStarted(host.name(), "cannot read config.js back after the"
                        + " rollback, and this run's plan did not find it as rendered"));
        List<String> log = second.passed() ? List.of() : deployment.prosodyLogTail(host, LOG_LINES);
        return new Undo(rollback, second, log);
    }

    /**
     * The config.js the host must serve after a rollback: the file on the host now or, when it cannot be read, the
     * rendered one if the plan found the host already holding exactly that (this run did not change it).
     */
    private Optional<byte[]> servedConfigJs(HostConfig host) {
        Optional<byte[]> unchangedByThisRun = deployment.planOf(host).flatMap(plan -> plan.changes().stream()
                        .filter(change -> change.path().equals(host.paths().configJs()))
                        .filter(change -> change.kind() == FileChange.Kind.UNCHANGED).findFirst())
                .map(change -> change.file().bytes());
        try {
            return deployment.currentBytes(host, host.paths().configJs()).or(() -> unchangedByThisRun);
        } catch (RemoteException e) {
            return unchangedByThisRun;
        }
    }

    private HostVerification verify(HostConfig host, Proof proof, byte[] configJs) {
        try {
            ProbeTarget target = proof.signWith().isPresent() ? ProbeTarget.forHost(host, proof.signWith().get())
                    : ProbeTarget.forHost(host, proof.credentials().of(host));
            return new HostVerifier(clock).verify(target, transports, configJs, proof.keyChecks());
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
