package dev.jitsideploy.verify.xmpp;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * XMPP over WebSocket (RFC 7395) with the JDK client: subprotocol {@code xmpp}, {@code <open/>} and {@code <close/>}
 * in the framing namespace, one complete element per text frame. The upgrade GET carries the endpoint's query string
 * (the token), exactly as a browser's does.
 */
final class WebSocketTransport implements XmppTransport {

    private final ServiceEndpoint endpoint;
    private final ArrivalQueue arrivals = new ArrivalQueue();
    private WebSocket socket;

    WebSocketTransport(ServiceEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The RFC 7395 stream open frame. */
    static XmlElement openFrame(String domain) {
        return XmlElement.of("open", XmppNamespaces.FRAMING)
                .withAttribute("to", domain)
                .withAttribute("version", "1.0")
                .withAttribute("xml:lang", "en");
    }

    static XmlElement closeFrame() {
        return XmlElement.of("close", XmppNamespaces.FRAMING);
    }

    /**
     * One received text frame as an element. RFC 7395 frames are standalone documents, so a stanza must carry
     * {@code xmlns='jabber:client'}; one without a namespace is taken as meaning that.
     */
    static XmlElement fromFrame(String frame) throws XmppException {
        XmlElement element = ElementReader.parseDocument(frame);
        return element.namespace().isEmpty() ? element.withNamespace(XmppNamespaces.CLIENT) : element;
    }

    @Override
    public XmlElement open(Duration timeout) throws XmppException {
        HttpClient http = endpoint.trust().httpClient(timeout);
        try {
            socket = http.newWebSocketBuilder()
                    .subprotocols("xmpp")
                    .connectTimeout(timeout)
                    .buildAsync(endpoint.uri(), new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NoAnswerException("upgrading to WebSocket (" + describe() + ")", timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new XmppException("WebSocket upgrade refused with HTTP " + refused.getResponse().statusCode()
                        + " by " + describe());
            }
            throw new XmppException("WebSocket connection to " + describe() + " failed: "
                    + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XmppException("WebSocket connection to " + describe() + " was interrupted");
        }
        if (!"xmpp".equals(socket.getSubprotocol())) {
            throw new XmppException("the server at " + describe() + " did not accept the 'xmpp' subprotocol");
        }
        return openStream(timeout, "opening the stream over WebSocket");
    }

    @Override
    public XmlElement restart(Duration timeout) throws XmppException {
        return openStream(timeout, "restarting the stream over WebSocket");
    }

    private XmlElement openStream(Duration timeout, String step) throws XmppException {
        Instant deadline = Instant.now().plus(timeout);
        send(openFrame(endpoint.domain()));
        XmlElement open = receive(XmppTransport.remaining(deadline))
                .orElseThrow(() -> new NoAnswerException(step, timeout));
        if (!open.is("open", XmppNamespaces.FRAMING)) {
            throw new XmppException("expected <open/> but got " + open + " while " + step);
        }
        return XmppTransport.requireFeatures(receive(XmppTransport.remaining(deadline)),
                step + " (waiting for stream features)", timeout);
    }

    @Override
    public void send(XmlElement element) throws XmppException {
        if (arrivals.endReason() != null) {
            throw new XmppException("the WebSocket to " + describe() + " is closed: " + arrivals.endReason());
        }
        try {
            socket.sendText(element.toXml(), true).get(endpoint.stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NoAnswerException("sending " + element + " over WebSocket", endpoint.stepTimeout());
        } catch (ExecutionException e) {
            throw new XmppException("sending " + element + " over WebSocket failed: "
                    + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XmppException("sending over WebSocket was interrupted");
        }
    }

    @Override
    public Optional<XmlElement> receive(Duration timeout) throws XmppException {
        return arrivals.take(timeout, describe());
    }

    @Override
    public void close(Duration timeout) {
        if (socket == null) {
            return;
        }
        if (arrivals.endReason() == null) {
            Instant deadline = Instant.now().plus(timeout);
            try {
                send(closeFrame());
                // RFC 7395: the server answers <close/>; wait for it so its end of the session is clean too
                while (Instant.now().isBefore(deadline)) {
                    Optional<XmlElement> next = receive(XmppTransport.remaining(deadline));
                    if (next.isEmpty() || next.get().is("close", XmppNamespaces.FRAMING)) {
                        break;
                    }
                }
            } catch (XmppException e) {
                // the server closed first; the socket is aborted below either way
                arrivals.end(e.getMessage());
            }
        }
        socket.abort();
    }

    @Override
    public String describe() {
        return "WebSocket " + endpoint.redactedUri();
    }

    /** An element from the server, or the end of the connection with its reason. */

    /** Collects frames into whole messages and hands each, parsed, to the queue. Runs on the client's threads. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    arrivals.deliver(fromFrame(frame));
                } catch (XmppException e) {
                    arrivals.end(e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            arrivals.end("the server sent a binary frame, which RFC 7395 forbids");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            arrivals.end("closed by the server (status " + statusCode + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            arrivals.end("connection error: " + error.getClass().getSimpleName());
        }
    }
}
