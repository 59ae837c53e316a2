package dev.jitsideploy.remote;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The password sudo asks the login user for. It only ever travels on the standard input of {@code sudo -S} (never on
 * a command line, where {@code ps} would show it); {@link #toString()} never shows it, so a record holding one
 * (e.g. {@link SshTarget}) can be printed.
 */
public final class SudoPassword {

    private final String value;
    private final String source;

    /** {@code source} says where it came from, safe to print: e.g. "file secrets/sudo_password" or "the console". */
    public SudoPassword(String value, String source) {
        this.value = Objects.requireNonNull(value);
        this.source = Objects.requireNonNull(source);
        if (value.contains("\n") || value.contains("\r")) { // sudo -S reads one line
            throw new IllegalArgumentException("a sudo password is one line");
        }
    }

    /** What sudo -S reads: the password and a newline. */
    byte[] stdinLine() {
        return (value + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Where it came from, safe to print. */
    public String source() {
        return source;
    }

    /** The value itself, for redacting output: never print it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "SudoPassword«redacted» from " + source;
    }
}
