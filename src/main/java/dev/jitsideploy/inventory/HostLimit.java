package dev.jitsideploy.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code --limit} option: a comma-separated list of host and group names selecting part of the fleet. */
public final class HostLimit {

    private HostLimit() {
    }

    /**
     * The hosts named by {@code limit} (directly or through their group), in inventory order; every host when
     * {@code limit} is null or blank. An unknown name is an error (with a suggestion), never silently ignored.
     */
    public static List<HostConfig> select(Inventory inventory, String limit) throws InvalidInputException {
        if (limit == null || limit.isBlank()) {
            return inventory.hosts();
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<InputProblem> problems = new ArrayList<>();
        List<String> known = new ArrayList<>(inventory.groups().keySet());
        inventory.hosts().forEach(host -> known.add(host.name()));
        for (String raw : limit.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!known.contains(name)) {
                problems.add(InputProblem.inFile(inventory.file(), "--limit names '" + name
                        + "', which is neither a host nor a group of this inventory"
                        + Suggestion.didYouMean(name, known)));
            }
            wanted.add(name);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<HostConfig> selected = new ArrayList<>();
        for (HostConfig host : inventory.hosts()) {
            if (wanted.contains(host.name()) || wanted.contains(host.group())) {
                selected.add(host);
            }
        }
        return selected;
    }
}
