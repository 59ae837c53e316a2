package dev.jitsideploy.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a host over SSH. Paths are local and already resolved against the inventory's directory;
 * {@code identityFile} and {@code knownHosts} are null when not set (then the SSH layer uses its own defaults).
 * {@code sudoPassword} is where the password for sudo is ({@code ssh.sudo_password}), null when the inventory names
 * none (then sudo must need no password, or the run is given one with --ask-become-pass).
 */
public record SshSettings(String address, int port, String user, Path identityFile, Path knownHosts, boolean sudo,
                          SecretRef sudoPassword, Duration connectTimeout) {
}
