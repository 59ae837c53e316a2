package dev.jitsideploy.verify.xmpp;

import java.io.IOException;

/**
 * The XMPP exchange could not go on: the connection failed or closed, the server sent a stream error or an HTTP
 * error, or a step got no answer in time. Messages name the step and the endpoint without its query string, so they
 * never carry a token.
 */
public class XmppException extends IOException {

    private static final long serialVersionUID = 1L;

    public XmppException(String message) {
        super(message);
    }

    public XmppException(String message, Throwable cause) {
        super(message, cause);
    }
}
