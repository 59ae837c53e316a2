package dev.jitsideploy.verify;

import dev.jitsideploy.verify.xmpp.ConferenceOutcome;
import dev.jitsideploy.verify.xmpp.NoAnswer;
import java.util.Optional;

/**
 * The conference request found no focus behind {@code focus.<domain>}: the client_proxy component answered
 * service-unavailable (or nothing), which it does while it knows no jicofo session (jitsi-token-auth.md section 9:
 * it learns jicofo's session only from jicofo's presence, which needs the focus user's roster subscription).
 *
 * @param focus     the component's JID ({@code focus.<domain>})
 * @param firstCase the case (and transport) that found it
 * @param answer    what the conference request got
 */
public record FocusUnreachable(String focus, String firstCase, String answer) {

    /** The outcome as a missing focus relay, or empty when the focus answered for itself. */
    static Optional<FocusUnreachable> of(ConferenceOutcome outcome, String focus, String firstCase) {
        boolean unavailable = outcome instanceof ConferenceOutcome.Refused refused
                && refused.error().condition().equals("service-unavailable");
        if (unavailable || outcome instanceof NoAnswer) {
            return Optional.of(new FocusUnreachable(focus, firstCase, outcome.toString()));
        }
        return Optional.empty();
    }

    /** One line: what failed and what it means. */
    public String summary() {
        return "focus is not reachable through " + focus + " (" + answer + "): its client_proxy knows no jicofo "
                + "session (jicofo not logged in, or it sent no presence, or the focus user's roster lacks the "
                + "subscription of " + focus + ")";
    }
}
