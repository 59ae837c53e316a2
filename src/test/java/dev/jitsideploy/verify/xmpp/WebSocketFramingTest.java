package dev.jitsideploy.verify.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 7395 framing as the WebSocket transport builds and reads it (jitsi-token-auth.md 4.4). */
class WebSocketFramingTest {

    @Test
    void openAndCloseFramesAreInTheFramingNamespace() throws Exception {
        XmlElement open = ElementReader.parseDocument(WebSocketTransport.openFrame("meet.example.com").toXml());
        assertThat(open.is("open", "urn:ietf:params:xml:ns:xmpp-framing")).isTrue();
        assertThat(open.attributes()).containsEntry("to", "meet.example.com").containsEntry("version", "1.0");
        assertThat(WebSocketTransport.closeFrame().toXml())
                .isEqualTo("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    }

    @Test
    void featuresFrameAndSaslFailureAreRead() throws Exception {
        XmlElement features = WebSocketTransport.fromFrame("<stream:features "
                + "xmlns:stream='http://etherx.jabber.org/streams'><mechanisms "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>ANONYMOUS</mechanism></mechanisms>"
                + "</stream:features>");
        assertThat(features.is("features", XmppNamespaces.STREAMS)).isTrue();

        XmlElement failure = WebSocketTransport.fromFrame("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<not-allowed/><text>Not acceptable by exp (12 sec since expired)</text></failure>");
        assertThat(StreamErrors.condition(failure, XmppNamespaces.SASL)).isEqualTo("not-allowed");
        assertThat(StreamErrors.text(failure, XmppNamespaces.SASL))
                .isEqualTo("Not acceptable by exp (12 sec since expired)");
    }

    @Test
    void aStanzaFrameWithoutXmlnsIsJabberClient() throws Exception {
        assertThat(WebSocketTransport.fromFrame("<iq type='result' id='1'/>").namespace())
                .isEqualTo(XmppNamespaces.CLIENT);
    }
}
