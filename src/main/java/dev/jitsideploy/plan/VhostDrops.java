package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What rendering the Prosody vhost file whole would drop from the host's current one, section by section (global,
 * each VirtualHost and Component, read by {@link ProsodyConfig}): whole sections, modules of {@code modules_enabled}
 * and settings. Modules and settings of the global section, the token VirtualHost and the conference MUC have
 * inventory keys ({@code prosody.*_modules}, {@code prosody.*_settings}); the others only a copy of the template.
 * A setting whose value changes is not a drop (the diff shows it).
 */
public final class VhostDrops {

    static final String TEMPLATE = "prosody-vhost.cfg.lua.ftl";

    /**
     * Settings the inventory's {@code auth.*} keys decide (switching HS256 to RS256 drops app_secret on purpose), and
     * the older name of the TURN secret, which is carried over under its current name.
     */
    private static final Set<String> DECIDED_BY_AUTH = Set.of("authentication", "app_id", "app_secret",
            "asap_key_server", "signature_algorithm", "asap_accepted_issuers", "asap_accepted_audiences",
            "allow_empty_token", "enable_domain_verification", "turncredentials_secret");

    private VhostDrops() {
    }

    public static List<Drop> of(HostConfig host, ProsodyConfig current, ProsodyConfig rendered) {
        List<Drop> drops = new ArrayList<>();
        for (ProsodyConfig.Section section : current.sections()) {
            Optional<ProsodyConfig.Section> planned = rendered.section(section.name());
            if (planned.isEmpty()) {
                if (!section.settings().isEmpty() || !section.kind().equals("global")) {
                    drops.add(new Drop(section.kind() + " " + section.name(), Optional.empty(), section.name(), null,
                            TEMPLATE));
                }
                continue;
            }
            String where = section.name().equals(ProsodyConfig.GLOBAL) ? "global" : section.name();
            Optional<String> modulesKey = key(host, section.name(), "modules");
            for (String module : section.modules()) {
                if (!planned.get().modules().contains(module)) {
                    drops.add(new Drop(where + ": module " + module,
                            section.name().equals(ProsodyConfig.GLOBAL) ? Optional.empty() : modulesKey, module,
                            module, TEMPLATE));
                }
            }
            Optional<String> settingsKey = key(host, section.name(), "settings");
            section.settings().forEach((name, value) -> {
                if (!planned.get().settings().containsKey(name) && !name.equals("modules_enabled")
                        && !name.equals(ProsodyConfig.COMPONENT_MODULE) && !DECIDED_BY_AUTH.contains(name)) {
                    drops.add(new Drop(where + ": " + name, settingsKey, name, value, TEMPLATE));
                }
            });
        }
        return drops;
    }

    /** prosody.vhost_*, prosody.muc_* or prosody.global_settings for the sections that have keys. */
    private static Optional<String> key(HostConfig host, String section, String what) {
        if (section.equals(ProsodyConfig.GLOBAL)) {
            return what.equals("settings") ? Optional.of("prosody.global_settings") : Optional.empty();
        }
        if (section.equals(host.domains().domain())) {
            return Optional.of("prosody.vhost_" + what);
        }
        if (section.equals(host.domains().muc())) {
            return Optional.of("prosody.muc_" + what);
        }
        return Optional.empty();
    }
}
