package dev.jitsideploy.remote;

import java.io.IOException;

/**
 * A step on a host failed. The message names the host and the operation and never carries file contents, command
 * output or secrets, so it is safe to show to the operator as it is.
 */
public class RemoteException extends IOException {

    private final String host;
    private final String operation;

    public RemoteException(String host, String operation, String reason) {
        super(host + ": " + operation + ": " + reason);
        this.host = host;
        this.operation = operation;
    }

    public RemoteException(String host, String operation, String reason, Throwable cause) {
        this(host, operation, reason);
        initCause(cause);
    }

    public String host() {
        return host;
    }

    public String operation() {
        return operation;
    }
}
