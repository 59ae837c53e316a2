package dev.jitsideploy.verify.xmpp;

import java.time.Duration;
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
}
