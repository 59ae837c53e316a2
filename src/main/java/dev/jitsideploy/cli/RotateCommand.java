package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.deploy.RunLockHolder;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.report.KeyRotationReport;
import dev.jitsideploy.report.RotationReport;
import dev.jitsideploy.report.RunReport;
import dev.jitsideploy.report.SecretRotationReport;
import dev.jitsideploy.rollout.FleetRollout;
import dev.jitsideploy.rollout.KeyRotationResult;
import dev.jitsideploy.rollout.KeyRotationRun;
import dev.jitsideploy.rollout.SecretRotationResult;
import dev.jitsideploy.rollout.SecretRotationRun;
import dev.jitsideploy.secrets.AppSecretGenerator;
import dev.jitsideploy.secrets.AppSecretRotation;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyRotation;
import dev.jitsideploy.secrets.SecretFileStore;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.verify.ProbeTransport;
import dev.jitsideploy.verify.token.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code rotate}. HS256: a new app secret for the selected hosts, deployed host by host (or in batches), each
 * verified, then stored; or, when any host fails, every host back on the previous secret, verified, and the secret
 * file unchanged. RS256: a new key pair, its public key published next to the previous one on every host (no
 * restart), both verified; or, when any host fails, the new key taken back everywhere and retired locally.
 */
final class RotateCommand implements Command {

    private static final List<ProbeTransport> TRANSPORTS = List.of(ProbeTransport.BOSH, ProbeTransport.WEBSOCKET);

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public String summary() {
        return "rotate the HS256 secret or the RS256 key fleet-wide, verified, all or nothing";
    }

    @Override
    public Options options() {
        return FleetCommandSupport.fleetOptions().addOption(CommonOptions.keepBackups())
                .addOption(Option.builder().longOpt("serial").hasArg().argName("N")
                        .desc("hosts rotated at a time (default 1: host by host); a failure stops the run and takes"
                                + " it back").get())
                .addOption(Option.builder().longOpt("yes").desc("rotate without asking (required without a terminal)")
                        .get())
                .addOption(Option.builder().longOpt("secret-out").hasArg().argName("FILE")
                        .desc("HS256 with an app_secret from {env: NAME}: write the new secret to FILE (0600)").get())
                .addOption(Option.builder().longOpt("kid").hasArg().argName("KID")
                        .desc("RS256: the new key's kid (default: k<UTC time>, e.g. k20261123T120000Z)").get())
                .addOption(Option.builder().longOpt("bits").hasArg().argName("N")
                        .desc("RS256: the new key's RSA size, " + KeyDirectory.KEY_SIZES.stream().map(String::valueOf)
                                .collect(Collectors.joining(", ")) + " (default 2048)").get());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        int serial = CommonOptions.positiveInt(line, "serial", 1);
        if (!line.hasOption("yes") && !session.interactive()) {
            throw new ParseException("no terminal to confirm on: pass --yes to rotate without asking");
        }
        FleetCommandSupport.Selection selection = FleetCommandSupport.select(line, session);
        if (selection.hosts().stream().anyMatch(host -> host.auth().isRs256())) {
            if (line.hasOption("secret-out")) {
                throw new ParseException("--secret-out is for HS256 secrets; RS256 hosts rotate keys");
            }
            return rotateKey(line, session, selection, forks, serial);
        }
        if (line.hasOption("kid") || line.hasOption("bits")) {
            throw new ParseException("--kid and --bits are for RS256 keys; these hosts use an HS256 secret");
        }
        return rotateSecret(line, session, selection, forks, serial);
    }

    private static int rotateSecret(CommandLine line, Session session, FleetCommandSupport.Selection selection,
                                    int forks, int serial) throws Exception {
        FleetCredentials current = selection.credentials();
        Path secretOut = line.hasOption("secret-out") ? session.resolve(line.getOptionValue("secret-out")) : null;
        AppSecretRotation rotation = AppSecretRotation.prepare(selection.inventory(), selection.hosts(), secretOut,
                current, new AppSecretGenerator(new SecureRandom()));
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session,
                new FleetCommandSupport.Selection(selection.inventory(), rotation.hosts(),
                        SecretRotationRun.rotated(rotation, current)), true);
        fleet.deployment().holdRunLocks(RunLockHolder.thisProcess("rotate"));
        ApplyGate gate = new ApplyGate(fleet.deployment(), SecretRotationRun.afterSwitch(rotation, current),
                SecretRotationRun.beforeSwitch(rotation, current), TRANSPORTS, Clock.systemUTC());
        SecretRotationRun rotationRun = new SecretRotationRun(rotation,
                new FleetRollout(fleet.deployment(), gate, forks, serial), new SecretFileStore());
        PrintStream text = FleetCommandSupport.textStream(line, session);
        text.println("rotate: a new HS256 app secret for " + names(rotation.hosts()) + " ("
                + rotation.reference().describe() + "), " + serial + " host(s) at a time");
        text.println("rotate: note: Prosody restarts on every host, which ends the meetings running there; token"
                + " issuers must switch to the new secret at the same time (it is stored in " + rotation.storeTo()
                + " once every host runs it)");
        SecretRotationResult result;
        try {
            Go go = planAndAsk(line, session, text, rotationRun.plan(), "Rotate the app secret");
            if (go != Go.AHEAD) {
                return go.exitCode;
            }
            result = rotationRun.run(ApplyCommand.newRunId());
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        return report(line, session, text, new SecretRotationReport(result), fleet.inventory().warnings());
    }

    private static int rotateKey(CommandLine line, Session session, FleetCommandSupport.Selection selection,
                                 int forks, int serial) throws Exception {
        FleetCredentials credentials = selection.credentials();
        int bits = CommonOptions.positiveInt(line, "bits", 2048);
        if (!KeyDirectory.KEY_SIZES.contains(bits)) {
            throw new ParseException("--bits: use one of " + KeyDirectory.KEY_SIZES);
        }
        Clock clock = Clock.systemUTC();
        KeyRotation rotation = KeyRotation.prepare(selection.inventory(), selection.hosts(),
                line.getOptionValue("kid"), clock.instant());
        SigningKey previous = SigningKey.rsaSha256(rotation.previousSigningKey());
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session,
                new FleetCommandSupport.Selection(selection.inventory(), rotation.hosts(), credentials), true);
        fleet.deployment().holdRunLocks(RunLockHolder.thisProcess("rotate"));
        ApplyGate gate = new ApplyGate(fleet.deployment(), KeyRotationRun.afterPublishing(rotation, credentials,
                previous), KeyRotationRun.beforePublishing(credentials, previous), TRANSPORTS, clock);
        KeyRotationRun rotationRun = new KeyRotationRun(rotation,
                new FleetRollout(fleet.deployment(), gate, forks, serial), clock);
        PrintStream text = FleetCommandSupport.textStream(line, session);
        text.println("rotate: a new RS256 key " + rotation.next() + " for " + names(rotation.hosts())
                + ", published next to " + rotation.previous() + ", " + serial
                + " host(s) at a time; nothing restarts");
        KeyRotationResult result;
        try {
            rotationRun.createKey(bits);
            text.println("rotate: created RSA " + bits + " key " + rotation.next() + " in " + rotation.keys().path()
                    + " (private key 0600, stays on this machine)");
            Go go;
            try {
                go = planAndAsk(line, session, text, rotationRun.plan(), "Publish key " + rotation.next());
            } catch (IOException | RuntimeException | InterruptedException e) {
                rotationRun.abandon();
                throw e;
            }
            if (go != Go.AHEAD) {
                rotationRun.abandon();
                text.println("rotate: key " + rotation.next() + " was never published; retired locally (a kid is"
                        + " never reused)");
                return go.exitCode;
            }
            result = rotationRun.run(ApplyCommand.newRunId());
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        return report(line, session, text, new KeyRotationReport(result), fleet.inventory().warnings());
    }

    /** Prints the recap and the verdict, writes --json; exit 1 unless the fleet rotated. */
    private static int report(CommandLine line, Session session, PrintStream text, RotationReport report,
                              List<InputProblem> warnings) throws IOException {
        text.print(report.recapText());
        report.verdict().forEach(text::println);
        JsonOutput.write(line, session, () -> report.toJson(warnings));
        return report.failed() ? ExitCode.HOST_FAILED : ExitCode.OK;
    }

    /** Whether a rotation goes on after its plans were shown. */
    private enum Go {
        AHEAD(ExitCode.OK),
        CANCELLED(ExitCode.OK),
        NOT_EVERY_HOST_PLANNED(ExitCode.HOST_FAILED);

        private final int exitCode;

        Go(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /**
     * Shows the plans; a rotation needs every selected host (otherwise the fleet would be half-rotated), and, on a
     * terminal without --yes, the operator's yes.
     */
    private static Go planAndAsk(CommandLine line, Session session, PrintStream text, List<HostOutcome> planned,
                                 String question) throws IOException {
        RunReport plans = new RunReport("plan", planned);
        text.print(plans.plansText());
        if (plans.anyFailed()) {
            text.print(plans.recapText());
            text.println("rotate: not started: every selected host must be reachable and pass preflight, or the"
                    + " fleet would be half-rotated; nothing was changed on any host");
            return Go.NOT_EVERY_HOST_PLANNED;
        }
        if (!line.hasOption("yes") && !ApplyCommand.confirmed(session, question + " on " + planned.size()
                + " host(s)?")) {
            text.println("rotate: cancelled, nothing changed on any host");
            return Go.CANCELLED;
        }
        return Go.AHEAD;
    }

    private static String names(List<HostConfig> hosts) {
        return hosts.stream().map(HostConfig::name).collect(Collectors.joining(", "));
    }
}
