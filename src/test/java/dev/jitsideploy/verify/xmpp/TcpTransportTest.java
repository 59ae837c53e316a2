package dev.jitsideploy.verify.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The c2s client against a loopback socket that plays a server. */
class TcpTransportTest {

    @Test
    void refusesAServerThatDoesNotOfferStartTls() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket client = listener.accept()) {
                    InputStream in = client.getInputStream();
                    byte[] header = new byte[200];
                    int read = in.read(header);
                    assertThat(new String(header, 0, read, StandardCharsets.UTF_8)).contains("to='x.test'");
                    OutputStream out = client.getOutputStream();
                    out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                            + "xmlns:stream='http://etherx.jabber.org/streams' from='x.test' id='1' version='1.0'>"
                            + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                            + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    in.read(header);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            server.start();
            TcpEndpoint endpoint = new TcpEndpoint("127.0.0.1", listener.getLocalPort(), "x.test",
                    TlsTrust.systemDefault(), Duration.ofSeconds(5));
            assertThatThrownBy(() -> XmppSession.openTcp(endpoint))
                    .isInstanceOf(XmppException.class)
                    .hasMessageContaining("does not offer STARTTLS");
            server.join(5000);
        }
    }

    @Test
    void silentServerIsANoAnswerThatNamesTheStep() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TcpEndpoint endpoint = new TcpEndpoint("127.0.0.1", listener.getLocalPort(), "x.test",
                    TlsTrust.systemDefault(), Duration.ofMillis(500));
            assertThatThrownBy(() -> XmppSession.openTcp(endpoint))
                    .isInstanceOf(NoAnswerException.class)
                    .satisfies(e -> assertThat(((NoAnswerException) e).step()).contains("opening the c2s stream"));
        }
    }

    @Test
    void refusedConnectionIsAnXmppExceptionNotACrash() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }
        TcpEndpoint endpoint = new TcpEndpoint("127.0.0.1", port, "x.test", TlsTrust.systemDefault(),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> XmppSession.openTcp(endpoint))
                .isInstanceOf(XmppException.class)
                .hasMessageContaining("cannot connect to c2s 127.0.0.1:" + port);
    }
}
