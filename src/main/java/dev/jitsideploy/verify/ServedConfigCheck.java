package dev.jitsideploy.verify;

import dev.jitsideploy.verify.xmpp.TlsTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks that the web server hands browsers the config.js jitsi-deploy deployed: a stale or hand-edited copy can
 * point clients at another domain or BOSH URL, and the probe alone would not notice.
 */
public final class ServedConfigCheck {

    private ServedConfigCheck() {
    }

    /** {@code <public URL>config.js}, where Jitsi's nginx site serves {@code /etc/jitsi/meet/<domain>-config.js}. */
    public static URI configJsUri(URI publicUrl) {
        String base = publicUrl.toString().endsWith("/") ? publicUrl.toString() : publicUrl + "/";
        return URI.create(base + "config.js");
    }

    /** Why the served file is not the deployed one, or empty when it is byte for byte. */
    public static Optional<String> problem(URI publicUrl, TlsTrust trust, byte[] deployed, Duration timeout)
            throws IOException {
        URI uri = configJsUri(publicUrl);
        HttpClient http = trust.httpClient(timeout);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri);
        }
        if (response.statusCode() != 200) {
            return Optional.of("GET " + uri + " answered HTTP " + response.statusCode()
                    + ", so browsers get no config.js");
        }
        // nginx replaces the installer's SSI expressions (tenant URLs) as it serves the file, with "" at the root.
        byte[] servedAtRoot = dev.jitsideploy.render.TenantSsi.servedAtRoot(new String(deployed,
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return difference(response.body(), servedAtRoot)
                .map(line -> "the config.js served at " + uri + " is not the one jitsi-deploy renders for this "
                        + "host (first difference on line " + line + "); apply it, or check the web server's "
                        + "config.js location");
    }

    /**
     * The first line (from 1) where the two files differ, or empty when they are equal up to the quotes of string
     * literals that hold no quote or backslash ('x' and "x" are the same string to a browser). verify renders the
     * file without reading the host's current one, so it cannot know whether apply carried the installer's SSI
     * literals over, and those are single-quoted (their expression holds double quotes) where the template writes
     * double quotes.
     */
    static Optional<Integer> difference(byte[] served, byte[] deployed) {
        if (Arrays.equals(served, deployed)) {
            return Optional.empty();
        }
        String[] a = new String(served, StandardCharsets.UTF_8).split("\n", -1);
        String[] b = new String(deployed, StandardCharsets.UTF_8).split("\n", -1);
        int line = 0;
        while (line < a.length && line < b.length && doubleQuoted(a[line]).equals(doubleQuoted(b[line]))) {
            line++;
        }
        return line == a.length && line == b.length ? Optional.empty() : Optional.of(line + 1);
    }

    /** A single-quoted JavaScript string literal with no quote or backslash inside. */
    private static final java.util.regex.Pattern SIMPLE_SINGLE_QUOTED = java.util.regex.Pattern.compile(
            "'([^'\"\\\\]*)'");

    private static String doubleQuoted(String line) {
        return SIMPLE_SINGLE_QUOTED.matcher(line).replaceAll("\"$1\"");
    }
}
