package dev.jitsideploy.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * What rendering config.js whole would drop from the host's current file: the settings of the current
 * {@code config} object that the rendered one does not have, and the nginx server-side include expressions
 * ({@code <!--# echo var="subdomain" ... -->}) that make tenant URLs work, found by evaluating both files with Rhino
 * (the file is JavaScript; no regular expression could tell a setting from a comment). Each drop names the
 * inventory key that keeps it.
 */
public final class ConfigJsDrops {

    /** The settings the installer writes SSI into; none has an inventory key yet. */
    private static final List<String> SSI_SETTINGS = List.of("hosts.muc", "bosh", "websocket");
    private static final String SSI = "<!--#";

    private ConfigJsDrops() {
    }

    /** One line per dropped setting, e.g. {@code p2p.stunServers (keep it with config_js.extra.p2p)}. */
    public static List<String> of(byte[] current, byte[] rendered) {
        Optional<Scriptable> now = evaluate(current);
        Optional<Scriptable> planned = evaluate(rendered);
        if (now.isEmpty() || planned.isEmpty()) {
            return List.of();
        }
        List<String> drops = new ArrayList<>();
        collect(now.get(), planned.get(), "", drops);
        for (String setting : SSI_SETTINGS) {
            boolean usesSsi = value(now.get(), setting).filter(v -> v instanceof CharSequence)
                    .map(v -> v.toString().contains(SSI)).orElse(false);
            boolean keepsSsi = value(planned.get(), setting).filter(v -> v instanceof CharSequence)
                    .map(v -> v.toString().contains(SSI)).orElse(false);
            if (usesSsi && !keepsSsi) {
                drops.add(setting + " uses SSI (tenant URLs /<tenant>/<room>; no inventory key keeps it: edit your "
                        + "copy of config.js.ftl)");
            }
        }
        return drops;
    }

    private static void collect(Scriptable now, Scriptable planned, String prefix, List<String> drops) {
        for (Object id : now.getIds()) {
            if (!(id instanceof String key)) {
                continue;
            }
            Object mine = ScriptableObject.getProperty(now, key);
            Object theirs = ScriptableObject.getProperty(planned, key);
            String path = prefix + key;
            if (theirs == Scriptable.NOT_FOUND) {
                String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
                drops.add(path + " (keep it with config_js.extra." + top + ")");
            } else if (isObject(mine) && isObject(theirs)) {
                collect((Scriptable) mine, (Scriptable) theirs, path + ".", drops);
            }
        }
    }

    private static boolean isObject(Object value) {
        return value instanceof Scriptable scriptable && !(value instanceof org.mozilla.javascript.NativeArray)
                && !(value instanceof org.mozilla.javascript.Function) && scriptable.getClassName().equals("Object");
    }

    private static Optional<Object> value(Scriptable config, String dottedPath) {
        Object at = config;
        for (String part : dottedPath.split("\\.")) {
            if (!(at instanceof Scriptable scriptable)) {
                return Optional.empty();
            }
            at = ScriptableObject.getProperty(scriptable, part);
            if (at == Scriptable.NOT_FOUND) {
                return Optional.empty();
            }
        }
        return Optional.of(at);
    }

    /** The file's {@code config} object; empty when the file does not evaluate or defines none. */
    private static Optional<Scriptable> evaluate(byte[] file) {
        Context context = Context.enter();
        try {
            context.setOptimizationLevel(-1);
            Scriptable scope = context.initSafeStandardObjects();
            context.evaluateString(scope, new String(file, StandardCharsets.UTF_8), "config.js", 1, null);
            Object config = ScriptableObject.getProperty(scope, "config");
            return config instanceof Scriptable scriptable ? Optional.of(scriptable) : Optional.empty();
        } catch (RhinoException e) {
            return Optional.empty();
        } finally {
            Context.exit();
        }
    }
}
