package dev.jitsideploy.remote;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * At most {@value #PER_SERVER} SSH handshakes (from the TCP connect until logged in) at once to any one sshd, counted
 * per address and port as the run names them (a jump host, or several inventory hosts on one server), and a connection
 * that sshd drops before its greeting tried again. OpenSSH's sshd starts dropping new connections at random once 10 are
 * not yet logged in (MaxStartups, default 10:30:100): a plan of 100 hosts behind one bastion at {@code --forks 50} lost
 * 49 of them that way, each a "Connection reset" during the identification exchange. 8 at once still lost 1 of 30
 * hosts once: sshd counts a connection as logged in only a moment after the client sees it so, and other clients count
 * too. Hence fewer slots, and up to {@value #ATTEMPTS} attempts with a random pause in between, the drop being random
 * by design. The slots are the JVM's, one run's; a server's slots are made when it is first connected to.
 */
final class HandshakeSlots {

    static final int PER_SERVER = 6;
    /** Attempts of a direct connection that sshd drops before its greeting. */
    static final int ATTEMPTS = 3;

    private static final ConcurrentHashMap<String, Semaphore> SLOTS = new ConcurrentHashMap<>();

    private HandshakeSlots() {
    }

    /**
     * Whether a connect failed because the server closed the connection under it, as sshd does to a connection past
     * MaxStartups before its greeting: "Connection reset", or SSHJ's "closed connection during identification
     * exchange". Trying again is harmless (nothing has run yet); a refused or timed-out connect, a refused host key
     * or login is not tried again.
     */
    static boolean droppedByServer(RemoteException failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Connection reset") || message.contains("during identification exchange")) {
                return true;
            }
        }
        return false;
    }

    /** The pause in ms after failed attempt {@code attempt}: 100-300 ms, then 200-600 ms. */
    static long pauseMillis(int attempt) {
        return ThreadLocalRandom.current().nextLong(100, 301) * attempt;
    }

    /** The slots of the sshd at {@code address}:{@code port} (the name as written, case aside). */
    static Semaphore of(String address, int port) {
        return SLOTS.computeIfAbsent(address.toLowerCase(Locale.ROOT) + ":" + port,
                server -> new Semaphore(PER_SERVER, true));
    }
}
