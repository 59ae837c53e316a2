package dev.jitsideploy.verify.xmpp;

import java.util.List;

/** How the server answered a SASL {@code <auth/>}: this is the verdict of every token probe case. */
public sealed interface SaslOutcome permits SaslOutcome.Success, SaslOutcome.Failure, SaslOutcome.NotOffered, NoAnswer {

    /** {@code <success/>}: the server accepted the credentials (for token auth: the token). */
    record Success() implements SaslOutcome {
        @Override
        public String toString() {
            return "SASL success";
        }
    }

    /** {@code <failure><condition/><text>text</text></failure>}; text is empty when the server sent none. */
    record Failure(String condition, String text) implements SaslOutcome {
        @Override
        public String toString() {
            return "SASL failure '" + condition + "'" + (text.isEmpty() ? "" : ": " + text);
        }
    }

    /** The stream features did not offer the mechanism; nothing was sent. */
    record NotOffered(String mechanism, List<String> offered) implements SaslOutcome {
        public NotOffered {
            offered = List.copyOf(offered);
        }

        @Override
        public String toString() {
            return "SASL mechanism " + mechanism + " not offered (offered: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ")";
        }
    }
}
