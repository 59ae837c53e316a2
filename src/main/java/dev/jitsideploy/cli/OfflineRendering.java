package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/** What validate and render share: load the inventory, apply --limit, render the hosts, print the warnings. */
final class OfflineRendering {

    private OfflineRendering() {
    }

    static FleetRenderer.Outcome run(CommandLine line, Session session, boolean secretsRequired) throws Exception {
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        var hosts = HostLimit.select(inventory, line.getOptionValue("limit"));
        FleetRenderer.Outcome outcome = new FleetRenderer(new SecretResolver(session.environment()))
                .render(inventory, hosts, secretsRequired);
        List<InputProblem> warnings = new ArrayList<>(inventory.warnings());
        warnings.addAll(outcome.warnings());
        warnings.forEach(session.err()::println);
        return new FleetRenderer.Outcome(outcome.hosts(), warnings);
    }
}
