package dev.jitsideploy.render;

import java.util.List;
import java.util.Map;

/** Writes an inventory value (prosody.*_settings) as a Lua literal; strings go through {@link StringLiteral#lua}. */
final class LuaLiteral {

    private LuaLiteral() {
    }

    static String of(Object value) {
        java.util.Optional<String> scalar = ScalarLiteral.of(value, StringLiteral::lua);
        if (scalar.isPresent()) {
            return scalar.get();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? " " : ", ").append(of(list.get(i)));
            }
            return out.append(list.isEmpty() ? "}" : " }").toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? " " : ", ").append('[').append(StringLiteral.lua(String.valueOf(entry.getKey())))
                        .append("] = ").append(of(entry.getValue()));
                first = false;
            }
            return out.append(first ? "}" : " }").toString();
        }
        // The inventory refuses null (Lua has no value for it in a table) before rendering.
        throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " to Lua");
    }
}
