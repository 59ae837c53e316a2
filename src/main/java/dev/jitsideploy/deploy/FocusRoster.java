package dev.jitsideploy.deploy;

import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import java.time.Duration;
import java.util.List;

/**
 * Whether the focus user's roster on a host approves the focus component's presence subscription, the one the
 * jitsi-meet-prosody install step sets up (jitsi-token-auth.md section 9); without it {@code focus.<domain>} never
 * learns jicofo's session. Read over SSH by {@code focus-roster.sh} from Prosody's file storage.
 */
final class FocusRoster {

    private static final HostScript SCRIPT = HostScript.named("focus-roster");

    private FocusRoster() {
    }

    /** One line: what the roster says and, when the subscription is missing, the command that adds it. */
    static String diagnose(RemoteHost remote, String domain, String restartProsody, Duration timeout)
            throws RemoteException {
        CommandResult result = remote.runPrivileged(SCRIPT.command(List.of(domain)), timeout);
        String answer = result.stdoutText().strip();
        String focus = "focus." + domain;
        String user = "focus@auth." + domain;
        if (!result.succeeded() || answer.isEmpty()) {
            return "could not read the roster of " + user + " (exit status " + result.exitStatus() + ")";
        }
        if (answer.startsWith("subscribed ")) {
            return "the roster of " + user + " approves " + focus + " (subscription " + answer.substring(11)
                    + "), so jicofo is not logged in or sent no presence: see /var/log/jitsi/jicofo.log";
        }
        String fix = "prosodyctl mod_roster_command subscribe " + focus + " " + user + " && " + restartProsody
                + " (then restart jicofo)";
        if (answer.startsWith("missing ")) {
            return answer.substring(8) + "; fix: " + fix;
        }
        return "cannot tell from the host's storage (" + answer.replaceFirst("^unknown ", "") + "); if the "
                + "subscription is missing, fix: " + fix;
    }
}
