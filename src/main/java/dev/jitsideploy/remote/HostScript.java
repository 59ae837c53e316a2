package dev.jitsideploy.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A POSIX sh script that runs on a host, kept as a file ({@code src/main/resources/host/NAME.sh}, linted with
 * shellcheck) instead of text assembled here. It is sent on stdin to {@code sh -s -- ARGS}, so nothing is written to
 * the host to run it, and every argument is quoted.
 *
 * @param name the file's name without {@code .sh}, for messages and timings
 * @param text the script
 */
public record HostScript(String name, String text) {

    /** The script {@code host/NAME.sh} on the class path. */
    public static HostScript named(String name) {
        String resource = "/host/" + name + ".sh";
        try (InputStream in = HostScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return new HostScript(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the jar", e);
        }
    }

    /** The command that runs the script read from stdin with these arguments. */
    String command(List<String> arguments) {
        return "sh -s --" + arguments.stream().map(argument -> " " + ShellQuoting.quote(argument))
                .collect(Collectors.joining());
    }
}
