package dev.jitsideploy.verify;

import dev.jitsideploy.verify.token.SigningKey;

/**
 * Whether a host accepts an otherwise valid token signed with one particular key: the proof a rotation needs beyond
 * the probe matrix. HS256: after the switch the previous secret is refused (and after a rollback the new one is);
 * RS256: while two keys are published, tokens of both are accepted.
 *
 * @param name        what the key is, for the report ("previous secret", "key 2026-11"); never key material
 * @param key         what the token is signed with
 * @param expectation SASL success, or the refusal the server must give
 */
public record KeyCheck(String name, SigningKey key, Expectation expectation) {

    /** A token signed with {@code key} must be accepted. */
    public static KeyCheck accepted(String name, SigningKey key) {
        return new KeyCheck(name, key, new Expectation.SaslAccepted());
    }

    /** A token signed with {@code key} must be refused because its signature does not check out. */
    public static KeyCheck refusedForSignature(String name, SigningKey key) {
        return new KeyCheck(name, key, new Expectation.SaslRefused("not-allowed", Expectation.INVALID_SIGNATURE));
    }

    /** The check's name in a {@link HostCheck}, saying what must happen: {@code previous secret refused}. */
    public String checkName() {
        return name + (expectation instanceof Expectation.SaslAccepted ? " accepted" : " refused");
    }

    @Override
    public String toString() {
        return "KeyCheck[" + name + ", " + key.algorithm() + " «redacted», expect " + expectation + "]";
    }
}
