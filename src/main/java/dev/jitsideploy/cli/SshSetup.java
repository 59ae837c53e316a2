package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.PassphrasePrompt;
import dev.jitsideploy.deploy.SshTargets;
import dev.jitsideploy.secrets.SecretResolver;
import java.io.Console;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the SSH layer takes from the tool's surroundings: the console for passphrases, ~, the ssh client. */
final class SshSetup {

    private SshSetup() {
    }

    static SshTargets targets(Session session, SecretResolver secrets) {
        return new SshTargets(secrets, session.environment(), consolePrompt(session),
                Path.of(System.getProperty("user.home")), sshOnPath(session));
    }

    /** Passphrases are read from the console without echo; without a console there is no prompt. */
    private static PassphrasePrompt consolePrompt(Session session) {
        Console console = System.console();
        if (!session.interactive() || console == null) {
            return null;
        }
        return prompt -> Optional.ofNullable(console.readPassword("%s", prompt));
    }

    /** The OpenSSH client on the PATH the tool was started with, or null when none is installed. */
    private static String sshOnPath(Session session) {
        String path = session.environment().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "ssh");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
