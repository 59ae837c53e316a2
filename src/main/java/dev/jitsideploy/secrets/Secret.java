package dev.jitsideploy.secrets;

import java.util.Objects;

/**
 * A secret's value. {@link #toString()} never shows it; code that needs the value calls {@link #reveal()}, so every
 * place that can leak it is easy to find.
 */
public final class Secret {

    private final String value;
    private final String source;

    public Secret(String value, String source) {
        this.value = Objects.requireNonNull(value);
        this.source = Objects.requireNonNull(source);
    }

    /** The value itself: only for rendering files, signing tokens and redacting output. */
    public String reveal() {
        return value;
    }

    /** Where it came from, safe to print (e.g. "environment variable JITSI_APP_SECRET"). */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Secret«redacted» from " + source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
