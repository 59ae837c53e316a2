package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.secrets.CredentialedInventory;
import dev.jitsideploy.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/** What validate and render share: load the inventory, apply --limit, render the hosts, print the warnings. */
final class OfflineRendering {

    private OfflineRendering() {
    }

    static FleetRenderer.Outcome run(CommandLine line, Session session, boolean secretsRequired) throws Exception {
        CredentialedInventory loaded = CredentialedInventory.load(session.resolve(line.getOptionValue("inventory")),
                line.getOptionValue("limit"), new SecretResolver(session.environment()), secretsRequired);
        FleetRenderer.Outcome outcome = new FleetRenderer(loaded.credentials()).render(loaded.inventory(),
                loaded.hosts());
        List<InputProblem> warnings = new ArrayList<>(loaded.inventory().warnings());
        warnings.addAll(outcome.warnings());
        warnings.forEach(session.err()::println);
        return new FleetRenderer.Outcome(outcome.hosts(), warnings);
    }
}
