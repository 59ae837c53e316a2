package dev.jitsideploy.verify;

import dev.jitsideploy.verify.xmpp.ServiceEndpoint;
import dev.jitsideploy.verify.xmpp.XmppException;
import dev.jitsideploy.verify.xmpp.XmppSession;
import java.net.URI;

/** The two ways a browser reaches Prosody through the host's web server. */
public enum ProbeTransport {
    BOSH("bosh", "http-bind"),
    WEBSOCKET("websocket", "xmpp-websocket");

    private final String label;
    private final String path;

    ProbeTransport(String label, String path) {
        this.label = label;
        this.path = path;
    }

    public String label() {
        return label;
    }

    /** The service URL under the public URL: {@code https://host/http-bind} or {@code wss://host/xmpp-websocket}. */
    public URI serviceUri(URI publicUrl) {
        String base = publicUrl.toString().endsWith("/") ? publicUrl.toString() : publicUrl + "/";
        if (this == WEBSOCKET) {
            base = base.replaceFirst("^https:", "wss:").replaceFirst("^http:", "ws:");
        }
        return URI.create(base + path);
    }

    XmppSession open(ServiceEndpoint endpoint) throws XmppException {
        return this == BOSH ? XmppSession.openBosh(endpoint) : XmppSession.openWebSocket(endpoint);
    }
}
