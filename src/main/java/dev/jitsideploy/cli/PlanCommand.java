package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.report.RunReport;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code plan}: what apply would change on each host, read over SSH, with secrets redacted. Changes nothing. */
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
                .desc("exit 0 when nothing would change, 3 when changes are pending, 1 when a host failed").get());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session, false);
        List<HostOutcome> outcomes;
        try {
            outcomes = new Fleet(forks, 0).run(fleet.hosts(), FleetCommandSupport.releasingAfter(fleet, session,
                    fleet.deployment()::plan));
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        RunReport report = new RunReport("plan", outcomes);
        var text = FleetCommandSupport.textStream(line, session);
        text.print(report.plansText());
        text.print(report.recapText());
        JsonOutput.write(line, session, report.toJson(fleet.inventory().warnings()));
        if (report.anyFailed()) {
            return ExitCode.HOST_FAILED;
        }
        return line.hasOption("detailed-exitcode") && report.anyChanged() ? ExitCode.CHANGES_PENDING : ExitCode.OK;
    }
}
