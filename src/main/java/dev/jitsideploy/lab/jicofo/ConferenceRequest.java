package dev.jitsideploy.lab.jicofo;

import dev.jitsideploy.verify.xmpp.XmlElement;
import dev.jitsideploy.verify.xmpp.XmppNamespaces;
import java.util.Locale;
import java.util.Optional;

/**
 * A client's {@code <conference/>} request as the focus receives it. Through client_proxy the IQ comes from
 * {@code focus.<domain>/<client's full JID>}: the requester is that resource, and the reply goes back to the
 * proxy's full JID, which relays it.
 *
 * @param replyTo   where the answer goes (the IQ's from)
 * @param id        the IQ id to answer
 * @param requester the client's full JID
 * @param roomJid   the room asked for
 * @param machineUid the client's machine-uid attribute, or empty
 */
record ConferenceRequest(String replyTo, String id, String requester, String roomJid, String machineUid) {

    static Optional<ConferenceRequest> of(XmlElement iq, String clientProxy) {
        if (!iq.is("iq", XmppNamespaces.CLIENT) || !"set".equals(iq.attribute("type").orElse(""))) {
            return Optional.empty();
        }
        Optional<XmlElement> conference = iq.child("conference", XmppNamespaces.FOCUS);
        if (conference.isEmpty()) {
            return Optional.empty();
        }
        String from = iq.attribute("from").orElse("");
        String requester = !clientProxy.isEmpty() && from.startsWith(clientProxy + "/")
                ? from.substring(clientProxy.length() + 1) : from;
        return Optional.of(new ConferenceRequest(from, iq.attribute("id").orElse(""), requester,
                conference.get().attribute("room").orElse("").toLowerCase(Locale.ROOT),
                conference.get().attribute("machine-uid").orElse("")));
    }

    /** The requester's domain: what jicofo's JWT/XMPP authorities compare with login-url. */
    String requesterDomain() {
        String bare = requester.contains("/") ? requester.substring(0, requester.indexOf('/')) : requester;
        return bare.substring(bare.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** jicofo counts a user as authenticated purely when its JID domain is the login-url domain. */
    boolean isAuthenticated(JicofoConfig.Authentication authentication) {
        return authentication.restrictsRoomCreation()
                && requesterDomain().equals(authentication.loginUrl().toLowerCase(Locale.ROOT));
    }
}
