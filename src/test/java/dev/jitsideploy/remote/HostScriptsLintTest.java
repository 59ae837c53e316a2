package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every script that runs on a host is POSIX sh that shellcheck passes, and loads from the class path. */
class HostScriptsLintTest {

    private static final Path SCRIPTS = Path.of("src/main/resources/host");

    @Test
    void everyHostScriptIsShellcheckClean() throws Exception {
        // Required, not assumed: .ci/install-deps installs it, and a lint that silently skips proves nothing.
        assertThat(Path.of("/usr/bin/shellcheck")).as("shellcheck (bash .ci/install-deps)").isExecutable();
        List<String> command = new ArrayList<>(List.of("/usr/bin/shellcheck", "-s", "sh"));
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            files.filter(file -> file.toString().endsWith(".sh")).sorted().forEach(file -> command.add(file.toString()));
        }
        assertThat(command).hasSizeGreaterThan(3);
        Process shellcheck = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shellcheck.waitFor()).as(out).isZero();
    }

    @Test
    void aScriptIsSentWithItsArgumentsAsData() {
        HostScript script = HostScript.named("backup-prune");
        assertThat(script.text()).startsWith("#!/bin/sh");
        assertThat(script.command(List.of("/var/lib/x y", "it's")))
                .startsWith("sh -c '#!/bin/sh")
                .endsWith("' 'backup-prune' '/var/lib/x y' 'it'\\''s'");
    }
}
