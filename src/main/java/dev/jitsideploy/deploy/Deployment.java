package dev.jitsideploy.deploy;

import static dev.jitsideploy.remote.ShellQuoting.quote;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.SshSettings;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.Planner;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostKeyPolicy;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.remote.SshTarget;
import dev.jitsideploy.remote.StepTimings;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.secrets.AppSecretRules;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.PublicKeyFile;
import dev.jitsideploy.secrets.Secret;
import dev.jitsideploy.secrets.SecretResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One run of plan, apply (with its gate), rollback or verify over a fleet. Each host gets one SSH connection,
 * opened by the first step and kept for every later step of the run (planning, then applying after the operator
 * confirmed, then the gate's rollback and log reading), closed at the end.
 * Safe to call for different hosts from different threads.
 */
public final class Deployment {

    private final HostRenderer renderer;
    private final SecretResolver secrets;
    private final HostKeyPolicy hostKeyPolicy;
    private final Duration stepTimeout;
    private final Duration restartTimeout;
    private final StepTimings timings;
    private final Map<String, RemoteHost> connections = new ConcurrentHashMap<>();
    private final Map<String, HostPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, Long> starts = new ConcurrentHashMap<>();

    /** @param timings receives how long each step on each host took ({@link StepTimings#NONE} for nothing) */
    public Deployment(HostRenderer renderer, SecretResolver secrets, HostKeyPolicy hostKeyPolicy, Duration stepTimeout,
                      Duration restartTimeout, StepTimings timings) {
        this.renderer = renderer;
        this.secrets = secrets;
        this.hostKeyPolicy = hostKeyPolicy;
        this.stepTimeout = stepTimeout;
        this.restartTimeout = restartTimeout;
        this.timings = timings;
    }

    /** Connects (host key checked), runs preflight, reads the host's state and computes its plan. */
    public HostOutcome plan(HostConfig host) {
        return plan(host, Set.of());
    }

    /**
     * As {@link #plan(HostConfig)}, restarting {@code requested} (each with what follows it) even when no file feeding
     * them changes: after {@code keys retire}, a running Prosody still holds the retired public key in its cache.
     */
    public HostOutcome plan(HostConfig host, Set<Restart> requested) {
        long start = System.nanoTime();
        starts.put(host.name(), start);
        try {
            Secret appSecret = null;
            List<PublicKeyFile> publicKeys = List.of();
            if (host.auth().isRs256()) {
                publicKeys = KeyRing.forHost(host).publicKeyFiles();
            } else {
                appSecret = secrets.resolve(host.auth().appSecret());
                var problems = AppSecretRules.check(appSecret, host.auth().appSecret());
                if (!problems.isEmpty()) {
                    throw new InvalidInputException(problems);
                }
            }
            RemoteHost remote = connect(host);
            HostPlan plan = new Planner(renderer, stepTimeout, timings).plan(remote, host, appSecret, publicKeys,
                    requested);
            plans.put(host.name(), plan);
            if (!plan.preflightPassed()) {
                return HostOutcome.failed(host.name(), Optional.of(plan), List.of(), List.of(), false,
                        "preflight failed; host not touched", HostApply.millis(start));
            }
            return new HostOutcome(host.name(), plan.hasChanges() ? HostOutcome.Status.CHANGED
                    : HostOutcome.Status.OK, Optional.of(plan), List.of(), List.of(), false, Optional.empty(),
                    HostApply.millis(start));
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false, e.getMessage(),
                    HostApply.millis(start));
        } catch (InvalidInputException e) {
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false,
                    e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")),
                    HostApply.millis(start));
        }
    }

    /** Where this run's step timings go (the gate and other callers add their own steps). */
    public StepTimings timings() {
        return timings;
    }

    /** The plan {@link #plan} made for this host in this run, if it made one. */
    public Optional<HostPlan> planOf(HostConfig host) {
        return Optional.ofNullable(plans.get(host.name()));
    }

    /** Applies the plan made by {@link #plan} for this host over the same connection. */
    public HostOutcome apply(HostConfig host, String run) {
        HostPlan plan = plans.get(host.name());
        RemoteHost remote = connections.get(host.name());
        long start = starts.getOrDefault(host.name(), System.nanoTime());
        if (plan == null || remote == null) {
            return HostOutcome.failed(host.name(), Optional.ofNullable(plan), List.of(), List.of(), false,
                    "no plan for this host (it could not be reached or planned)", HostApply.millis(start));
        }
        return timings.time(host.name(), "apply (total)", () -> new HostApply(stepTimeout, restartTimeout)
                .apply(remote, plan, run, start));
    }

    /** Restores the files of the last apply on this host. */
    public HostOutcome rollback(HostConfig host) {
        long start = System.nanoTime();
        try {
            return new HostRollback(stepTimeout, restartTimeout).rollback(connect(host), host, start);
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false, e.getMessage(),
                    HostApply.millis(start));
        }
    }

    /** Restores what {@code run} replaced on the host ({@link HostRollback#rollbackRun}) over the run's connection. */
    public HostOutcome rollbackRun(HostConfig host, String run) {
        long start = System.nanoTime();
        try {
            return new HostRollback(stepTimeout, restartTimeout).rollbackRun(connect(host), host, run, start);
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false, e.getMessage(),
                    HostApply.millis(start));
        }
    }

    /** The file's bytes on the host now; empty when there is no such file. */
    public Optional<byte[]> currentBytes(HostConfig host, String path) throws RemoteException {
        return connect(host).read(path, stepTimeout).map(RemoteFile::content);
    }

    private static final HostScript MODULE_LOAD_ERRORS = new HostScript(Deployment.class, "module-load-errors.sh");

    /**
     * Why {@code focus.<domain>} knows no jicofo session, as far as the host's focus roster tells (one line, with
     * the command that fixes a missing subscription); when the host cannot be read, one line saying why.
     */
    public String focusRosterDiagnosis(HostConfig host) {
        String prosody = host.services().prosody();
        String restart = host.serviceManager() == dev.jitsideploy.inventory.ServiceManager.SYSV
                ? "service " + prosody + " restart" : "systemctl restart " + prosody;
        try {
            return FocusRoster.diagnose(connect(host), host.domain(), restart, stepTimeout);
        } catch (RemoteException e) {
            return "cannot check the focus user's roster: " + e.getMessage();
        }
    }

    /**
     * The lines of the host's Prosody log that say a module did not load (at most the last 3, redacted as the log
     * tail is); empty when there are none or the log cannot be read.
     */
    public List<String> moduleLoadErrors(HostConfig host) {
        try {
            CommandResult result = connect(host).runPrivileged("sh -c " + quote(MODULE_LOAD_ERRORS.text())
                    + " module-load-errors " + quote(host.paths().prosodyLog()), stepTimeout);
            return LogTail.redact(result.stdoutText(), knownSecrets(host)).lines().toList();
        } catch (RemoteException | InvalidInputException e) {
            return List.of();
        }
    }

    /**
     * The last lines of the host's Prosody log with tokens and every secret this run knows for the host redacted;
     * when the log cannot be read, one line saying why.
     */
    public List<String> prosodyLogTail(HostConfig host, int lines) {
        List<Secret> known;
        try {
            known = knownSecrets(host);
        } catch (InvalidInputException e) {
            return List.of("(log not shown: the app secret to redact it with cannot be read)");
        }
        try {
            return LogTail.read(connect(host), host.paths().prosodyLog(), lines, known, stepTimeout);
        } catch (RemoteException e) {
            return List.of("(log not shown: " + e.getMessage() + ")");
        }
    }

    /** The secrets a text read from the host must not show: the app secret and those of this run's files. */
    private List<Secret> knownSecrets(HostConfig host) throws InvalidInputException {
        List<Secret> known = new ArrayList<>();
        if (!host.auth().isRs256()) {
            known.addAll(secrets.knownValues(host.auth().appSecret()));
        }
        HostPlan plan = plans.get(host.name());
        if (plan != null) {
            plan.changes().forEach(change -> known.addAll(change.file().secrets()));
        }
        return known;
    }

    private RemoteHost connect(HostConfig host) throws RemoteException {
        RemoteHost existing = connections.get(host.name());
        if (existing != null) {
            return existing;
        }
        RemoteHost remote = RemoteHost.connect(target(host), hostKeyPolicy, timings);
        connections.put(host.name(), remote);
        return remote;
    }

    static SshTarget target(HostConfig host) {
        SshSettings ssh = host.ssh();
        Path sshDirectory = Path.of(System.getProperty("user.home"), ".ssh");
        return new SshTarget(host.name(), ssh.address(), ssh.port(), ssh.user(),
                ssh.identityFile() != null ? ssh.identityFile() : sshDirectory.resolve("id_ed25519"),
                ssh.knownHosts() != null ? ssh.knownHosts() : sshDirectory.resolve("known_hosts"), ssh.sudo(),
                ssh.connectTimeout());
    }

    /** Closes every connection; failures to say goodbye are returned, one line per host, for the report. */
    public List<String> closeAll() {
        List<String> problems = new ArrayList<>();
        for (RemoteHost remote : connections.values()) {
            try {
                remote.close();
            } catch (RemoteException e) {
                problems.add(e.getMessage());
            }
        }
        connections.clear();
        return problems;
    }
}
