package dev.jitsideploy.plan;

import dev.jitsideploy.render.ConfigJsObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * A Prosody configuration file's settings per section, found by running the file as Prosody does (it is Lua): with
 * LuaJ, in an environment where {@code VirtualHost}, {@code Component}, {@code Include} and Prosody's other config
 * functions only record, and every assignment goes to the current section. Nothing of this machine is reachable
 * from the file (no io, os, require, load or ENV_ values), and a file that runs too long is stopped.
 *
 * @param sections in file order; the first is the global section ({@link #GLOBAL})
 */
public record ProsodyConfig(List<Section> sections) {

    /** The name of the settings before the first VirtualHost or Component line. */
    public static final String GLOBAL = "*";

    /**
     * One section: the global one, a {@code VirtualHost} or a {@code Component}.
     *
     * @param kind     "global", "VirtualHost" or "Component"
     * @param name     {@link #GLOBAL}, the host or the component's domain
     * @param settings setting name to its value as String, Boolean, Long, Double, List, Map (string keys) or
     *                 {@link ConfigJsObject.Unwritable#VALUE} (a function); {@code modules_enabled} is a List of String
     */
    public record Section(String kind, String name, Map<String, Object> settings) {

        /** The section's {@code modules_enabled}, the strings of it. */
        public List<String> modules() {
            Object modules = settings.get("modules_enabled");
            if (!(modules instanceof List<?> list)) {
                return List.of();
            }
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
    }

    /** The setting Prosody keeps a component's module in ({@code Component "x" "muc"}). */
    public static final String COMPONENT_MODULE = "component_module";

    private static final int HOOK_EVERY = 1_000;
    private static final int INSTRUCTION_LIMIT = 10_000_000;
    private static final Set<String> RECORDING_ONLY = Set.of("Include", "includes", "RunScript");
    private static final Set<String> FILE_VALUES = Set.of("FileContents", "FileLine", "FileLines", "Credential");
    private static final Set<String> LIBRARY = Set.of("pairs", "ipairs", "next", "type", "tostring", "tonumber",
            "select", "error", "assert", "pcall", "rawget", "rawset", "rawequal", "rawlen", "setmetatable",
            "getmetatable", "unpack", "table");

    /** The sections of {@code file}; empty with the reason when it does not run as a configuration. */
    public static Outcome read(byte[] file) {
        Globals globals = new Globals();
        globals.load(new BaseLib());
        // Libraries register in package.loaded; the file itself never sees package or require.
        globals.load(new PackageLib());
        globals.load(new TableLib());
        globals.load(new DebugLib());
        LoadState.install(globals);
        LuaC.install(globals);
        Recorder recorder = new Recorder(globals);
        try {
            LuaValue sethook = globals.get("debug").get("sethook");
            // The file runs with the globals as its environment (LuaJ runs hooks only then), emptied of the libraries.
            recorder.install();
            LuaValue chunk = globals.load(new String(file, StandardCharsets.UTF_8), "=vhost", globals);
            int[] used = {0};
            // A count hook is LuaJ's way to stop a script: the configuration comes from a host and must not hang us.
            sethook.call(new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    used[0] += HOOK_EVERY;
                    if (used[0] > INSTRUCTION_LIMIT) {
                        throw new LuaError("runs too long to be a configuration");
                    }
                    return NONE;
                }
            }, LuaValue.valueOf(""), LuaValue.valueOf(HOOK_EVERY));
            chunk.call();
            return new Outcome(Optional.of(new ProsodyConfig(recorder.sections())), "");
        } catch (LuaError | StackOverflowError e) {
            String message = e.getMessage() == null ? "does not run" : e.getMessage();
            // LuaJ's message may quote the file ("near ..."): keep where and what, not the source text.
            return new Outcome(Optional.empty(), message.replaceAll("\\s+near\\s.*$", "").lines().findFirst()
                    .orElse("does not run"));
        }
    }

    /** The sections, or why there are none. */
    public record Outcome(Optional<ProsodyConfig> config, String problem) {
    }

    /** The section named {@code name} (a host or component domain, or {@link #GLOBAL}). */
    public Optional<Section> section(String name) {
        return sections.stream().filter(section -> section.name().equals(name)).findFirst();
    }

    /** Collects assignments into sections as Prosody's configuration loader does. */
    private static final class Recorder {

        private final Globals globals;
        private final Map<String, String> kinds = new LinkedHashMap<>();
        private final Map<String, LuaTable> settings = new LinkedHashMap<>();
        private final Map<String, LuaValue> library = new java.util.HashMap<>();
        private String current = GLOBAL;

        Recorder(Globals globals) {
            this.globals = globals;
            kinds.put(GLOBAL, "global");
            settings.put(GLOBAL, new LuaTable());
        }

        /** Moves the libraries out of the globals and makes the globals record assignments. */
        void install() {
            for (String name : LIBRARY) {
                library.put(name, globals.get(name));
            }
            for (LuaValue key : globals.keys()) {
                globals.rawset(key, LuaValue.NIL);
            }
            LuaTable meta = new LuaTable();
            meta.set("__index", new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return lookUp(args.arg(2).tojstring());
                }
            });
            meta.set("__newindex", new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    settings.get(current).set(args.arg(2), args.arg(3));
                    return NONE;
                }
            });
            globals.setmetatable(meta);
        }

        private LuaValue lookUp(String name) {
            switch (name) {
                case "VirtualHost", "Host" -> {
                    return section("VirtualHost");
                }
                case "Component" -> {
                    return section("Component");
                }
                default -> {
                    if (RECORDING_ONLY.contains(name)) {
                        return new VarArgFunction() {
                            @Override
                            public Varargs invoke(Varargs args) {
                                return NONE;
                            }
                        };
                    }
                    if (FILE_VALUES.contains(name)) {
                        // The file would be on the host, not here: a placeholder keeps the setting's name.
                        return new OneArgFunction() {
                            @Override
                            public LuaValue call(LuaValue path) {
                                return LuaValue.valueOf("(" + name + " " + path.tojstring() + ")");
                            }
                        };
                    }
                    if (library.containsKey(name)) {
                        return library.get(name);
                    }
                    // Prosody lets a setting read one set before, in this section or globally.
                    LuaValue own = settings.get(current).get(name);
                    return own.isnil() ? settings.get(GLOBAL).get(name) : own;
                }
            }
        }

        private LuaValue section(String kind) {
            return new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue name) {
                    String host = name.checkjstring();
                    current = host;
                    kinds.putIfAbsent(host, kind);
                    settings.putIfAbsent(host, new LuaTable());
                    if (!kind.equals("Component")) {
                        return NIL;
                    }
                    LuaTable component = settings.get(host);
                    return new OneArgFunction() {
                        @Override
                        public LuaValue call(LuaValue module) {
                            component.set(COMPONENT_MODULE, module);
                            return NIL;
                        }
                    };
                }
            };
        }

        List<Section> sections() {
            List<Section> sections = new ArrayList<>();
            settings.forEach((name, table) -> {
                Map<String, Object> plain = new LinkedHashMap<>();
                for (LuaValue key : keys(table)) {
                    plain.put(key.tojstring(), plain(table.get(key)));
                }
                sections.add(new Section(kinds.get(name), name, plain));
            });
            return sections;
        }

        /** A table's keys in a stable order: LuaJ's own order is a hash order, so sort by name. */
        private static List<LuaValue> keys(LuaTable table) {
            List<LuaValue> keys = new ArrayList<>(List.of(table.keys()));
            keys.sort(java.util.Comparator.comparing(LuaValue::tojstring));
            return keys;
        }

        private static Object plain(LuaValue value) {
            if (value.type() == LuaValue.TSTRING) {
                return value.tojstring();
            }
            if (value.isboolean()) {
                return value.toboolean();
            }
            if (value.isnumber()) {
                double number = value.todouble();
                return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number
                        : (Object) number;
            }
            if (value.istable()) {
                LuaTable table = (LuaTable) value;
                int length = table.length();
                List<LuaValue> keys = List.of(table.keys());
                if (keys.size() == length) {
                    List<Object> list = new ArrayList<>();
                    for (int i = 1; i <= length; i++) {
                        list.add(plain(table.get(i)));
                    }
                    return list;
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (LuaValue key : keys(table)) {
                    map.put(key.tojstring(), plain(table.get(key)));
                }
                return map;
            }
            return ConfigJsObject.Unwritable.VALUE;
        }
    }
}
