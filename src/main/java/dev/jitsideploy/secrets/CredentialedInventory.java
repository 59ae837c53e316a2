package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An inventory, the hosts {@code --limit} selects and their token credentials, resolved right after the inventory is
 * loaded: a missing secret, a too short one or an empty key directory is reported in the same list as a bad domain,
 * all at once and in the order of the file.
 *
 * @param inventory   the inventory
 * @param hosts       the selected hosts, in inventory order
 * @param credentials the selected hosts' token credentials
 */
public record CredentialedInventory(Inventory inventory, List<HostConfig> hosts, FleetCredentials credentials) {

    public CredentialedInventory {
        hosts = List.copyOf(hosts);
    }

    /**
     * @param limit           the {@code --limit} value, or null for every host
     * @param secretsRequired false for {@code validate} ({@link FleetCredentials#resolve})
     * @throws InvalidInputException with every problem of the inventory, the limit and the credentials
     */
    public static CredentialedInventory load(Path file, String limit, SecretResolver secrets,
                                             boolean secretsRequired) throws InvalidInputException {
        InventoryLoader.Reading reading = new InventoryLoader().read(file);
        List<InputProblem> problems = new ArrayList<>(reading.problems());
        Inventory inventory = reading.inventory();
        List<HostConfig> hosts = List.of();
        FleetCredentials credentials = null;
        if (inventory != null) {
            try {
                hosts = HostLimit.select(inventory, limit);
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
            credentials = FleetCredentials.resolve(hosts, secrets, secretsRequired, problems);
        }
        InvalidInputException.throwIfAny(problems);
        return new CredentialedInventory(inventory, hosts, credentials);
    }
}
