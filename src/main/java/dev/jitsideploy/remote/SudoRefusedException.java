package dev.jitsideploy.remote;

/** {@code sudo -n} refused: it wants a password or the user may not use sudo. Preflight reports it as a check. */
public final class SudoRefusedException extends RemoteException {

    public SudoRefusedException(String host, String operation, String reason) {
        super(host, operation, reason);
    }
}
