package dev.jitsideploy.verify;

import java.time.Duration;

/**
 * What a host answered when a correct token signed with one key was presented on a fresh session: the server's own
 * SASL answer, which is where Prosody checks the signature (and fetches an RS256 key by kid).
 *
 * @param host    inventory name
 * @param key     the key the token was signed with, as {@code SigningKey.describe()} says it (never key material)
 * @param verdict accepted, refused, or no verdict at all
 * @param answer  the server's answer, e.g. {@code SASL failure 'not-allowed': Invalid signature} (never a token)
 * @param elapsed wall time of the exchange
 */
public record TokenOutcome(String host, String key, Verdict verdict, String answer, Duration elapsed) {

    public enum Verdict {
        /** {@code <success/>}. */
        ACCEPTED,
        /** {@code <failure/>} with the server's condition and text in {@link #answer()}. */
        REFUSED,
        /** Neither: no answer in time, SASL ANONYMOUS not offered, or the exchange broke off. Not a refusal. */
        NO_VERDICT
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    public boolean refused() {
        return verdict == Verdict.REFUSED;
    }

    @Override
    public String toString() {
        return host + ": token signed with " + key + ": " + verdict.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + " (" + answer + ", " + elapsed.toMillis() + " ms)";
    }
}
