package dev.jitsideploy.remote;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/**
 * What the tool logs in with, tried in this order as OpenSSH does: the keys the ssh-agent holds, then the key files.
 *
 * @param agentSocket the ssh-agent's socket (SSH_AUTH_SOCK), null when the variable is not set
 * @param keyFiles    private key files, in order
 * @param decrypted   the key pair of each passphrase-protected file in keyFiles, decrypted once before the run
 *                    (never printed: {@link #toString()} names the files only)
 */
public record Credentials(Path agentSocket, List<Path> keyFiles, Map<Path, KeyPair> decrypted) {

    public Credentials {
        keyFiles = List.copyOf(keyFiles);
        decrypted = Map.copyOf(decrypted);
    }

    /** One unencrypted key file, no agent. */
    public static Credentials keyFile(Path file) {
        return new Credentials(null, List.of(file), Map.of());
    }

    @Override
    public String toString() {
        return "Credentials[agent=" + agentSocket + ", keyFiles=" + keyFiles + "]";
    }
}
