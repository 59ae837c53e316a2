package dev.jitsideploy.inventory;

import java.util.Map;

/**
 * Extra top-level settings for config.js (e.g. {@code disableAudioLevels: true}). Values are String, Boolean,
 * Long, Double, {@link Null#VALUE}, List or Map (of the same), in inventory order.
 */
public record ConfigJsSettings(Map<String, Object> extra) {

    public ConfigJsSettings {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /** JavaScript {@code null} (YAML {@code ~} or {@code null}); a Map cannot hold a Java null. */
    public enum Null { VALUE }
}
