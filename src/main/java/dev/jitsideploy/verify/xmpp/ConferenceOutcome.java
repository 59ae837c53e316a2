package dev.jitsideploy.verify.xmpp;

import java.time.Duration;
import java.util.Map;

/** How {@code focus.<domain>} answered the conference request that makes it create the room. */
public sealed interface ConferenceOutcome
        permits ConferenceOutcome.Ready, ConferenceOutcome.Refused, ConferenceOutcome.NeverReady, NoAnswer {

    /** {@code <conference ready='true' focusjid='...'>} with its {@code <property name value/>} children. */
    record Ready(String focusJid, Map<String, String> properties, int attempts) implements ConferenceOutcome {
        public Ready {
            properties = Map.copyOf(properties);
        }

        @Override
        public String toString() {
            return "conference ready (focus " + focusJid + ", " + attempts + " request(s))";
        }
    }

    /** An {@code <iq type='error'>} answer, e.g. not-authorized "not authorized user domain". */
    record Refused(StanzaError error) implements ConferenceOutcome {
        @Override
        public String toString() {
            return "conference request refused: " + error;
        }
    }

    /** The focus kept answering {@code ready='false'} until the timeout. */
    record NeverReady(int attempts, Duration waited) implements ConferenceOutcome {
        @Override
        public String toString() {
            return "conference still not ready after " + attempts + " request(s) in " + waited.toMillis() + " ms";
        }
    }
}
