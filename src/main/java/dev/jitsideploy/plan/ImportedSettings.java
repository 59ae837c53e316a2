package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.ConfigJsSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.render.ConfigJsObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The host settings that keep what a host's current files have beyond the rendered ones ({@code import --host}):
 * for each inventory key a drop names, the host's current inventory value with the dropped entries added, so pasted
 * into the host's entry it replaces (lists) or extends (mappings) what is there and the next plan drops nothing.
 *
 * @param settings host settings as nested mappings ({@code config_js: {extra: ...}}, {@code prosody: {...}})
 * @param notKept  what no inventory key keeps, each with why
 */
public record ImportedSettings(Map<String, Object> settings, List<String> notKept) {

    public static ImportedSettings of(HostConfig host, List<Drop> drops) {
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> notKept = new ArrayList<>();
        for (Drop drop : drops) {
            if (drop.inventoryKey().isEmpty()) {
                notKept.add(drop.text());
                continue;
            }
            String key = drop.inventoryKey().get();
            if (!writable(drop.value())) {
                notKept.add(drop.what() + " (its value, e.g. a function, has no inventory form)");
                continue;
            }
            String[] parts = key.split("\\.");
            @SuppressWarnings("unchecked")
            Map<String, Object> section = (Map<String, Object>) settings.computeIfAbsent(parts[0],
                    name -> new LinkedHashMap<String, Object>());
            if (key.endsWith("_modules")) {
                @SuppressWarnings("unchecked")
                LinkedHashSet<String> modules = (LinkedHashSet<String>) section.computeIfAbsent(parts[1],
                        name -> new LinkedHashSet<>(current(host, key)));
                modules.add(drop.entry());
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> entries = (Map<String, Object>) section.computeIfAbsent(parts[1],
                        name -> new LinkedHashMap<>(currentMap(host, key)));
                entries.put(drop.entry(), drop.value());
            }
        }
        return new ImportedSettings(settings, notKept);
    }

    @SuppressWarnings("unchecked")
    private static List<String> current(HostConfig host, String key) {
        return key.equals("prosody.vhost_modules") ? host.prosody().vhostModules() : host.prosody().mucModules();
    }

    /** The inventory's value of a mapping key, its JavaScript nulls as plain nulls. */
    private static Map<String, Object> currentMap(HostConfig host, String key) {
        Map<String, Object> map = switch (key) {
            case "config_js.extra" -> host.configJs().extra();
            case "prosody.global_settings" -> host.prosody().globalSettings();
            case "prosody.vhost_settings" -> host.prosody().vhostSettings();
            case "prosody.muc_settings" -> host.prosody().mucSettings();
            default -> throw new IllegalArgumentException("no such mapping key: " + key);
        };
        Map<String, Object> plain = new LinkedHashMap<>();
        map.forEach((name, value) -> plain.put(name, plainNulls(value)));
        return plain;
    }

    private static Object plainNulls(Object value) {
        if (value == ConfigJsSettings.Null.VALUE) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ImportedSettings::plainNulls).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(k, plainNulls(v)));
            return plain;
        }
        return value;
    }

    private static boolean writable(Object value) {
        if (value == ConfigJsObject.Unwritable.VALUE) {
            return false;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(ImportedSettings::writable);
        }
        return !(value instanceof Map<?, ?> map) || map.values().stream().allMatch(ImportedSettings::writable);
    }
}
