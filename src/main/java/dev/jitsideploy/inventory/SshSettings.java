package dev.jitsideploy.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a host over SSH. Paths are local and already resolved against the inventory's directory;
 * {@code identityFile} and {@code knownHosts} are null when not set (then the SSH layer uses its own defaults).
 */
public record SshSettings(String address, int port, String user, Path identityFile, Path knownHosts, boolean sudo,
                          Duration connectTimeout) {
}
