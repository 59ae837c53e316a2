package dev.jitsideploy.remote;

import java.util.Objects;

/**
 * One hop on the way to a host (OpenSSH's ProxyJump): the tool logs in here and has this host open the TCP
 * connection to the next hop (a direct-tcpip channel). Its key is checked against the same known_hosts as the
 * target's, and the same keys log in.
 */
public record JumpHost(String user, String address, int port) {

    public JumpHost {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** As the operator writes it in proxy_jump: {@code user@address:port}. */
    @Override
    public String toString() {
        return user + "@" + address + ":" + port;
    }
}
