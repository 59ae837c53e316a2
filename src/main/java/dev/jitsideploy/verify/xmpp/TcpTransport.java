package dev.jitsideploy.verify.xmpp;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XMPP client-to-server over TCP (RFC 6120), always upgraded with STARTTLS before anything else is said. A reader
 * thread per stream turns the server's stream into elements; it stops by itself after {@code <proceed/>} and SASL
 * {@code <success/>}, because the bytes after those belong to a new stream (TLS, or the restarted stream) that a new
 * reader parses from its start.
 */
final class TcpTransport implements XmppTransport {

    private final TcpEndpoint endpoint;
    private final ArrivalQueue arrivals = new ArrivalQueue();
    private Socket socket;
    private OutputStream out;

    TcpTransport(TcpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    static String streamHeader(String domain) {
        return "<?xml version='1.0'?><stream:stream xmlns='" + XmppNamespaces.CLIENT + "' xmlns:stream='"
                + XmppNamespaces.STREAMS + "' to='" + XmlElement.escape(domain) + "' version='1.0' xml:lang='en'>";
    }

    @Override
    public XmlElement open(Duration timeout) throws XmppException {
        Instant deadline = Instant.now().plus(timeout);
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
        } catch (SocketTimeoutException e) {
            throw new NoAnswerException("connecting to " + describe(), timeout);
        } catch (IOException e) {
            throw new XmppException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
        XmlElement features = startStream(deadline, "opening the c2s stream");
        if (features.child("starttls", XmppNamespaces.TLS).isEmpty()) {
            throw new XmppException("the server at " + describe() + " does not offer STARTTLS; refusing to go on "
                    + "in plain text");
        }
        send(XmlElement.of("starttls", XmppNamespaces.TLS));
        XmlElement answer = receive(XmppTransport.remaining(deadline))
                .orElseThrow(() -> new NoAnswerException("waiting for <proceed/> after STARTTLS", timeout));
        if (!answer.is("proceed", XmppNamespaces.TLS)) {
            throw new XmppException("STARTTLS refused by " + describe() + ": got " + answer);
        }
        upgradeToTls(XmppTransport.remaining(deadline));
        return startStream(deadline, "opening the c2s stream over TLS");
    }

    private void upgradeToTls(Duration timeout) throws XmppException {
        try {
            SSLSocket tls = (SSLSocket) endpoint.trust().context().getSocketFactory()
                    .createSocket(socket, endpoint.domain(), endpoint.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(endpoint.domain())));
            if (endpoint.trust().verifiesHostName()) {
                // check the certificate against the XMPP domain, not the address we dialled
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(parameters);
            tls.setUseClientMode(true);
            tls.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            tls.startHandshake();
            tls.setSoTimeout(0);
            socket = tls;
        } catch (SocketTimeoutException e) {
            throw new NoAnswerException("the TLS handshake with " + describe(), timeout);
        } catch (IOException e) {
            throw new XmppException("TLS handshake with " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public XmlElement restart(Duration timeout) throws XmppException {
        return startStream(Instant.now().plus(timeout), "restarting the c2s stream");
    }

    private XmlElement startStream(Instant deadline, String step) throws XmppException {
        try {
            out = socket.getOutputStream();
            Thread reader = new Thread(new StreamReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)), "xmpp-c2s-reader");
            reader.setDaemon(true);
            reader.start();
            write(streamHeader(endpoint.domain()));
        } catch (IOException e) {
            throw new XmppException(step + " failed: " + e.getMessage(), e);
        }
        Duration timeout = XmppTransport.remaining(deadline);
        return XmppTransport.requireFeatures(receive(timeout), step, timeout);
    }

    @Override
    public void send(XmlElement element) throws XmppException {
        if (arrivals.endReason() != null) {
            throw new XmppException("the stream to " + describe() + " has ended: " + arrivals.endReason());
        }
        try {
            write(element.toXml());
        } catch (IOException e) {
            throw new XmppException("sending " + element + " to " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    private synchronized void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
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
        try {
            if (arrivals.endReason() == null && out != null) {
                write("</stream:stream>");
                Instant deadline = Instant.now().plus(timeout);
                // let the server close its side first (RFC 6120 4.4), but never wait past the timeout
                while (receive(XmppTransport.remaining(deadline)).isPresent()) {
                    if (!Instant.now().isBefore(deadline)) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // the stream ended on its own; the socket is closed below either way
            arrivals.end(e.getMessage());
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                arrivals.end("close failed: " + e.getMessage());
            }
        }
    }

    @Override
    public String describe() {
        return "c2s " + endpoint.host() + ":" + endpoint.port();
    }


    /** Parses one stream from its header to the element after which the bytes on the wire change meaning. */
    private final class StreamReader implements Runnable {
        private final InputStreamReader input;

        StreamReader(InputStreamReader input) {
            this.input = input;
        }

        @Override
        public void run() {
            try {
                XMLStreamReader reader = ElementReader.factory().createXMLStreamReader(input);
                int event;
                do {
                    event = reader.next();
                } while (event != XMLStreamConstants.START_ELEMENT);
                if (!reader.getLocalName().equals("stream") || !XmppNamespaces.STREAMS.equals(
                        reader.getNamespaceURI())) {
                    arrivals.end("the server did not open an XMPP stream");
                    return;
                }
                while (true) {
                    event = reader.next();
                    if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                        arrivals.end("the server closed the stream");
                        return;
                    }
                    if (event != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    XmlElement element = ElementReader.readElement(reader);
                    if (element.is("error", XmppNamespaces.STREAMS)) {
                        arrivals.end("stream error " + StreamErrors.describe(element));
                        return;
                    }
                    arrivals.deliver(element);
                    if (element.is("proceed", XmppNamespaces.TLS) || element.is("success", XmppNamespaces.SASL)) {
                        return;
                    }
                }
            } catch (XMLStreamException | RuntimeException e) {
                arrivals.end("the connection broke or carried bad XML ("
                        + e.getClass().getSimpleName() + ")");
            } catch (Error e) {
                // Without an end marker the session would wait on a dead reader forever and look connected
                // (seen when the jar was replaced under a running JVM: NoClassDefFoundError). Say so, then die.
                arrivals.end("the stream reader failed: " + e);
                throw e;
            }
        }
    }
}
