package dev.jitsideploy.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated inventory.
 *
 * @param file      the inventory file (absolute)
 * @param templates the templates directory from the {@code templates} key, or null when the built-in ones are used
 * @param groups    group name to its host names, in inventory order
 * @param hosts     every host, in inventory order
 * @param warnings  things that are allowed but deserve the operator's attention (printed on stderr)
 */
public record Inventory(Path file, Path templates, Map<String, List<String>> groups, List<HostConfig> hosts,
                        List<InputProblem> warnings) {

    public Inventory {
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        hosts = List.copyOf(hosts);
        warnings = List.copyOf(warnings);
    }
}
