package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.plan.PlanFile;
import dev.jitsideploy.report.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code plan}: what apply would change on each host, read over SSH, with secrets redacted. Changes nothing; with
 * {@code --out FILE} it also saves the plan for {@code apply FILE} ({@link SavedPlans}).
 */
final class PlanCommand implements Command {

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String summary() {
        return "show per host what apply would change (redacted diffs, restarts); changes nothing";
    }

    @Override
    public Options options() {
        return FleetCommandSupport.fleetOptions().addOption(Option.builder().longOpt("detailed-exitcode")
                .desc("exit 0 when nothing would change, 3 when changes are pending, 1 when a host failed").get())
                .addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
                        .desc("also save the plan to FILE (mode 0600, no secrets) for 'apply FILE', which applies"
                                + " exactly it or refuses").get());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        Path out = line.hasOption("out") ? session.resolve(line.getOptionValue("out")) : null;
        if (out != null) {
            Optional<String> unwritable = PlanFile.unwritable(out);
            if (unwritable.isPresent()) {
                throw new ParseException(unwritable.get());
            }
        }
        // No separate sudo check: the preflight runs through sudo, and a host whose sudo refused it is the same
        // one-line error (exit 2) as apply's up-front check gives, after every host was read.
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.openWithoutSudoCheck(line, session);
        List<HostOutcome> outcomes;
        try {
            outcomes = new Fleet(forks, 0).run(fleet.hosts(), FleetCommandSupport.releasingAfter(fleet, session,
                    fleet.deployment()::plan));
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        InvalidInputException.throwIfAny(fleet.deployment().sudoRefusalsOfPlans(fleet.hosts()));
        RunReport report = new RunReport("plan", outcomes);
        var text = FleetCommandSupport.textStream(line, session);
        text.print(report.plansText());
        text.print(report.recapText());
        JsonOutput.write(line, session, () -> report.toJson(fleet.inventory().warnings()));
        if (report.anyFailed()) {
            if (out != null) {
                text.println("plan: " + out + " not written: a saved plan covers every host it names, and a host"
                        + " above failed");
            }
            return ExitCode.HOST_FAILED;
        }
        if (out != null) {
            PlanFile.write(out, SavedPlans.of(fleet.inventory(), outcomes));
            text.println("plan: saved to " + out + " (mode 0600, no secrets); apply exactly this plan with:"
                    + " jitsi-deploy apply -i " + line.getOptionValue("inventory") + " " + line.getOptionValue("out"));
        }
        return line.hasOption("detailed-exitcode") && report.anyChanged() ? ExitCode.CHANGES_PENDING : ExitCode.OK;
    }
}
