package dev.jitsideploy.verify.xmpp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a browser-style session starts: the BOSH ({@code https://host/http-bind}) or WebSocket
 * ({@code wss://host/xmpp-websocket}) URL, with the query ({@code ?room=...&token=...}) that only the
 * session-creating request carries, the XMPP domain to put in {@code to=}, which certificates to trust, and how long
 * each step may wait for the server. {@link #toString()} never shows the query: it may hold a token.
 */
public record ServiceEndpoint(URI uri, String domain, TlsTrust trust, Duration stepTimeout) {

    public ServiceEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(trust, "trust");
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("step timeout must be positive");
        }
    }

    /** {@code base} with the given query parameters, each URL-encoded; an empty map gives {@code base} unchanged. */
    public static URI withQuery(URI base, Map<String, String> query) {
        if (query.isEmpty()) {
            return base;
        }
        String encoded = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(withoutQuery(base) + "?" + encoded);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static URI withoutQuery(URI uri) {
        String text = uri.toString();
        int cut = text.indexOf('?');
        return URI.create(cut < 0 ? text : text.substring(0, cut));
    }

    /** The URL without its query: safe to show. */
    public URI redactedUri() {
        return withoutQuery(uri);
    }

    @Override
    public String toString() {
        return redactedUri() + (uri.getRawQuery() == null ? "" : "?«query redacted»") + " (domain " + domain
                + ", trust " + trust + ")";
    }
}
