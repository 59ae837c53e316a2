package dev.jitsideploy.plan;

import dev.jitsideploy.render.ConfigJsObject;
import dev.jitsideploy.render.TenantSsi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What rendering config.js whole would drop from the host's current file: the settings of the current
 * {@code config} object that the rendered one does not have, and the nginx server-side include expressions that make
 * tenant URLs work (carried over by the built-in template, see {@link TenantSsi}; a copy of the template may not),
 * found by evaluating both files with Rhino. Each drop names the inventory key that keeps it: a setting's top-level
 * key in {@code config_js.extra}, whose entries render after the template's own, and the later key wins.
 */
public final class ConfigJsDrops {

    static final String TEMPLATE = "config.js.ftl";
    private static final String KEY = "config_js.extra";

    private ConfigJsDrops() {
    }

    /** The drops, in the current file's order; none when either file does not evaluate. */
    public static List<Drop> of(byte[] current, byte[] rendered) {
        Optional<ConfigJsObject> now = ConfigJsObject.evaluate(current);
        Optional<ConfigJsObject> planned = ConfigJsObject.evaluate(rendered);
        if (now.isEmpty() || planned.isEmpty()) {
            return List.of();
        }
        List<Drop> drops = new ArrayList<>();
        collect(now.get(), planned.get(), "", drops);
        for (String setting : TenantSsi.SETTINGS) {
            boolean usesSsi = now.get().value(setting).filter(TenantSsi::usesSsi).isPresent();
            boolean keepsSsi = planned.get().value(setting).filter(TenantSsi::usesSsi).isPresent();
            if (usesSsi && !keepsSsi) {
                drops.add(new Drop(setting + " uses SSI (tenant URLs /<tenant>/<room>)", Optional.empty(), setting,
                        null, TEMPLATE));
            }
        }
        return drops;
    }

    private static void collect(ConfigJsObject now, ConfigJsObject planned, String prefix, List<Drop> drops) {
        for (String key : now.keys(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1))) {
            String path = prefix + key;
            if (planned.value(path).isEmpty()) {
                String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
                drops.add(new Drop(path, Optional.of(KEY), top, now.value(top).orElse(null), TEMPLATE));
            } else if (now.isObject(path) && planned.isObject(path)) {
                collect(now, planned, path + ".", drops);
            }
        }
    }
}
