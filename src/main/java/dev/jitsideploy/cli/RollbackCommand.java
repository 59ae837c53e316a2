package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.report.RunReport;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code rollback}: restores the files the last apply replaced and restarts what they feed. */
final class RollbackCommand implements Command {

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public String summary() {
        return "restore the files saved by the last apply on each host and restart what they feed";
    }

    @Override
    public Options options() {
        return FleetCommandSupport.fleetOptions();
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session, true);
        RunReport report;
        try {
            report = new RunReport("rollback", new Fleet(forks, 0).run(fleet.hosts(), fleet.deployment()::rollback));
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        var text = FleetCommandSupport.textStream(line, session);
        text.print(report.recapText());
        JsonOutput.write(line, session, report.toJson(fleet.inventory().warnings()));
        return report.anyFailed() ? ExitCode.HOST_FAILED : ExitCode.OK;
    }
}
