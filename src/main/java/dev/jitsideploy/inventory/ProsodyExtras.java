package dev.jitsideploy.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator adds to the Prosody configuration jitsi-deploy always renders: modules on the main vhost and on
 * the MUC, and settings (name to String, Boolean, Long, Double, List or Map value, in inventory order) at global
 * scope, in the main VirtualHost and in the MUC component.
 */
public record ProsodyExtras(List<String> vhostModules, List<String> mucModules, Map<String, Object> globalSettings,
                           Map<String, Object> vhostSettings, Map<String, Object> mucSettings) {

    public ProsodyExtras {
        vhostModules = List.copyOf(vhostModules);
        mucModules = List.copyOf(mucModules);
        globalSettings = Collections.unmodifiableMap(new LinkedHashMap<>(globalSettings));
        vhostSettings = Collections.unmodifiableMap(new LinkedHashMap<>(vhostSettings));
        mucSettings = Collections.unmodifiableMap(new LinkedHashMap<>(mucSettings));
    }

    /** Modules only (no settings). */
    public ProsodyExtras(List<String> vhostModules, List<String> mucModules) {
        this(vhostModules, mucModules, Map.of(), Map.of(), Map.of());
    }
}
