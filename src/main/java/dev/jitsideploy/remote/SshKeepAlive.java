package dev.jitsideploy.remote;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.transport.TransportException;

/**
 * SSH keep-alives for every connection of the run, sent from one thread ({@link SshTimer}). SSHJ's own keep-alive
 * ({@code KeepAliveRunner}) is a thread per connection and per jump hop, so a run's threads grew by one per host in
 * flight; issue 15 bounds them by {@code --forks}. The protocol is SSHJ's and OpenSSH's {@code ServerAliveInterval}:
 * every interval a {@code keepalive@openssh.com} global request that wants a reply (any reply, a refusal included,
 * proves the peer alive); when {@code maxUnanswered} are pending, the connection is ended, which fails whatever waits
 * on it. The replies also keep the socket's read timeout from expiring while a quiet command runs.
 * <p>
 * A keep-alive is a few dozen bytes, so its write only blocks when the peer has stopped reading a full send buffer;
 * the per-connection thread would be stuck there too, and the command's own deadline ends the step.
 */
final class SshKeepAlive {

    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();

    private SshKeepAlive() {
    }

    /** How many connections are kept alive now (for tests: a watch must end with its connection). */
    static int watched() {
        return WATCHED.size();
    }

    /** Keeps {@code client} (connected) alive until it disconnects; the watch then ends by itself. */
    static void watch(SSHClient client, int intervalSeconds, int maxUnanswered) {
        Watch watch = new Watch(client, maxUnanswered);
        WATCHED.add(watch);
        synchronized (watch) {
            watch.schedule = SshTimer.SHARED.scheduleWithFixedDelay(watch, intervalSeconds, intervalSeconds,
                    TimeUnit.SECONDS);
        }
    }

    private static final class Watch implements Runnable {

        private final SSHClient client;
        private final int maxUnanswered;
        private final Deque<Promise<SSHPacket, ConnectionException>> pending = new ArrayDeque<>();
        private ScheduledFuture<?> schedule;

        Watch(SSHClient client, int maxUnanswered) {
            this.client = client;
            this.maxUnanswered = maxUnanswered;
        }

        @Override
        public synchronized void run() {
            // An exception would silently end a scheduled task, so none leaves this method.
            try {
                if (!client.isConnected()) {
                    end();
                    return;
                }
                while (!pending.isEmpty() && pending.peekFirst().isFulfilled()) {
                    pending.removeFirst();
                }
                if (pending.size() >= maxUnanswered) {
                    end();
                    client.getTransport().die(new ConnectionException(DisconnectReason.CONNECTION_LOST,
                            "no answer to " + maxUnanswered + " keep-alives"));
                    return;
                }
                pending.addLast(client.getConnection().sendGlobalRequest("keepalive@openssh.com", true,
                        new byte[0]));
            } catch (TransportException | RuntimeException e) {
                // The transport is failing; its own reader reports that to whatever waits on the connection.
                end();
            }
        }

        private void end() {
            schedule.cancel(false);
            WATCHED.remove(this);
        }
    }
}
