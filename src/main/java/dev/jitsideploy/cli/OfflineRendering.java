package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.secrets.SecretResolver;
import org.apache.commons.cli.CommandLine;

/** What validate and render share: load the inventory, apply --limit, render the hosts, print the warnings. */
final class OfflineRendering {

    private OfflineRendering() {
    }

    static FleetRenderer.Outcome run(CommandLine line, Session session, boolean secretsRequired) throws Exception {
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        var hosts = HostLimit.select(inventory, line.getOptionValue("limit"));
        FleetRenderer.Outcome outcome = new FleetRenderer(new SecretResolver(session.environment()),
                BuiltInTemplates.directory()).render(inventory, hosts, secretsRequired);
        for (InputProblem warning : inventory.warnings()) {
            session.err().println(warning);
        }
        for (InputProblem warning : outcome.warnings()) {
            session.err().println(warning);
        }
        return outcome;
    }
}
