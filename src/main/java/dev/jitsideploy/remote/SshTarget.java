package dev.jitsideploy.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach one host over SSH. Built from the inventory (and the operator's OpenSSH config) by a higher
 * layer; this package does not read the inventory itself.
 *
 * @param host           the inventory's name for the host (used in every message)
 * @param address        IP address or DNS name to connect to; also the name looked up in known_hosts. Behind jump
 *                       hosts it is resolved by the last jump host, not here
 * @param port           SSH port
 * @param user           login user
 * @param credentials    ssh-agent and key files to log in with (on every hop)
 * @param knownHosts     OpenSSH known_hosts file that the host key (and every jump host's key) is checked against
 * @param sudo           run privileged commands through sudo
 * @param sudoPassword   the password sudo wants, fed to {@code sudo -S} on standard input; null: none, and
 *                       {@code sudo -n} must not need one
 * @param connectTimeout limit for TCP connect (or channel open through a jump host), key exchange and
 *                       authentication, per hop
 * @param jumps          jump hosts to go through, in order (empty: connect directly)
 */
public record SshTarget(String host, String address, int port, String user, Credentials credentials,
                        Path knownHosts, boolean sudo, SudoPassword sudoPassword, Duration connectTimeout,
                        List<JumpHost> jumps) {

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        jumps = List.copyOf(jumps);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** A host reached directly with one unencrypted key file and no agent. */
    public SshTarget(String host, String address, int port, String user, Path identityFile, Path knownHosts,
                     boolean sudo, Duration connectTimeout) {
        this(host, address, port, user, Credentials.keyFile(identityFile), knownHosts, sudo, null, connectTimeout,
                List.of());
    }

    /** This target with the password its sudo wants (null: none). */
    public SshTarget withSudoPassword(SudoPassword password) {
        return new SshTarget(host, address, port, user, credentials, knownHosts, sudo, password, connectTimeout, jumps);
    }

    /** The name OpenSSH uses for this host in known_hosts: {@code address} on port 22, else {@code [address]:port}. */
    public String knownHostsName() {
        return port == 22 ? address : "[" + address + "]:" + port;
    }
}
