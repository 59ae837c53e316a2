package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.RunLockHolder;
import dev.jitsideploy.report.RunReport;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.rollout.FleetRollback;
import dev.jitsideploy.verify.ProbeTransport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code rollback}: restores the files the last apply replaced and restarts what they feed, then verifies each
 * rolled-back host ({@link FleetRollback} does the run; this class reads the options and prints the outcome).
 * {@code --with-secret} rolls the secret file or key directory back with the hosts when the last run switched them.
 */
final class RollbackCommand implements Command {

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public String summary() {
        return "restore the files saved by the last apply on each host, restart what they feed, then verify";
    }

    @Override
    public Options options() {
        return FleetCommandSupport.fleetOptions().addOption(CommonOptions.keepBackups())
                .addOption(Option.builder().longOpt("with-secret").desc("when the last run switched the token"
                        + " credentials: also put the previous HS256 secret back in the secret file (FILE.previous),"
                        + " or retire locally the RS256 keys that run published")
                        .get())
                .addOption(Option.builder().longOpt("no-verify").desc("skip the verification after the rollback"
                        + " (not recommended)").get());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session, true);
        var text = FleetCommandSupport.textStream(line, session);
        fleet.deployment().holdRunLocks(RunLockHolder.thisProcess("rollback"));
        RunReport report;
        try {
            FleetRollback rollback = new FleetRollback(fleet.deployment(), fleet.inventory(), fleet.hosts(), forks);
            FleetRollback.Survey survey = rollback.survey();
            String again = JitsiDeploy.PROGRAM + " rollback -i " + line.getOptionValue("inventory")
                    + (line.hasOption("limit") ? " --limit " + line.getOptionValue("limit") : "");
            Optional<String> refusal = rollback.refusal(survey, line.hasOption("with-secret"), JitsiDeploy.PROGRAM,
                    again, JitsiDeploy.PROGRAM + " verify -i " + line.getOptionValue("inventory"));
            if (refusal.isPresent()) {
                session.err().println(refusal.get());
                return ExitCode.BAD_INPUT;
            }
            // Resolved again: after --with-secret the inventory's secret file holds the previous value.
            FleetRollback.Result result = rollback.run(survey, line.hasOption("no-verify") ? Optional.empty()
                    : Optional.of(() -> new ApplyGate(fleet.deployment(), FleetCommandSupport.credentials(session,
                    fleet.hosts()), List.of(ProbeTransport.BOSH, ProbeTransport.WEBSOCKET), Clock.systemUTC())));
            result.jointStep().ifPresent(done -> text.println("rollback: " + done));
            report = new RunReport("rollback", result.hosts(), Map.of(), result.verified());
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        text.print(report.recapText());
        JsonOutput.write(line, session, () -> report.toJson(fleet.inventory().warnings()));
        return report.anyFailed() ? ExitCode.HOST_FAILED : ExitCode.OK;
    }
}
