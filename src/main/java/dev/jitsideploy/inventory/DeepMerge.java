package dev.jitsideploy.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Merges host-level settings: defaults, then group vars, then the host's own. Mappings merge key by key; anything
 * else is replaced whole. Each value keeps the location where it was written, so errors point at the winning line.
 */
final class DeepMerge {

    /** Keys whose mapping is one value: merging {@code {file: x}} over {@code {env: Y}} must not give both. */
    private static final Set<String> WHOLE_VALUE_KEYS = Set.of("app_secret");

    private DeepMerge() {
    }

    static YamlValue.Mapping merge(YamlValue.Mapping base, YamlValue.Mapping over) {
        Map<String, YamlValue> entries = new LinkedHashMap<>(base.entries());
        Map<String, Location> keyAt = new LinkedHashMap<>(base.keyAt());
        for (Map.Entry<String, YamlValue> entry : over.entries().entrySet()) {
            String key = entry.getKey();
            YamlValue mine = entries.get(key);
            YamlValue theirs = entry.getValue();
            if (mine instanceof YamlValue.Mapping baseMap && theirs instanceof YamlValue.Mapping overMap
                    && !WHOLE_VALUE_KEYS.contains(key)) {
                entries.put(key, merge(baseMap, overMap));
            } else {
                entries.put(key, theirs);
            }
            keyAt.put(key, over.keyAt().get(key));
        }
        return new YamlValue.Mapping(over.at(), entries, keyAt);
    }
}
