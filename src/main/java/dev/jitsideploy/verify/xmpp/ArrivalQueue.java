package dev.jitsideploy.verify.xmpp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands elements from a transport's reading thread (socket reader, WebSocket listener) to the session's thread, and
 * the end of the connection with its reason; once ended, every later take reports the end again.
 */
final class ArrivalQueue {

    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private volatile String endReason;

    private record Arrival(XmlElement element, String endReason) {
    }

    void deliver(XmlElement element) {
        arrivals.add(new Arrival(element, null));
    }

    void end(String reason) {
        arrivals.add(new Arrival(null, reason));
    }

    /** Why the connection ended, once an end has been taken; null while it is open. */
    String endReason() {
        return endReason;
    }

    /** The next element, or empty after {@code timeout}; throws once the connection has ended. */
    Optional<XmlElement> take(Duration timeout, String transport) throws XmppException {
        Arrival arrival;
        try {
            arrival = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XmppException("waiting on " + transport + " was interrupted");
        }
        if (arrival == null) {
            return Optional.empty();
        }
        if (arrival.endReason() != null) {
            endReason = arrival.endReason();
            arrivals.add(arrival);
            throw new XmppException(transport + " ended: " + endReason);
        }
        return Optional.of(arrival.element());
    }
}
