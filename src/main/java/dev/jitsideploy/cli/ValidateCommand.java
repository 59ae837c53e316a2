package dev.jitsideploy.cli;

import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.report.JsonDocument;
import dev.jitsideploy.report.ValidateDocument;
import java.io.PrintStream;
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
                .addOption(CommonOptions.json()).addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        FleetRenderer.Outcome outcome = OfflineRendering.run(line, session, false);
        PrintStream text = FleetCommandSupport.textStream(line, session);
        for (RenderedHost host : outcome.hosts()) {
            text.println("ok: " + host.host().name() + " (" + host.host().domain() + "): "
                    + host.files().size() + " files render");
        }
        JsonOutput.write(line, session,
                () -> JsonDocument.write(ValidateDocument.of(outcome.hosts(), outcome.warnings())));
        return ExitCode.OK;
    }
}
