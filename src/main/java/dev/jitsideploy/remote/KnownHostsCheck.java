package dev.jitsideploy.remote;

import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks one connection's (or hop's) host key against an OpenSSH known_hosts file. SSHJ only answers yes or no, so
 * this remembers why a key was refused, to tell the operator which key it was and how to fix it. One instance per
 * connection attempt; the parsed file ({@link File}) is shared by the whole run ({@link KnownHosts}).
 */
final class KnownHostsCheck implements HostKeyVerifier {

    private final String host;
    private final File file;
    private String refusal;

    KnownHostsCheck(String host, File file) {
        this.host = host;
        this.file = file;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        File.Answer answer = file.verifyWithReason(hostname, port, key);
        refusal = answer.refusal();
        return answer.accepted();
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return file.algorithmsOf(hostname, port);
    }

    /** Why the key was refused, if it was. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The fingerprint as OpenSSH prints it: {@code SHA256:} and the unpadded base64 of the key blob's hash. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /**
     * One known_hosts file as read at the start of the run (plus the keys this run recorded in it). SSHJ reports why
     * it refused a key through callbacks on this object; verifying under its lock keeps one connection's reason from
     * another's, and the entry list from changing while it is searched.
     */
    static final class File extends OpenSSHKnownHosts {

        record Answer(boolean accepted, String refusal) {
        }

        private final HostKeyPolicy policy;
        private String refusal;

        File(java.io.File file, HostKeyPolicy policy) throws IOException {
            super(file);
            this.policy = policy;
        }

        synchronized Answer verifyWithReason(String hostname, int port, PublicKey key) {
            refusal = null;
            boolean accepted = verify(hostname, port, key);
            return new Answer(accepted, accepted ? null : refusal);
        }

        synchronized List<String> algorithmsOf(String hostname, int port) {
            return findExistingAlgorithms(hostname, port);
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            KeyType type = KeyType.fromKey(key);
            // SSHJ only compares keys of the offered type; OpenSSH treats a host it knows under any other key type
            // as known, so a key of a new type is a changed key, under every policy (accept-new included).
            List<String> knownTypes = knownTypesOf(hostname);
            if (!knownTypes.isEmpty()) {
                refusal = "HOST KEY CHANGED: " + hostname + " now presents " + type + " " + fingerprint(key)
                        + ", but " + getFile() + " lists it with another key (" + String.join(", ", knownTypes)
                        + "); this may be an attack. If the host was really re-keyed, compare the fingerprint above"
                        + " with the host's own (on its console: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then"
                        + " remove the old entry with 'ssh-keygen -R " + hostname + " -f " + getFile()
                        + "' and run again";
                return false;
            }
            if (policy == HostKeyPolicy.ACCEPT_NEW) {
                try {
                    HostEntry entry = new HostEntry(null, hostname, type, key);
                    write(entry);
                    entries().add(entry);
                    return true;
                } catch (IOException e) {
                    refusal = "new " + type + " key " + fingerprint(key) + " could not be recorded in " + getFile()
                            + " (" + e.getClass().getSimpleName() + ")";
                    return false;
                }
            }
            // Never advise a blind ssh-keyscan: it trusts whatever answers now. The fingerprint is what the operator
            // compares out of band, and the line to add is exactly the key that was offered.
            refusal = "unknown host key: " + hostname + " presented " + type + " key " + fingerprint(key)
                    + ", which " + getFile() + " does not list. Compare this fingerprint with the host's own (on its"
                    + " console: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub); only if they match, add the line '"
                    + hostname + " " + type + " " + Base64.getEncoder().encodeToString(blob(key)) + "' to "
                    + getFile() + " (or run once with --accept-new-host-keys)";
            return false;
        }

        /** The key types known_hosts lists for this host name (of any type). */
        private List<String> knownTypesOf(String hostname) {
            List<String> types = new ArrayList<>();
            for (KnownHostEntry entry : entries()) {
                try {
                    if (entry instanceof HostEntry && entry.appliesTo(hostname)) {
                        types.add(String.valueOf(entry.getType()));
                    }
                } catch (IOException e) {
                    // A hashed entry whose hash cannot be computed cannot vouch for this host; OpenSSH skips it too.
                }
            }
            return types;
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            KeyType type = KeyType.fromKey(key);
            refusal = "HOST KEY CHANGED: " + hostname + " now presents " + type + " " + fingerprint(key)
                    + ", which differs from the key in " + getFile() + "; this may be an attack. If the host was"
                    + " really re-keyed, remove the old entry with 'ssh-keygen -R " + hostname + " -f " + getFile()
                    + "' and add the new one";
            return false;
        }
    }

    @Override
    public String toString() {
        return "KnownHostsCheck[" + host + ", " + file.getFile() + "]";
    }
}
