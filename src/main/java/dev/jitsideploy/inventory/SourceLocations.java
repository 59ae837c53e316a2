package dev.jitsideploy.inventory;

import java.util.Map;

/**
 * Where each effective value of a host came from, keyed by its dotted key path ({@code auth.app_id}); a key not
 * written anywhere maps to the host's own entry.
 */
public record SourceLocations(Location host, Map<String, Location> values) {

    public SourceLocations {
        values = Map.copyOf(values);
    }

    public Location of(String keyPath) {
        return values.getOrDefault(keyPath, host);
    }
}
