package dev.jitsideploy.render;

import dev.jitsideploy.inventory.ConfigJsSettings;
import java.util.List;
import java.util.Map;

/** Writes an inventory value (config.js extras) as a JavaScript literal; strings go through {@link StringLiteral#javascript}. */
final class JsLiteral {

    private JsLiteral() {
    }

    static String of(Object value) {
        if (value instanceof String text) {
            return StringLiteral.javascript(text);
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw new IllegalArgumentException("not a finite number");
            }
            return number.toString();
        }
        if (value == ConfigJsSettings.Null.VALUE) {
            return "null";
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(of(list.get(i)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? " " : ", ").append(StringLiteral.javascript(String.valueOf(entry.getKey())))
                        .append(": ").append(of(entry.getValue()));
                first = false;
            }
            return out.append(first ? "}" : " }").toString();
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " to config.js");
    }
}
