package dev.jitsideploy.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A shell script that runs on a host, kept as a file next to the class that uses it (a resource, linted with
 * shellcheck) instead of being assembled in Java; sent as the text of {@code sh -c}.
 *
 * @param owner the class the script belongs to (the resource is looked up in its package)
 * @param name  the file name
 */
public record HostScript(Class<?> owner, String name) {

    /** The script's text. */
    public String text() {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
