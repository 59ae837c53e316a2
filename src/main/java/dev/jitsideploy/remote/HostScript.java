package dev.jitsideploy.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A POSIX sh script that runs on a host, kept as a file ({@code src/main/resources/host/NAME.sh}, checked with
 * shellcheck) instead of text assembled in Java. Every argument is quoted, so it reaches the script as data, byte for
 * byte (blanks at the end of a path included). Two ways to send it: inline as one command word ({@link #command}), so
 * it can be one step of a {@link CommandBatch}, or on stdin ({@link #stdinCommand}), for a script that stays running
 * (the run lock) or whose text should not show in the host's process list.
 *
 * @param name the file's name without {@code .sh}, for messages and timings
 * @param text the script
 */
public record HostScript(String name, String text) {

    /** The script {@code host/NAME.sh} on the class path; a missing script is a packaging bug. */
    public static HostScript named(String name) {
        String resource = "/host/" + name + ".sh";
        try (InputStream in = HostScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return new HostScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the jar", e);
        }
    }

    /** The command that runs the script, its text inline ({@code sh -c SCRIPT NAME ARG...}). */
    public String command(List<String> arguments) {
        return "sh -c " + ShellQuoting.quote(text) + " " + ShellQuoting.quote(name) + quoted(arguments);
    }

    /** The command that runs the script read from stdin ({@code sh -s -- ARG...}); the caller sends {@link #text}. */
    String stdinCommand(List<String> arguments) {
        return "sh -s --" + quoted(arguments);
    }

    private static String quoted(List<String> arguments) {
        return arguments.stream().map(argument -> " " + ShellQuoting.quote(argument)).collect(Collectors.joining());
    }
}
