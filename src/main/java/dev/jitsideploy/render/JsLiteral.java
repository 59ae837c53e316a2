package dev.jitsideploy.render;

import dev.jitsideploy.inventory.ConfigJsSettings;
import java.util.List;
import java.util.Map;

/**
 * Writes an inventory value (config.js extras) as a JavaScript literal; strings go through
 * {@link StringLiteral#javascript}.
 */
final class JsLiteral {

    private JsLiteral() {
    }

    static String of(Object value) {
        java.util.Optional<String> scalar = ScalarLiteral.of(value, StringLiteral::javascript);
        if (scalar.isPresent()) {
            return scalar.get();
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
