package dev.jitsideploy.cli;

import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.render.RenderedHost;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code validate}: checks the inventory and renders every selected host in memory; nothing leaves the machine. */
final class ValidateCommand implements Command {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "check the inventory and render every host in memory (no host is contacted)";
    }

    @Override
    public Options options() {
        return new Options().addOption(CommonOptions.inventory()).addOption(CommonOptions.limit())
                .addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        FleetRenderer.Outcome outcome = OfflineRendering.run(line, session, false);
        for (RenderedHost host : outcome.hosts()) {
            session.out().println("ok: " + host.host().name() + " (" + host.host().domain() + "): "
                    + host.files().size() + " files render");
        }
        return ExitCode.OK;
    }
}
