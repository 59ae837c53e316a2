package dev.jitsideploy.verify.xmpp;

import java.util.Set;

/** How the MUC answered our join presence. */
public sealed interface JoinOutcome permits JoinOutcome.Joined, JoinOutcome.Refused, NoAnswer {

    /** Our own presence came back (status 110 when the server sends it); statusCodes includes e.g. 201 (new room). */
    record Joined(String occupantJid, Set<Integer> statusCodes, String affiliation, String role)
            implements JoinOutcome {
        public Joined {
            statusCodes = Set.copyOf(statusCodes);
        }

        @Override
        public String toString() {
            return "joined as " + occupantJid + " (affiliation " + affiliation + ", role " + role + ", status "
                    + statusCodes + ")";
        }
    }

    /** {@code <presence type='error'>}: condition, text and any application-specific element. */
    record Refused(StanzaError error) implements JoinOutcome {
        @Override
        public String toString() {
            return "join refused: " + error;
        }
    }
}
