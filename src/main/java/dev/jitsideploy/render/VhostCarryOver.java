package dev.jitsideploy.render;

import dev.jitsideploy.secrets.Secret;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the installer-generated values out of a host's current Prosody vhost file. */
public final class VhostCarryOver {

    /** Newer templates call the TURN secret external_service_secret, older ones turncredentials_secret. */
    private static final Pattern TURN_SECRET = Pattern.compile(
            "(?m)^\\s*(?:external_service_secret|turncredentials_secret)\\s*=\\s*"
                    + "(\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')");

    private static final Pattern APP_SECRET = Pattern.compile(
            "(?m)^\\s*app_secret\\s*=\\s*(\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')");

    private VhostCarryOver() {
    }

    /** The app_secret the current vhost file sets, if it sets one (for the fingerprint a backup keeps). */
    public static Optional<Secret> appSecret(String currentVhostText) {
        return firstQuoted(APP_SECRET, currentVhostText);
    }

    /**
     * The values found in {@code currentVhostText} (the text of the remote file), {@link CarriedOverValues#none()} if
     * none.
     */
    public static CarriedOverValues read(String currentVhostText) {
        return firstQuoted(TURN_SECRET, currentVhostText).map(CarriedOverValues::new)
                .orElse(CarriedOverValues.none());
    }

    private static Optional<Secret> firstQuoted(Pattern setting, String currentVhostText) {
        Matcher matcher = setting.matcher(currentVhostText);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String quoted = matcher.group(1);
        return Optional.of(new Secret(unescape(quoted.substring(1, quoted.length() - 1)),
                "the host's current vhost file"));
    }

    /** Lua's short-string escapes that an installer-written secret can contain. */
    private static String unescape(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char next = body.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                default -> {
                    if (Character.isDigit(next)) {
                        int end = i;
                        while (end < body.length() && end < i + 3 && Character.isDigit(body.charAt(end))) {
                            end++;
                        }
                        out.append((char) Integer.parseInt(body.substring(i, end)));
                        i = end - 1;
                    } else {
                        out.append(next);
                    }
                }
            }
        }
        return out.toString();
    }
}
