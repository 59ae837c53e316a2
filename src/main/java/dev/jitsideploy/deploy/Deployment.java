package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.Planner;
import dev.jitsideploy.plan.Preflight;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HeldScript;
import dev.jitsideploy.remote.HostKeyPolicy;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.KnownHosts;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.remote.SshTarget;
import dev.jitsideploy.remote.SudoRefusedException;
import dev.jitsideploy.remote.StepTimings;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.secrets.AuthFingerprint;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.secrets.HostCredentials;
import dev.jitsideploy.secrets.PublicKeyFile;
import dev.jitsideploy.secrets.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * One run of plan, apply (with its gate), rollback or verify over a fleet. Each host gets one SSH connection,
 * opened by the first step and kept for every later step of the run (planning, then applying after the operator
 * confirmed, then the gate's rollback and log reading), closed by {@link #release} as soon as the command is done
 * with the host, or at the end ({@link #closeAll}). Releasing early keeps what a run holds (connections, their
 * reader and keep-alive threads, their buffers) proportional to the hosts in flight ({@code --forks}), not to the
 * fleet.
 * Safe to call for different hosts from different threads.
 */
public final class Deployment {

    private final HostRenderer renderer;
    private final FleetCredentials credentials;
    private final SudoPasswords sudoPasswords;
    /** The run's known_hosts, each file read once for every connection of the run. */
    private final KnownHosts knownHosts;
    private final Duration stepTimeout;
    private final Duration restartTimeout;
    private final StepTimings timings;
    private final int keptBackups;
    private final Map<String, SshTarget> targets;
    private final Map<String, RemoteHost> connections = new ConcurrentHashMap<>();
    private final Map<String, HostPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, Long> starts = new ConcurrentHashMap<>();
    private final Map<String, HeldScript> runLocks = new ConcurrentHashMap<>();
    private volatile RunLockHolder runLockHolder;

    /**
     * @param credentials   the token credentials the hosts' files are rendered with (a rotation's new secret)
     * @param sudoPasswords the password of each host whose sudo wants one
     * @param targets       where and how to reach each host ({@link SshTargets}), by host name
     * @param timings       receives how long each step on each host took ({@link StepTimings#NONE} for nothing)
     * @param keptBackups   how many run backups each host keeps (older ones are pruned after a successful run)
     */
    public Deployment(HostRenderer renderer, FleetCredentials credentials, SudoPasswords sudoPasswords,
                      HostKeyPolicy hostKeyPolicy, Duration stepTimeout, Duration restartTimeout,
                      Map<String, SshTarget> targets, StepTimings timings, int keptBackups) {
        this.targets = Map.copyOf(targets);
        this.renderer = renderer;
        this.sudoPasswords = sudoPasswords;
        this.credentials = credentials;
        this.knownHosts = new KnownHosts(hostKeyPolicy);
        this.stepTimeout = stepTimeout;
        this.restartTimeout = restartTimeout;
        this.timings = timings;
        this.keptBackups = keptBackups;
    }

    /**
     * From now on every host this run connects to is locked for it ({@link RunLock}) before anything is read: for
     * the commands that change hosts (apply, rotate, rollback), so two of them never interleave on one host.
     */
    public void holdRunLocks(RunLockHolder holder) {
        this.runLockHolder = holder;
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
        return timings.milestone(host.name(), "plan (connect, preflight, read and compare)",
                () -> planTimed(host, requested));
    }

    private HostOutcome planTimed(HostConfig host, Set<Restart> requested) {
        long start = System.nanoTime();
        starts.put(host.name(), start);
        try {
            HostCredentials hostCredentials = credentials.of(host);
            // Read per plan: a key rotation adds a key to the directory during the run.
            List<PublicKeyFile> publicKeys = hostCredentials.publishedKeys();
            RemoteHost remote = connect(host);
            HostPlan plan = new Planner(renderer, stepTimeout, timings).plan(remote, host,
                    hostCredentials.appSecret().orElse(null), publicKeys, requested);
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
        return apply(host, plans.get(host.name()), run);
    }

    /**
     * Applies {@code plan}, a plan {@link #plan} made for this host in this run (e.g. one checked against a saved
     * plan, docs/deploy.md), over the connection it was made on; null when there is none.
     */
    public HostOutcome apply(HostConfig host, HostPlan plan, String run) {
        RemoteHost remote = connections.get(host.name());
        long start = starts.getOrDefault(host.name(), System.nanoTime());
        if (plan == null || remote == null) {
            return HostOutcome.failed(host.name(), Optional.ofNullable(plan), List.of(), List.of(), false,
                    "no plan for this host (it could not be reached or planned)", HostApply.millis(start));
        }
        return timings.milestone(host.name(), "apply (total)",
                () -> new HostApply(stepTimeout, restartTimeout, keptBackups).apply(remote, plan, run, start));
    }

    /** Restores the files of the last apply on this host. */
    public HostOutcome rollback(HostConfig host) {
        return timings.milestone(host.name(), "rollback", () -> rollbackTimed(host));
    }

    private HostOutcome rollbackTimed(HostConfig host) {
        long start = System.nanoTime();
        try {
            return new HostRollback(stepTimeout, restartTimeout, keptBackups).rollback(connect(host), host, start);
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false, e.getMessage(),
                    HostApply.millis(start));
        }
    }

    /** Restores what {@code run} replaced on the host ({@link HostRollback#rollbackRun}) over the run's connection. */
    public HostOutcome rollbackRun(HostConfig host, String run) {
        return timings.milestone(host.name(), "roll back this run", () -> rollbackRunTimed(host, run));
    }

    private HostOutcome rollbackRunTimed(HostConfig host, String run) {
        long start = System.nanoTime();
        try {
            return new HostRollback(stepTimeout, restartTimeout, keptBackups)
                    .rollbackRun(connect(host), host, run, start);
        } catch (RemoteException e) {
            return HostOutcome.failed(host.name(), Optional.empty(), List.of(), List.of(), false, e.getMessage(),
                    HostApply.millis(start));
        }
    }

    /**
     * What the host's last run (the one {@link #rollback} would restore) deployed and replaced: empty when the host
     * has no backup to restore or its backup predates these records.
     */
    public Optional<LastRun> lastRun(HostConfig host) throws RemoteException {
        return new HostRollback(stepTimeout, restartTimeout, keptBackups).lastRun(connect(host), host)
                .map(run -> new LastRun(run.run(), run.auth(), run.paths()));
    }

    /**
     * The token credentials the inventory points the host at now, as a fingerprint: its app secret, or for RS256 its
     * newest key (the one tokens are signed with).
     */
    public AuthFingerprint inventoryCredentials(HostConfig host) throws InvalidInputException {
        return credentials.of(host).signer();
    }

    /** The file's bytes on the host now; empty when there is no such file. */
    public Optional<byte[]> currentBytes(HostConfig host, String path) throws RemoteException {
        return connect(host).read(path, stepTimeout).map(RemoteFile::content);
    }

    private static final HostScript MODULE_LOAD_ERRORS = HostScript.named("module-load-errors");

    /**
     * Why {@code focus.<domain>} knows no jicofo session, as far as the host's focus roster tells (one line, with
     * the command that fixes a missing subscription); when the host cannot be read, one line saying why.
     */
    public String focusRosterDiagnosis(HostConfig host) {
        String prosody = host.services().prosody();
        String restart = host.serviceManager() == ServiceManager.SYSV
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
            CommandResult result = connect(host).runPrivileged(
                    MODULE_LOAD_ERRORS.command(List.of(host.paths().prosodyLog())), stepTimeout);
            return LogTail.redact(result.stdoutText(), knownSecrets(host)).lines().toList();
        } catch (RemoteException e) {
            return List.of();
        }
    }

    /**
     * The last lines of the host's Prosody log with tokens and every secret this run knows for the host redacted;
     * when the log cannot be read, one line saying why.
     */
    public List<String> prosodyLogTail(HostConfig host, int lines) {
        try {
            return LogTail.read(connect(host), host.paths().prosodyLog(), lines, knownSecrets(host), stepTimeout);
        } catch (RemoteException e) {
            return List.of("(log not shown: " + e.getMessage() + ")");
        }
    }

    /** The secrets a text read from the host must not show: the app secret and those of this run's files. */
    private List<Secret> knownSecrets(HostConfig host) {
        List<Secret> known = new ArrayList<>(credentials.of(host).redacted());
        HostPlan plan = plans.get(host.name());
        if (plan != null) {
            plan.changes().forEach(change -> known.addAll(change.file().secrets()));
        }
        return known;
    }

    private RemoteHost connect(HostConfig host) throws RemoteException {
        RemoteHost remote = connections.get(host.name());
        if (remote == null) {
            SshTarget target = targets.get(host.name());
            if (target == null) {
                throw new RemoteException(host.name(), "connect", "no SSH settings were resolved for this host");
            }
            remote = RemoteHost.connect(target.withSudoPassword(sudoPasswords.of(host.name())), knownHosts,
                    timings);
            connections.put(host.name(), remote);
        }
        holdRunLock(host, remote);
        return remote;
    }

    /**
     * Takes the host's run lock once the run has a holder ({@link #holdRunLocks}), on whichever connection is open:
     * the up-front sudo check may have connected before the command asked for locks. A host whose lock another run
     * holds is dropped (connection closed) and the refusal thrown.
     */
    private void holdRunLock(HostConfig host, RemoteHost remote) throws RemoteException {
        RunLockHolder holder = runLockHolder;
        if (holder == null || runLocks.containsKey(host.name())) {
            return;
        }
        try {
            runLocks.put(host.name(), timings.time(host.name(), "run lock",
                    () -> RunLock.take(remote, host.domain(), holder, stepTimeout)));
        } catch (RemoteException e) {
            connections.remove(host.name());
            try {
                remote.close();
            } catch (RemoteException closeFailed) {
                e.addSuppressed(closeFailed);
            }
            throw e;
        }
    }

    /**
     * Asks every host that logs in through sudo whether sudo lets this run in (one command, {@code true}, with the
     * host's password if it has one), in parallel, before anything else is done on any host. Each host whose sudo
     * wants a password this run does not have, or refuses the one it has, is one problem, located at the host in the
     * inventory. Hosts that cannot be reached are left to the command's own steps, which report them.
     */
    public List<InputProblem> sudoRefusals(List<HostConfig> hosts) throws InterruptedException {
        return sudoRefusals(hosts, 10);
    }

    /**
     * {@link #sudoRefusals(List)}, {@code forks} hosts at a time. When the hosts are more than {@code forks}, each
     * host's connection is closed after its check (the command's own steps connect again, {@code forks} at a time),
     * so the check never holds a connection per host of the fleet; a fleet that fits in {@code forks} keeps them.
     */
    public List<InputProblem> sudoRefusals(List<HostConfig> hosts, int forks) throws InterruptedException {
        List<HostConfig> sudoHosts = hosts.stream().filter(host -> host.ssh().sudo()).toList();
        if (sudoHosts.isEmpty()) {
            return List.of();
        }
        boolean keepConnections = hosts.size() <= forks;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(sudoHosts.size(), forks)));
        try {
            List<Future<Optional<InputProblem>>> answers = new ArrayList<>();
            for (HostConfig host : sudoHosts) {
                answers.add(pool.submit(() -> {
                    try {
                        return sudoRefusal(host);
                    } finally {
                        if (!keepConnections) {
                            release(host);
                        }
                    }
                }));
            }
            List<InputProblem> problems = new ArrayList<>();
            for (Future<Optional<InputProblem>> answer : answers) {
                try {
                    answer.get().ifPresent(problems::add);
                } catch (ExecutionException e) {
                    // not a refusal (sudoRefusal catches those): the command's own steps meet and report it
                }
            }
            return problems;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The hosts among {@code hosts} whose sudo refused their plan's preflight, each one problem as
     * {@link #sudoRefusals} reports it: {@code plan}, which only reads, lets its preflight (which runs through sudo)
     * prove sudo instead of a round trip of its own; apply keeps the up-front check, every host before any changes.
     */
    public List<InputProblem> sudoRefusalsOfPlans(List<HostConfig> hosts) {
        List<InputProblem> problems = new ArrayList<>();
        for (HostConfig host : hosts) {
            Optional.ofNullable(plans.get(host.name())).flatMap(plan -> Preflight.sudoRefusal(plan.preflight()))
                    .ifPresent(refusal -> problems.add(host.sources().host().problem(refusal)));
        }
        return problems;
    }

    private Optional<InputProblem> sudoRefusal(HostConfig host) {
        try {
            connect(host).runPrivileged("check sudo", "true", stepTimeout);
            return Optional.empty();
        } catch (SudoRefusedException e) {
            return Optional.of(host.sources().host().problem(e.getMessage()));
        } catch (RemoteException e) {
            return Optional.empty(); // unreachable and the like: reported by the command's own steps
        }
    }

    /**
     * The command is done with this host: its run lock is given back and its connection closed now, instead of at
     * the end of the run. A later step on the host would connect again. A failure to say goodbye is returned (one
     * line, for the report), as {@link #closeAll} does.
     */
    public Optional<String> release(HostConfig host) {
        List<String> problems = new ArrayList<>();
        HeldScript lock = runLocks.remove(host.name());
        if (lock != null) {
            try {
                lock.close();
            } catch (RemoteException e) {
                problems.add(e.getMessage() + " (the lock goes with the connection, closed next)");
            }
        }
        RemoteHost remote = connections.remove(host.name());
        if (remote != null) {
            try {
                remote.close();
            } catch (RemoteException e) {
                problems.add(e.getMessage());
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** Closes every connection; failures to say goodbye are returned, one line per host, for the report. */
    public List<String> closeAll() {
        List<String> problems = new ArrayList<>();
        for (HeldScript lock : runLocks.values()) {
            try {
                lock.close();
            } catch (RemoteException e) {
                problems.add(e.getMessage() + " (the lock goes with the connection, closed next)");
            }
        }
        runLocks.clear();
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
