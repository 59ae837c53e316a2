package dev.jitsideploy.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host keys one run trusts: each known_hosts file is read once, when the first connection of the run needs it,
 * and that one reading serves every later connection and hop of the run. Reading it per connection made a fleet's
 * host key checks quadratic (every connection parsed every host's line: about 23 ms at 1,000 entries). A key that
 * {@link HostKeyPolicy#ACCEPT_NEW} records is added to the shared entries as well as to the file, so a later
 * connection of the same run (a jump host used by the next host) knows it without writing it again.
 *
 * <p>Safe to use from several threads at once.
 */
public final class KnownHosts {

    private final HostKeyPolicy policy;
    private final Map<Path, KnownHostsCheck.File> files = new ConcurrentHashMap<>();

    public KnownHosts(HostKeyPolicy policy) {
        this.policy = policy;
    }

    /** A check of one connection's (or hop's) key, for messages about {@code host}, against {@code knownHosts}. */
    KnownHostsCheck check(String host, Path knownHosts) throws IOException {
        try {
            KnownHostsCheck.File file = files.computeIfAbsent(knownHosts.toAbsolutePath().normalize(), path -> {
                try {
                    return new KnownHostsCheck.File(path.toFile(), policy);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new KnownHostsCheck(host, file);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return "KnownHosts[" + policy + ", " + files.size() + " file(s) read]";
    }
}
