package dev.jitsideploy.report;

import java.util.List;
import java.util.stream.Collectors;

/** JSON string and array literals (RFC 8259 escaping); the report's structure is written by hand around them. */
final class Json {

    private Json() {
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String strings(List<String> values) {
        return values.stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
    }
}
