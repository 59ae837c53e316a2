package dev.jitsideploy.render;

import java.util.function.IntPredicate;

/** Double-quoted string literals of the target languages, which read back as exactly the given value. */
public final class StringLiteral {

    private StringLiteral() {
    }

    /**
     * A Lua string literal. Control characters become {@code \ddd}, always three digits, so a digit that follows is
     * not taken into the escape; other characters are kept (Lua reads the file's UTF-8 bytes as they are).
     */
    public static String lua(String value) {
        return quote(value, c -> c < 0x20 || c == 0x7f, "\\%03d");
    }

    /**
     * A JavaScript string literal. Besides control characters it escapes {@code < > & '} (so {@code </script>} and
     * HTML/SSI markup never appear, since nginx may inline the file into a page), U+2028/U+2029 (line terminators in
     * older JavaScript) and surrogates, as {@code \\uXXXX}.
     */
    public static String javascript(String value) {
        return quote(value, c -> c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '\''
                || c == '\u2028' || c == '\u2029' || Character.isSurrogate((char) c), "\\u%04x");
    }

    private static String quote(String value, IntPredicate numeric, String numericFormat) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (numeric.test(c)) {
                        out.append(String.format(numericFormat, (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
