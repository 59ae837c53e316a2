package dev.jitsideploy.secrets;

/**
 * A key directory that cannot be used as asked (unknown or duplicate kid, a missing or unreadable file, a private
 * key readable by others, a public key that does not match its private key). The message says what to do and never
 * contains key material.
 */
public final class KeyRingException extends Exception {

    public KeyRingException(String message) {
        super(message);
    }
}
