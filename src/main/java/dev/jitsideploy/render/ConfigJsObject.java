package dev.jitsideploy.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The {@code config} object of a config.js, evaluated with Rhino in a scope of the safe standard objects only (no
 * Java access): the file is JavaScript, and no regular expression could tell a setting from a comment.
 */
public final class ConfigJsObject {

    /** A value that has no inventory form (a function, a regular expression, {@code undefined}). */
    public enum Unwritable { VALUE }

    private static final int INSTRUCTIONS_PER_CHECK = 10_000;
    private static final long INSTRUCTION_LIMIT = 10_000_000;

    /** A host's file must not run for long here (a loop would hang the plan): Rhino stops it after a budget. */
    private static final ContextFactory BOUNDED = new ContextFactory() {
        @Override
        protected void observeInstructionCount(Context context, int instructionCount) {
            long used = (Long) java.util.Objects.requireNonNullElse(context.getThreadLocal("used"), 0L)
                    + instructionCount;
            context.putThreadLocal("used", used);
            if (used > INSTRUCTION_LIMIT) {
                throw new EvaluatorException("config.js runs too long to be a configuration");
            }
        }
    };

    /**
     * The safe standard objects, made once and sealed (a file cannot change them for the next): setting them up is
     * most of an evaluation's cost. Each file runs in a scope of its own whose prototype this is.
     */
    private static final ScriptableObject STANDARD = standardObjects();

    private final Scriptable config;

    private ConfigJsObject(Scriptable config) {
        this.config = config;
    }

    /** The file's {@code config} object; empty when the file does not evaluate or defines none. */
    public static Optional<ConfigJsObject> evaluate(byte[] file) {
        Context context = BOUNDED.enterContext();
        try {
            context.setOptimizationLevel(-1);
            context.setInstructionObserverThreshold(INSTRUCTIONS_PER_CHECK);
            Scriptable scope = context.newObject(STANDARD);
            scope.setPrototype(STANDARD);
            scope.setParentScope(null);
            context.evaluateString(scope, new String(file, StandardCharsets.UTF_8), "config.js", 1, null);
            Object config = ScriptableObject.getProperty(scope, "config");
            return config instanceof Scriptable scriptable ? Optional.of(new ConfigJsObject(scriptable))
                    : Optional.empty();
        } catch (RhinoException | StackOverflowError e) {
            return Optional.empty();
        } finally {
            Context.exit();
        }
    }

    private static ScriptableObject standardObjects() {
        Context context = BOUNDED.enterContext();
        try {
            context.setOptimizationLevel(-1);
            return context.initSafeStandardObjects(null, true);
        } finally {
            Context.exit();
        }
    }

    /** The setting at {@code dottedPath} ({@code hosts.muc}) as a plain Java value; empty when it is not set. */
    public Optional<Object> value(String dottedPath) {
        return raw(dottedPath).map(ConfigJsObject::plain);
    }

    /** The names of the object's own settings at {@code dottedPath} ("" for the top level), in file order. */
    public List<String> keys(String dottedPath) {
        Object at = dottedPath.isEmpty() ? config : raw(dottedPath).orElse(null);
        if (!isPlainObject(at)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (Object id : ((Scriptable) at).getIds()) {
            if (id instanceof String key) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Whether the setting at {@code dottedPath} is an object of settings (not an array or a function). */
    public boolean isObject(String dottedPath) {
        return raw(dottedPath).filter(ConfigJsObject::isPlainObject).isPresent();
    }

    private Optional<Object> raw(String dottedPath) {
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

    private static boolean isPlainObject(Object value) {
        return value instanceof Scriptable scriptable && !(value instanceof NativeArray)
                && !(value instanceof org.mozilla.javascript.Function) && scriptable.getClassName().equals("Object");
    }

    /** String, Boolean, Long, Double, null, List or Map of those, or {@link Unwritable#VALUE} where none fits. */
    private static Object plain(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
        }
        if (value instanceof NativeArray array) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < array.getLength(); i++) {
                list.add(plain(array.get(i, array)));
            }
            return list;
        }
        if (isPlainObject(value)) {
            Scriptable object = (Scriptable) value;
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object id : object.getIds()) {
                if (id instanceof String key) {
                    map.put(key, plain(ScriptableObject.getProperty(object, key)));
                }
            }
            return map;
        }
        return Unwritable.VALUE;
    }
}
