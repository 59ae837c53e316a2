package dev.jitsideploy.remote;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * At most {@value #PER_SERVER} SSH handshakes (from the TCP connect until logged in) at once to any one sshd, counted
 * per address and port as the run names them (a jump host, or several inventory hosts on one server). OpenSSH's sshd
 * starts dropping new connections at random once 10 are not yet logged in (MaxStartups, default 10:30:100): a plan of
 * 100 hosts behind one bastion at {@code --forks 50} lost 49 of them that way, each a "Connection reset" during the
 * identification exchange. Below 10, so that an operator's own ssh to the same server still gets in. The slots are the
 * JVM's, one run's; a server's slots are made when it is first connected to.
 */
final class HandshakeSlots {

    static final int PER_SERVER = 8;

    private static final ConcurrentHashMap<String, Semaphore> SLOTS = new ConcurrentHashMap<>();

    private HandshakeSlots() {
    }

    /** The slots of the sshd at {@code address}:{@code port} (the name as written, case aside). */
    static Semaphore of(String address, int port) {
        return SLOTS.computeIfAbsent(address.toLowerCase(Locale.ROOT) + ":" + port,
                server -> new Semaphore(PER_SERVER, true));
    }
}
