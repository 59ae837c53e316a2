package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.report.RunReport;
import dev.jitsideploy.report.SecretRotationReport;
import dev.jitsideploy.rotate.FleetRollout;
import dev.jitsideploy.rotate.SecretRotationResult;
import dev.jitsideploy.rotate.SecretRotationRun;
import dev.jitsideploy.secrets.AppSecretGenerator;
import dev.jitsideploy.secrets.AppSecretRotation;
import dev.jitsideploy.secrets.SecretFileStore;
import dev.jitsideploy.secrets.SecretResolver;
import dev.jitsideploy.verify.ApplyGate;
import dev.jitsideploy.verify.ProbeTransport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code rotate}: a new HS256 app secret for the selected hosts, deployed host by host (or in batches), each
 * verified, then stored; or, when any host fails, every host back on the previous secret, verified, and the secret
 * file unchanged.
 */
final class RotateCommand implements Command {

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public String summary() {
        return "rotate the HS256 app secret fleet-wide, verified, all or nothing (restarts Prosody)";
    }

    @Override
    public Options options() {
        return FleetCommandSupport.fleetOptions()
                .addOption(Option.builder().longOpt("serial").hasArg().argName("N")
                        .desc("hosts rotated at a time (default 1: host by host); a failure stops the run and takes"
                                + " it back").get())
                .addOption(Option.builder().longOpt("yes").desc("rotate without asking (required without a terminal)")
                        .get())
                .addOption(Option.builder().longOpt("secret-out").hasArg().argName("FILE")
                        .desc("for an app_secret from {env: NAME}: write the new secret to FILE (0600)").get());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        int serial = CommonOptions.positiveInt(line, "serial", 1);
        boolean yes = line.hasOption("yes");
        if (!yes && !session.interactive()) {
            throw new ParseException("no terminal to confirm on: pass --yes to rotate without asking");
        }
        Path secretOut = line.hasOption("secret-out") ? session.resolve(line.getOptionValue("secret-out")) : null;
        FleetCommandSupport.Selection selection = FleetCommandSupport.select(line, session);
        SecretResolver current = new SecretResolver(session.environment());
        AppSecretRotation rotation = AppSecretRotation.prepare(selection.inventory(), selection.hosts(), secretOut,
                current, new AppSecretGenerator(new SecureRandom()));
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session,
                new FleetCommandSupport.Selection(selection.inventory(), rotation.hosts()),
                SecretRotationRun.rotated(rotation, current));
        ApplyGate gate = new ApplyGate(fleet.deployment(), SecretRotationRun.afterSwitch(rotation, current),
                SecretRotationRun.beforeSwitch(rotation, current),
                List.of(ProbeTransport.BOSH, ProbeTransport.WEBSOCKET), Clock.systemUTC());
        SecretRotationRun rotationRun = new SecretRotationRun(rotation,
                new FleetRollout(fleet.deployment(), gate, forks, serial), new SecretFileStore());
        PrintStream text = FleetCommandSupport.textStream(line, session);
        text.println("rotate: a new HS256 app secret for " + names(rotation) + " (" + rotation.reference().describe()
                + "), " + serial + " host(s) at a time");
        text.println("rotate: note: Prosody restarts on every host, which ends the meetings running there; token"
                + " issuers must switch to the new secret at the same time (it is stored in " + rotation.storeTo()
                + " once every host runs it)");
        SecretRotationResult result;
        try {
            List<HostOutcome> planned = rotationRun.plan();
            RunReport plans = new RunReport("plan", planned);
            text.print(plans.plansText());
            if (plans.anyFailed()) {
                text.print(plans.recapText());
                text.println("rotate: not started: every selected host must be reachable and pass preflight, or the"
                        + " fleet would be half-rotated; nothing was changed");
                return ExitCode.HOST_FAILED;
            }
            if (!yes && !ApplyCommand.confirmed(session, "Rotate the app secret on " + planned.size()
                    + " host(s)?")) {
                text.println("rotate: cancelled, nothing changed");
                return ExitCode.OK;
            }
            result = rotationRun.run(ApplyCommand.newRunId());
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        SecretRotationReport report = new SecretRotationReport(result);
        text.print(report.recapText());
        report.verdict().forEach(text::println);
        FleetCommandSupport.writeJson(line, session, report.toJson());
        return report.failed() ? ExitCode.HOST_FAILED : ExitCode.OK;
    }

    private static String names(AppSecretRotation rotation) {
        return String.join(", ", rotation.hosts().stream().map(host -> host.name()).toList());
    }
}
