package dev.jitsideploy.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach one host over SSH. Built from the inventory by a higher layer; this package does not read
 * the inventory itself.
 *
 * @param host           the inventory's name for the host (used in every message)
 * @param address        IP address or DNS name to connect to; also the name looked up in known_hosts
 * @param port           SSH port
 * @param user           login user
 * @param identityFile   private key for public-key authentication
 * @param knownHosts     OpenSSH known_hosts file that the host key is checked against
 * @param sudo           run privileged commands through sudo
 * @param sudoPassword   the password sudo wants, fed to {@code sudo -S} on standard input; null: none, and
 *                       {@code sudo -n} must not need one
 * @param connectTimeout limit for TCP connect, key exchange and authentication
 */
public record SshTarget(String host, String address, int port, String user, Path identityFile, Path knownHosts,
                        boolean sudo, SudoPassword sudoPassword, Duration connectTimeout) {

    /** A target whose sudo (if any) needs no password. */
    public SshTarget(String host, String address, int port, String user, Path identityFile, Path knownHosts,
                     boolean sudo, Duration connectTimeout) {
        this(host, address, port, user, identityFile, knownHosts, sudo, null, connectTimeout);
    }

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(identityFile, "identityFile");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** The name OpenSSH uses for this host in known_hosts: {@code address} on port 22, else {@code [address]:port}. */
    public String knownHostsName() {
        return port == 22 ? address : "[" + address + "]:" + port;
    }
}
