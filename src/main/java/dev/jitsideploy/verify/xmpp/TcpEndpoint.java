package dev.jitsideploy.verify.xmpp;

import java.time.Duration;
import java.util.Objects;

/** A c2s listener (host:port, normally 5222) for an XMPP domain; the session always upgrades with STARTTLS. */
public record TcpEndpoint(String host, int port, String domain, TlsTrust trust, Duration stepTimeout) {

    public TcpEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(trust, "trust");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("step timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + " (domain " + domain + ", trust " + trust + ")";
    }
}
