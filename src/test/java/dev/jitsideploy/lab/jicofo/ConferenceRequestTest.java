package dev.jitsideploy.lab.jicofo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.verify.xmpp.XmlElement;
import dev.jitsideploy.verify.xmpp.XmppNamespaces;
import org.junit.jupiter.api.Test;

/** The conference IQ as client_proxy delivers it (CONTRACT.md), and jicofo's domain rule for JWT authentication. */
class ConferenceRequestTest {

    private static XmlElement proxied(String client) {
        return XmlElement.of("iq", XmppNamespaces.CLIENT)
                .withAttribute("type", "set").withAttribute("id", "c1")
                .withAttribute("from", "focus.lab1.jitsi.test/" + client)
                .withAttribute("to", "focus@auth.lab1.jitsi.test/focus")
                .withChild(XmlElement.of("conference", XmppNamespaces.FOCUS)
                        .withAttribute("room", "Probe-1@conference.lab1.jitsi.test")
                        .withAttribute("machine-uid", "abc"));
    }

    @Test
    void requesterIsTheProxiedClientAndTheReplyGoesToTheProxy() {
        ConferenceRequest request = ConferenceRequest.of(proxied("u1@lab1.jitsi.test/r1"), "focus.lab1.jitsi.test")
                .orElseThrow();
        assertThat(request.requester()).isEqualTo("u1@lab1.jitsi.test/r1");
        assertThat(request.replyTo()).isEqualTo("focus.lab1.jitsi.test/u1@lab1.jitsi.test/r1");
        assertThat(request.roomJid()).isEqualTo("probe-1@conference.lab1.jitsi.test");
        assertThat(request.machineUid()).isEqualTo("abc");
    }

    @Test
    void onlyUsersOfTheLoginUrlDomainAreAuthenticated() {
        JicofoConfig.Authentication jwt = new JicofoConfig.Authentication(true, "JWT", "lab1.jitsi.test");
        assertThat(ConferenceRequest.of(proxied("u1@lab1.jitsi.test/r1"), "focus.lab1.jitsi.test").orElseThrow()
                .isAuthenticated(jwt)).isTrue();
        assertThat(ConferenceRequest.of(proxied("g1@guest.lab1.jitsi.test/r1"), "focus.lab1.jitsi.test")
                .orElseThrow().isAuthenticated(jwt)).isFalse();
        assertThat(ConferenceRequest.of(proxied("u1@lab1.jitsi.test/r1"), "focus.lab1.jitsi.test").orElseThrow()
                .isAuthenticated(new JicofoConfig.Authentication(false, "JWT", "lab1.jitsi.test"))).isFalse();
    }

    @Test
    void otherIqsAreNotConferenceRequests() {
        XmlElement ping = XmlElement.of("iq", XmppNamespaces.CLIENT).withAttribute("type", "get")
                .withChild(XmlElement.of("ping", XmppNamespaces.PING));
        assertThat(ConferenceRequest.of(ping, "focus.lab1.jitsi.test")).isEmpty();
    }
}
