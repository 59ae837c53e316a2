package dev.jitsideploy.inventory;

import java.util.Map;

/**
 * Extra top-level settings for config.js (e.g. {@code disableAudioLevels: true}). Values are String, Boolean,
 * Long, Double, List or Map (of the same), in inventory order.
 */
public record ConfigJsSettings(Map<String, Object> extra) {

    public ConfigJsSettings {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
