package dev.jitsideploy.inventory;

/**
 * How a value from the operator's input is echoed in a message: control characters escaped (an ESC sequence in a
 * value must not drive the terminal) and long values cut, so one bad value cannot flood or corrupt the output.
 */
public final class Shown {

    /** Longer values are cut to this many characters (a domain or host name fits easily). */
    static final int MAX_LENGTH = 80;

    private Shown() {
    }

    /** {@code value} quoted, escaped and cut: {@code 'meet.example.com'}, {@code 'a\u001b[2J'}, {@code 'aaaa…'}. */
    public static String quoted(String value) {
        String cut = value.codePointCount(0, value.length()) > MAX_LENGTH
                ? value.substring(0, value.offsetByCodePoints(0, MAX_LENGTH)) + "…(" + value.length() + " chars)"
                : value;
        return "'" + escaped(cut) + "'";
    }

    /** {@code text} with every control character (C0, DEL, C1, line and paragraph separators) written as \\uXXXX. */
    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whether {@code text} holds a character {@link #escaped} would escape. */
    public static boolean hasControlCharacters(String text) {
        return !escaped(text).equals(text);
    }
}
