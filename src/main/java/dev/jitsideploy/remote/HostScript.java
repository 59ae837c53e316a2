package dev.jitsideploy.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A POSIX sh script shipped in the jar ({@code src/main/resources/host/NAME}, checked with shellcheck) that runs on a
 * host. It is sent as one command word, {@code sh -c SCRIPT NAME ARG...}, so every argument reaches it as data, byte
 * for byte (blanks at the end of a path included), and the command can be one step of a {@link CommandBatch}.
 */
public record HostScript(String name, String text) {

    /** Loads {@code host/NAME} from the class path; a missing script is a packaging bug. */
    public static HostScript load(String name) {
        try (InputStream in = HostScript.class.getResourceAsStream("/host/" + name)) {
            if (in == null) {
                throw new IllegalStateException("host script " + name + " is missing from the jar");
            }
            return new HostScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that runs the script with {@code arguments}. */
    public String command(List<String> arguments) {
        return "sh -c " + ShellQuoting.quote(text) + " " + ShellQuoting.quote(name) + arguments.stream()
                .map(argument -> " " + ShellQuoting.quote(argument)).collect(Collectors.joining());
    }
}
