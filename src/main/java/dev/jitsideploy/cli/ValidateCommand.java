package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.secrets.SecretResolver;
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
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        var hosts = HostLimit.select(inventory, line.getOptionValue("limit"));
        FleetRenderer.Outcome outcome = new FleetRenderer(new SecretResolver(session.environment()),
                BuiltInTemplates.directory()).render(inventory, hosts, false);
        for (InputProblem warning : inventory.warnings()) {
            session.err().println(warning);
        }
        for (InputProblem warning : outcome.warnings()) {
            session.err().println(warning);
        }
        for (RenderedHost host : outcome.hosts()) {
            session.out().println("ok: " + host.host().name() + " (" + host.host().domain() + "): "
                    + host.files().size() + " files render");
        }
        return ExitCode.OK;
    }
}
