package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.deploy.SudoPasswords;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.remote.HostKeyPolicy;
import dev.jitsideploy.remote.StepTimings;
import dev.jitsideploy.remote.SudoPassword;
import dev.jitsideploy.remote.SshTarget;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.secrets.CredentialedInventory;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.secrets.SecretResolver;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** What plan, apply and rollback share: inventory and --limit, the deployment, host key policy, JSON output. */
final class FleetCommandSupport {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

    private FleetCommandSupport() {
    }

    /** The options every fleet command takes; each command adds its own. */
    static Options fleetOptions() {
        return new Options().addOption(CommonOptions.inventory()).addOption(CommonOptions.limit())
                .addOption(CommonOptions.forks()).addOption(CommonOptions.json()).addOption(acceptNewHostKeys())
                .addOption(askBecomePass()).addOption(CommonOptions.verbose()).addOption(CommonOptions.help());
    }

    private static Option acceptNewHostKeys() {
        return Option.builder().longOpt("accept-new-host-keys")
                .desc("trust and record the key of a host that known_hosts does not list yet (never a changed key)")
                .get();
    }

    private static Option askBecomePass() {
        return Option.builder("K").longOpt("ask-become-pass")
                .desc("ask once, on the console and without echo, for the sudo password of the hosts that log in"
                        + " through sudo and whose inventory names no ssh.sudo_password").get();
    }

    /**
     * @param progress    the progress lines of a run that changes hosts, or null (plan, verify)
     * @param credentials the token credentials the deployment renders with
     */
    record Fleet(Inventory inventory, List<HostConfig> hosts, Deployment deployment, ProgressLog progress,
                 FleetCredentials credentials) {
    }

    /** The inventory (its warnings printed), the hosts --limit selects and their token credentials. */
    record Selection(Inventory inventory, List<HostConfig> hosts, FleetCredentials credentials) {
    }

    /** @param progress whether to print progress lines (apply, rollback: runs that change hosts) */
    static Fleet open(CommandLine line, Session session, boolean progress) throws Exception {
        return open(line, session, select(line, session), progress);
    }

    /**
     * {@link #open(CommandLine, Session, boolean)} without the up-front sudo check (a round trip to every host): for
     * verify, which talks to the hosts over HTTPS and XMPP and uses SSH (and sudo) only to show a failing host's
     * Prosody log, and for plan, whose preflight runs through sudo and so proves it
     * ({@code Deployment#sudoRefusalsOfPlans}).
     */
    static Fleet openWithoutSudoCheck(CommandLine line, Session session) throws Exception {
        return open(line, session, select(line, session), false, false);
    }

    /**
     * Loads the inventory and resolves the selected hosts' token credentials in one step: their problems are
     * reported together, in the order of the file.
     */
    static Selection select(CommandLine line, Session session) throws Exception {
        CredentialedInventory loaded = CredentialedInventory.load(session.resolve(line.getOptionValue("inventory")),
                line.getOptionValue("limit"), new SecretResolver(session.environment()), true);
        for (InputProblem warning : loaded.inventory().warnings()) {
            session.err().println(warning);
        }
        return new Selection(loaded.inventory(), loaded.hosts(), loaded.credentials());
    }

    /**
     * The token credentials of {@code hosts} as their references read now: for one host picked by name
     * ({@code token --host}), or after a step of the run changed what they hold ({@code rollback --with-secret}
     * restores the secret file).
     */
    static FleetCredentials credentials(Session session, List<HostConfig> hosts) throws InvalidInputException {
        List<InputProblem> problems = new ArrayList<>();
        FleetCredentials credentials = FleetCredentials.resolve(hosts, new SecretResolver(session.environment()),
                true, problems);
        InvalidInputException.throwIfAny(problems);
        return credentials;
    }

    /** The selection with a deployment whose files are rendered with its credentials (a rotation's new secret). */
    static Fleet open(CommandLine line, Session session, Selection selection, boolean progress) throws Exception {
        return open(line, session, selection, progress, true);
    }

    private static Fleet open(CommandLine line, Session session, Selection selection, boolean progress,
                              boolean checkSudo) throws Exception {
        Inventory inventory = selection.inventory();
        // The SSH settings' own secrets (sudo password, key passphrase); the token credentials are the selection's.
        SecretResolver secrets = new SecretResolver(session.environment());
        ProgressLog progressLog = progress ? new ProgressLog(textStream(line, session)) : null;
        HostKeyPolicy policy = line.hasOption("accept-new-host-keys") ? HostKeyPolicy.ACCEPT_NEW
                : HostKeyPolicy.STRICT;
        SudoPasswords sudoPasswords = SudoPasswords.of(selection.hosts(), secrets, askedSudoPassword(line));
        // Resolving SSH settings (ssh -G) and the sudo check connect to every host: a step of its own in the
        // progress lines, so a run is not silent before its first host's plan.
        String fleetStep = "SSH settings and sudo check (" + selection.hosts().size() + " hosts)";
        long fleetStart = System.nanoTime();
        boolean fleetReady = false;
        if (progressLog != null) {
            progressLog.started("fleet", fleetStep);
        }
        try {
            // The template engine starts (some 25 ms of class loading and set-up) while the hosts' SSH settings are
            // resolved, which is mostly waiting for `ssh -G`: both come before the first host is contacted.
            FutureTask<HostRenderer> renderer = new FutureTask<>(() -> new HostRenderer(inventory.templates()));
            Thread rendererStart = new Thread(renderer, "template-engine-start");
            rendererStart.setDaemon(true);
            rendererStart.start();
            Map<String, SshTarget> targets = SshSetup.targets(session, secrets).resolve(selection.hosts());
            Deployment deployment = new Deployment(started(renderer), selection.credentials(),
                    sudoPasswords,
                    policy, STEP_TIMEOUT, RESTART_TIMEOUT, targets, progressLog == null
                    ? StepTimingLog.of(line, session) : StepTimings.both(StepTimingLog.of(line, session), progressLog),
                    CommonOptions.positiveInt(line, "keep-backups", CommonOptions.DEFAULT_KEPT_BACKUPS));
            // A host whose sudo would refuse stops the run before anything is done on any host.
            List<InputProblem> refusals = checkSudo ? deployment.sudoRefusals(selection.hosts(),
                    CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS)) : List.of();
            if (!refusals.isEmpty()) {
                deployment.closeAll();
                throw new InvalidInputException(refusals);
            }
            fleetReady = true;
            return new Fleet(inventory, selection.hosts(), deployment, progressLog, selection.credentials());
        } finally {
            if (progressLog != null) {
                progressLog.ended("fleet", fleetStep, System.nanoTime() - fleetStart, fleetReady);
            }
        }
    }

    /** The renderer that {@code start} made; its own input error (an unusable templates directory) as thrown. */
    private static HostRenderer started(FutureTask<HostRenderer> start) throws Exception {
        try {
            return start.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * --ask-become-pass: the password, read once from the console without echo (as Ansible's -K does). Never from
     * standard input or an argument: a pipe or a command line would keep or show it.
     */
    private static Optional<SudoPassword> askedSudoPassword(CommandLine line) throws ParseException {
        if (!line.hasOption("ask-become-pass")) {
            return Optional.empty();
        }
        Console console = System.console();
        if (console == null) {
            throw new ParseException("--ask-become-pass needs a terminal to ask on; without one give the password"
                    + " in the inventory as ssh.sudo_password: {env: NAME} or {file: PATH}");
        }
        char[] typed = console.readPassword("sudo password: ");
        if (typed == null) {
            throw new ParseException("--ask-become-pass: no password was typed (end of input)");
        }
        String password = new String(typed);
        java.util.Arrays.fill(typed, ' ');
        if (password.isEmpty()) {
            throw new ParseException("--ask-become-pass: the password is empty");
        }
        return Optional.of(new SudoPassword(password, "the console (--ask-become-pass)"));
    }

    /**
     * {@code job}, then the host's connection released at once ({@link Deployment#release}): a command that is done
     * with a host when its job ends holds connections only for the hosts in flight, never for the whole fleet.
     */
    static java.util.function.Function<HostConfig, HostOutcome> releasingAfter(
            Fleet fleet, Session session, java.util.function.Function<HostConfig, HostOutcome> job) {
        return host -> {
            try {
                return job.apply(host);
            } finally {
                release(fleet, session, host);
            }
        };
    }

    /** Releases one host's connection now; a failed goodbye is mentioned as {@link #close} does. */
    static void release(Fleet fleet, Session session, HostConfig host) {
        fleet.deployment().release(host).ifPresent(problem -> session.err().println("note: " + problem));
    }

    /** Closes the connections; a host whose goodbye failed is mentioned, the run's verdict stands. */
    static void close(Fleet fleet, Session session) {
        if (fleet.progress() != null) {
            fleet.progress().close();
        }
        for (String problem : fleet.deployment().closeAll()) {
            session.err().println("note: " + problem);
        }
        fleet.deployment().timings().record("-", "connections closed", 0);
    }

    /** With --json - the JSON owns stdout; the text then goes to stderr so stdout stays parseable. */
    static java.io.PrintStream textStream(CommandLine line, Session session) {
        return "-".equals(line.getOptionValue("json")) ? session.err() : session.out();
    }
}
