package dev.jitsideploy.remote;

import java.nio.file.Path;
import java.util.List;

/**
 * What the operator's OpenSSH config says about one host name ({@link OpenSshConfig}); null (or empty) where it says
 * nothing, so the inventory's value or the tool's default applies.
 *
 * @param hostName       HostName: the real address behind an alias
 * @param user           User
 * @param port           Port
 * @param identityFiles  IdentityFile lines, in order, {@code ~} expanded
 * @param proxyJump      ProxyJump as written ({@code [user@]host[:port]}, comma-separated)
 * @param knownHostsFile the first UserKnownHostsFile
 * @param proxyCommand   ProxyCommand (not supported by this tool; reported)
 */
public record OpenSshHost(String hostName, String user, Integer port, List<Path> identityFiles, String proxyJump,
                          Path knownHostsFile, String proxyCommand) {

    public OpenSshHost {
        identityFiles = List.copyOf(identityFiles);
    }

    /** A config that says nothing about the host (no ssh client installed, or no matching block). */
    public static final OpenSshHost NOTHING = new OpenSshHost(null, null, null, List.of(), null, null, null);
}
