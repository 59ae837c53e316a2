package dev.jitsideploy.deploy;

import dev.jitsideploy.plan.SecretRedaction;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.secrets.Secret;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The end of a log on the host, made safe to show. Prosody's token plugin can log a token it refused, and a debug
 * log can hold config values, so tokens become «token» and the known secrets (and any setting named like a secret)
 * «redacted».
 */
final class LogTail {

    static final String TOKEN = "«token»";

    private static final HostScript TAIL = HostScript.named("log-tail");

    // Three base64url parts joined by dots. A JWT's header is JSON, so its part starts with "eyJ"; without that
    // prefix only long parts count, so host names such as conference.lab1.jitsi.test stay readable.
    private static final Pattern JWT = Pattern.compile(
            "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
                    + "|(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}");

    private LogTail() {
    }

    static List<String> read(RemoteHost remote, String path, int lines, List<Secret> known, Duration timeout)
            throws RemoteException {
        CommandResult tail = remote.runPrivileged("read the last lines of " + path,
                TAIL.command(List.of(Integer.toString(lines), path)), timeout);
        if (!tail.succeeded()) {
            return List.of("(log not shown: cannot read " + path + ", exit status " + tail.exitStatus() + ")");
        }
        return redact(tail.stdoutText(), known).lines().toList();
    }

    static String redact(String text, List<Secret> known) {
        return SecretRedaction.redact(JWT.matcher(text).replaceAll(TOKEN), known);
    }
}
