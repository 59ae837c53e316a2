package dev.jitsideploy.plan;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A setting of a host's current file that the rendered file would not have, with the inventory key that keeps it.
 *
 * @param what         what is dropped, e.g. {@code p2p.stunServers} or {@code lab1.jitsi.test: module foo}
 * @param inventoryKey the key that keeps it ({@code config_js.extra}, {@code prosody.vhost_modules}, ...); empty when
 *                     none does (then only a copy of the template does)
 * @param entry        the entry of that key: a module name, a setting name or config.js's top-level key
 * @param value        the host's current value of {@code entry} (a module's name for modules)
 * @param template     the template that renders the file, for the advice when no key keeps it
 */
public record Drop(String what, Optional<String> inventoryKey, String entry, Object value, String template) {

    /** {@code what (keep it with KEY)}, or the template advice when no key keeps it. */
    public String text() {
        return what + inventoryKey.map(key -> key.startsWith("prosody.") && key.endsWith("_modules")
                        ? " (keep it with " + key + ")" : " (keep it with " + key + "." + entry + ")")
                .orElse(" (no inventory key keeps it: edit your copy of " + template + ")");
    }

    /**
     * One plan note for the drops of one file, e.g. {@code config.js: the render drops a (keep it with ...), b ...}.
     */
    static Optional<String> note(String file, List<Drop> drops) {
        return drops.isEmpty() ? Optional.empty() : Optional.of(file + ": the render drops "
                + drops.stream().map(Drop::text).collect(Collectors.joining(", ")));
    }
}
