package dev.jitsideploy.remote;

import java.time.Duration;

/** An operation on a host did not finish within its time limit. */
public final class RemoteTimeoutException extends RemoteException {

    public RemoteTimeoutException(String host, String operation, Duration limit) {
        super(host, operation, "no result within " + limit.toMillis() / 1000.0 + " s");
    }
}
