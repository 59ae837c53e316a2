package dev.jitsideploy.render;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx server-side include expressions the Jitsi installer writes into config.js so that
 * {@code https://DOMAIN/<tenant>/<room>} works: {@code hosts.muc} gets
 * {@code <!--# echo var="subdomain" default="" -->} before the domain, {@code bosh} and {@code websocket} get
 * {@code <!--# echo var="subdir" default="" -->} before the path. nginx replaces them when it serves the file (with ""
 * at the site's root). Carried over from the host's current config.js like the TURN secret from its vhost: an operator
 * who takes over an installed server expects tenant URLs to keep working, and no inventory setting should be needed for
 * what the installer already decided.
 *
 * @param expressions setting ({@code hosts.muc}, {@code bosh}, {@code websocket}) to the expression its current
 *                    value holds; only expressions of the installer's form are kept
 */
public record TenantSsi(Map<String, String> expressions) {

    /** The settings the installer writes an expression into. */
    public static final java.util.List<String> SETTINGS = java.util.List.of("hosts.muc", "bosh", "websocket");

    /**
     * The installer's form, nothing else: the expression is written into the file unescaped, so it must never be
     * able to carry anything but a variable name.
     */
    private static final Pattern ECHO = Pattern.compile("<!--# echo var=\"([a-z_]{1,32})\" default=\"\" -->");

    /** How every expression of {@link #ECHO} starts. */
    private static final String ECHO_START = "<!--# echo";

    /** Any SSI expression, to tell a setting that uses one. */
    private static final String ANY_SSI = "<!--#";

    public TenantSsi {
        expressions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expressions));
    }

    public static TenantSsi none() {
        return new TenantSsi(Map.of());
    }

    /** The expressions of the host's current config.js; none when it has none or does not evaluate. */
    public static TenantSsi of(byte[] currentConfigJs) {
        // nginx substitutes only expressions written in the file's text (not ones a script would build or escape),
        // so a text without one carries none over and need not run (starting Rhino is the costly part of a plan).
        if (!new String(currentConfigJs, StandardCharsets.UTF_8).contains(ECHO_START)) {
            return none();
        }
        Optional<ConfigJsObject> config = ConfigJsObject.evaluate(currentConfigJs);
        if (config.isEmpty()) {
            return none();
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (String setting : SETTINGS) {
            config.get().value(setting).filter(String.class::isInstance).map(String.class::cast)
                    .map(ECHO::matcher).filter(Matcher::find).ifPresent(m -> found.put(setting, m.group()));
        }
        return new TenantSsi(found);
    }

    /** Whether {@code value} (a config.js string) holds an SSI expression of any form. */
    public static boolean usesSsi(Object value) {
        return value instanceof String text && text.contains(ANY_SSI);
    }

    /** The text nginx serves at the site's root for {@code configJs}: every expression replaced by its default "". */
    public static String servedAtRoot(String configJs) {
        return ECHO.matcher(configJs).replaceAll("");
    }

    /**
     * {@code prefix + expression + suffix} as a single-quoted JavaScript literal (the expression holds double
     * quotes; the file stays valid JavaScript before and after nginx's substitution), or empty when the setting has
     * no expression to carry. {@code prefix} and {@code suffix} are domain names and URL parts, which need no escape.
     */
    Optional<String> literal(String setting, String prefix, String suffix) {
        String expression = expressions.get(setting);
        if (expression == null || !SAFE_PART.matcher(prefix + suffix).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + prefix + expression + suffix + "'");
    }

    /** What a domain name or an https/wss URL part may hold (no quote, backslash or markup). */
    private static final Pattern SAFE_PART = Pattern.compile("[A-Za-z0-9.:/_\\[\\]-]*");
}
