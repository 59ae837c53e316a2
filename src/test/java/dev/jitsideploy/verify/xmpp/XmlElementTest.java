package dev.jitsideploy.verify.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlElementTest {

    @Test
    void writesNamespacesOnlyWhereTheyChangeAndEscapesValues() {
        XmlElement presence = XmlElement.of("presence", XmppNamespaces.CLIENT)
                .withAttribute("to", "r@conference.example.com/n'ck&<")
                .withChild(XmlElement.of("x", XmppNamespaces.MUC))
                .withChild(XmlElement.of("status", XmppNamespaces.CLIENT).withText("a < b"));

        assertThat(presence.toXml()).isEqualTo("<presence xmlns='jabber:client' "
                + "to='r@conference.example.com/n&apos;ck&amp;&lt;'><x xmlns='http://jabber.org/protocol/muc'/>"
                + "<status>a &lt; b</status></presence>");
    }

    @Test
    void roundTripsThroughTheReader() throws Exception {
        XmlElement original = XmlElement.of("iq", XmppNamespaces.CLIENT).withAttribute("type", "set")
                .withAttribute("id", "x1")
                .withChild(XmlElement.of("conference", XmppNamespaces.FOCUS).withAttribute("room", "a@b")
                        .withChild(XmlElement.of("property", XmppNamespaces.FOCUS).withAttribute("name", "p")));

        assertThat(ElementReader.parseDocument(original.toXml())).isEqualTo(original);
    }

    @Test
    void readsThePresenceErrorJitsiSendsOnARoomMismatch() throws Exception {
        XmlElement presence = ElementReader.parseDocument("<presence xmlns='jabber:client' type='error' "
                + "from='probe@conference.meet.example.com/n' to='u@meet.example.com/r'><error type='cancel'>"
                + "<not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Room does not match the room from token</text>"
                + "<room-mismatch xmlns='http://jitsi.org/jitmeet'/></error></presence>");

        StanzaError error = StanzaError.of(presence);
        assertThat(error.type()).isEqualTo("cancel");
        assertThat(error.condition()).isEqualTo("not-allowed");
        assertThat(error.text()).isEqualTo("Room does not match the room from token");
        assertThat(error.hasApplicationCondition("room-mismatch", XmppNamespaces.JITMEET)).isTrue();
    }

    @Test
    void refusesDoctypes() {
        assertThatThrownBy(() -> ElementReader.parseDocument("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<x>&e;</x>")).isInstanceOf(XmppException.class);
    }
}
