package dev.jitsideploy.verify.xmpp;

import java.time.Duration;

/** A step got no answer from the server within its timeout; {@link #step()} says which one. */
public final class NoAnswerException extends XmppException {

    private static final long serialVersionUID = 1L;

    private final String step;
    private final Duration waited;

    public NoAnswerException(String step, Duration waited) {
        super("no answer from the server within " + waited.toMillis() + " ms while " + step);
        this.step = step;
        this.waited = waited;
    }

    public String step() {
        return step;
    }

    public Duration waited() {
        return waited;
    }
}
