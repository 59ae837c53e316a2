package dev.jitsideploy.verify.xmpp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves top-level XML elements (stream features, SASL elements, stanzas) between us and the server, hiding how:
 * BOSH bodies, WebSocket frames or a TCP stream. Used by one thread at a time.
 */
interface XmppTransport extends AutoCloseable {

    /** Opens the XML stream and returns the stream features the server offers. */
    XmlElement open(Duration timeout) throws XmppException;

    /** Restarts the stream (after SASL success) and returns the new features. */
    XmlElement restart(Duration timeout) throws XmppException;

    void send(XmlElement element) throws XmppException;

    /** The next element from the server, or empty when none came within {@code timeout}. */
    Optional<XmlElement> receive(Duration timeout) throws XmppException;

    /** Ends the stream politely, waiting at most {@code timeout}; never throws. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(2));
    }

    /** What and where, safe to show (no query string). */
    String describe();

    /** Time left until {@code deadline}, never negative. */
    static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The stream features that must be the next element of a new stream. */
    static XmlElement requireFeatures(Optional<XmlElement> next, String step, Duration timeout)
            throws XmppException {
        XmlElement features = next.orElseThrow(() -> new NoAnswerException(step, timeout));
        if (!features.is("features", XmppNamespaces.STREAMS)) {
            throw new XmppException("expected stream features but got " + features + " while " + step);
        }
        return features;
    }
}
