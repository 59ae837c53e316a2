package dev.jitsideploy.verify.xmpp;

/** The namespace URIs the probe and the jicofo stand-in speak. */
public final class XmppNamespaces {
    public static final String CLIENT = "jabber:client";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String HTTPBIND = "http://jabber.org/protocol/httpbind";
    public static final String XBOSH = "urn:xmpp:xbosh";
    public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    public static final String MUC = "http://jabber.org/protocol/muc";
    public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
    public static final String DATA_FORMS = "jabber:x:data";
    public static final String FOCUS = "http://jitsi.org/protocol/focus";
    public static final String JITMEET = "http://jitsi.org/jitmeet";
    public static final String PING = "urn:xmpp:ping";

    private XmppNamespaces() {
    }
}
