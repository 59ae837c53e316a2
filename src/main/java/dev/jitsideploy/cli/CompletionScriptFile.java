package dev.jitsideploy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Build step ({@code mvn package}): writes the bash completion script to the file named by the one argument. */
public final class CompletionScriptFile {

    private CompletionScriptFile() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, CompletionScript.bash(new JitsiDeploy().commands()), StandardCharsets.UTF_8);
    }
}
