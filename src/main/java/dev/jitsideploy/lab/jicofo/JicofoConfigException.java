package dev.jitsideploy.lab.jicofo;

/** jicofo.conf cannot be read or does not say what the stand-in needs; the message is one line, without secrets. */
public final class JicofoConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public JicofoConfigException(String message) {
        super(message);
    }
}
