package dev.jitsideploy.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a host over SSH, as the inventory writes it. Paths are local and already resolved against the
 * inventory's directory. Values the inventory does not set are null: the operator's OpenSSH config, then the tool's
 * defaults fill them in (docs/ssh.md, "Precedence").
 *
 * @param address            IP address, DNS name or an alias of the OpenSSH config
 * @param port               null when not written
 * @param user               null when not written
 * @param identityFile       null when not written
 * @param knownHosts         null when not written
 * @param sudoPassword       where the password for sudo is ({@code ssh.sudo_password}); null when not written (then
 *                           sudo must need no password, or the run is given one with --ask-become-pass)
 * @param identityPassphrase where the identity file's passphrase is; null when not written (asked on the console)
 * @param proxyJump          jump hosts; null when not written ({@code none} is an empty list)
 * @param configFile         the OpenSSH client config to resolve names with; null for OpenSSH's own
 */
public record SshSettings(String address, Integer port, String user, Path identityFile, Path knownHosts, boolean sudo,
                          SecretRef sudoPassword, Duration connectTimeout, SecretRef identityPassphrase,
                          ProxyJump proxyJump, Path configFile) {

    /** Without sudo password, passphrase, jump hosts or config file. */
    public SshSettings(String address, Integer port, String user, Path identityFile, Path knownHosts, boolean sudo,
                       Duration connectTimeout) {
        this(address, port, user, identityFile, knownHosts, sudo, null, connectTimeout, null, null, null);
    }
}
