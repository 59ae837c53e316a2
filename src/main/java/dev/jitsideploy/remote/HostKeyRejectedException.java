package dev.jitsideploy.remote;

/** The host presented a key that known_hosts does not vouch for; nothing was sent to or read from the host. */
public final class HostKeyRejectedException extends RemoteException {

    public HostKeyRejectedException(String host, String reason) {
        super(host, "host key check", reason);
    }

    /** For a hop on the way (a jump host): {@code operation} names it. */
    public HostKeyRejectedException(String host, String operation, String reason) {
        super(host, operation, reason);
    }
}
