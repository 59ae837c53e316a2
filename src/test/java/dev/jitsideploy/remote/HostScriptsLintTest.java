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
    void everyShellScriptIsShellcheckClean() throws Exception {
        // Required, not assumed: .ci/install-deps installs it, and a lint that silently skips proves nothing.
        assertThat(Path.of("/usr/bin/shellcheck")).as("shellcheck (bash .ci/install-deps)").isExecutable();
        // .ci/shellcheck holds the lists (host scripts as POSIX sh, lab, bench, launcher, CI), so .ci/run and this
        // test lint the same files.
        Process shellcheck = new ProcessBuilder(".ci/shellcheck").redirectErrorStream(true).start();
        String out = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shellcheck.waitFor()).as(out).isZero();
        long hostScripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            hostScripts = files.filter(file -> file.toString().endsWith(".sh")).count();
        }
        assertThat(out).contains("(" + hostScripts + " host scripts), no findings");
    }

    @Test
    void theJavaSourcesCallHostScriptsInsteadOfBuildingShellText() throws Exception {
        // What runs on a host is a file here; Java names it and quotes its arguments (HostScript). Only the transport
        // (sudo, the host-side time limit, HostScript's own sh -c / sh -s) may say "sh".
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    java.util.regex.Matcher literal = STRING_LITERAL.matcher(lines.get(i));
                    while (literal.find()) {
                        if (SHELL_TEXT.matcher(literal.group(1)).find()
                                && !ALLOWED.contains(file.getFileName().toString())) {
                            offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                    if (QUOTING.matcher(lines.get(i)).find() && !ALLOWED.contains(file.getFileName().toString())) {
                        offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static final java.util.regex.Pattern STRING_LITERAL =
            java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Shell syntax inside a Java string: test brackets, control words, redirections, command substitution. */
    private static final java.util.regex.Pattern SHELL_TEXT = java.util.regex.Pattern.compile(
            "\\[ -|; (fi|done)\\b|&& |\\|\\| |2>&1|>/dev/null|\\$\\(|\\bsh -c\\b|mkdir -p|rm -r?f --|mv -f");
    /** Java quoting words for a shell: only the script call (and the transport) does that. */
    private static final java.util.regex.Pattern QUOTING = java.util.regex.Pattern.compile(
            "ShellQuoting\\.quote|import static dev\\.jitsideploy\\.remote\\.ShellQuoting");
    /**
     * The transport (RemoteHost: the SSH exec with sudo; FileCommands: the host-side time limit; HostScript: the
     * script call itself), and text a user reads: the fix a user runs (FocusRoster), ssh-agent advice (SshLogin), the
     * bash completion script (CompletionScript).
     */
    private static final List<String> ALLOWED = List.of("RemoteHost.java", "FileCommands.java", "HostScript.java",
            "ShellQuoting.java", "FocusRoster.java", "SshLogin.java", "CompletionScript.java");

    @Test
    void aScriptIsSentWithItsArgumentsAsData() {
        HostScript script = HostScript.named("backup-prune");
        assertThat(script.text()).startsWith("#!/bin/sh");
        assertThat(script.command(List.of("/var/lib/x y", "it's")))
                .startsWith("sh -c '#!/bin/sh")
                .endsWith("' 'backup-prune' '/var/lib/x y' 'it'\\''s'");
    }
}
