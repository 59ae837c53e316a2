package dev.jitsideploy.verify;

import dev.jitsideploy.verify.xmpp.JoinOutcome;
import dev.jitsideploy.verify.xmpp.SaslOutcome;
import java.util.List;
import java.util.Optional;

/**
 * What the server must answer in one probe case, and the judgement of what it did answer. A refusal for another
 * reason than the one expected is a failure: "Invalid signature" for an expired token means the probe did not test
 * what it meant to.
 */
public sealed interface Expectation {

    /** Prosody's text for a session without a token when tokens are required. */
    String TOKEN_REQUIRED = "token required";
    /** How a case says that the server offered no SASL mechanism to try. */
    String NOT_OFFERED = "the server does not offer SASL ANONYMOUS";
    /** Prosody's text for a token whose signature does not check out. */
    String INVALID_SIGNATURE = "Invalid signature";

    /** Why the answer is wrong, or empty when it is right. Only the SASL step is judged here. */
    Optional<String> judgeSasl(SaslOutcome outcome);

    /** Whether the case goes on to the conference request and the MUC join after SASL. */
    default boolean joins() {
        return false;
    }

    /** Why the join answer is wrong, or empty when it is right. */
    default Optional<String> judgeJoin(JoinOutcome outcome) {
        return Optional.of("this case has no join");
    }

    /** SASL must fail with this condition and a text starting with this prefix. */
    record SaslRefused(String condition, String textPrefix) implements Expectation {
        @Override
        public Optional<String> judgeSasl(SaslOutcome outcome) {
            if (outcome instanceof SaslOutcome.Failure failure) {
                if (failure.condition().equals(condition) && failure.text().startsWith(textPrefix)) {
                    return Optional.empty();
                }
                return Optional.of("refused for another reason than expected");
            }
            if (outcome instanceof SaslOutcome.Success) {
                // For the tokenless case the cause is nearly always one setting: name it.
                return Optional.of(textPrefix.equals(TOKEN_REQUIRED) ? "the server ACCEPTED it without a token: "
                        + "enforcement is off on the host (allow_empty_token = true in its Prosody config, or its "
                        + "authentication is not \"token\")" : "the server ACCEPTED it");
            }
            return Optional.of(problem(outcome));
        }

        @Override
        public String toString() {
            return "SASL failure '" + condition + "': " + textPrefix + "...";
        }
    }

    /** SASL success only (a tokenless session the inventory deliberately allows). */
    record SaslAccepted() implements Expectation {
        @Override
        public Optional<String> judgeSasl(SaslOutcome outcome) {
            if (outcome instanceof SaslOutcome.Failure failure) {
                // A correctly signed token refused for its signature: host and inventory hold different secrets.
                return Optional.of(failure.text().startsWith(INVALID_SIGNATURE) ? "the server refused it with "
                        + "\"Invalid signature\": the host's app_secret (or public key) is not the inventory's"
                        : "the server refused it");
            }
            return outcome instanceof SaslOutcome.Success ? Optional.empty() : Optional.of(problem(outcome));
        }

        @Override
        public String toString() {
            return "SASL success";
        }
    }

    /**
     * A token the server must not accept, where Jitsi's answer depends on its release (jitsi-token-auth.md 4.5, 8,
     * 9): up to stable 10532 on Prosody 0.12 the token module fails while building its refusal and the client gets
     * no SASL answer at all; the newest code refuses with this condition and text. Both refuse the token; only an
     * acceptance fails the case. The silence is waited for {@link #SILENCE} only: every other case shows the server
     * answering within milliseconds.
     */
    record SaslSilentOrRefused(String condition, String text) implements Expectation {

        /** How long the probe listens for an answer that a 10532-era server never sends. */
        public static final java.time.Duration SILENCE = java.time.Duration.ofSeconds(3);

        /** What the probe reports for the silence, so that a timeout reads as the verdict it is. */
        public static final String NO_ANSWER_MEANING =
                "no SASL answer, as Jitsi's token module does for a token without room";

        @Override
        public Optional<String> judgeSasl(SaslOutcome outcome) {
            if (outcome instanceof SaslOutcome.Success) {
                return Optional.of("the server ACCEPTED a token without a room claim (asap_require_room_claim = "
                        + "false in its Prosody config?)");
            }
            if (outcome instanceof SaslOutcome.Failure failure) {
                return failure.condition().equals(condition) && failure.text().startsWith(text) ? Optional.empty()
                        : Optional.of("refused for another reason than expected");
            }
            return outcome instanceof SaslOutcome.NotOffered ? Optional.of(problem(outcome)) : Optional.empty();
        }

        @Override
        public java.time.Duration answerWait(java.time.Duration stepTimeout) {
            return stepTimeout.compareTo(SILENCE) < 0 ? stepTimeout : SILENCE;
        }

        @Override
        public String toString() {
            return "no SASL answer (stable 10532) or SASL failure '" + condition + "': " + text;
        }
    }

    /** How long to wait for the SASL answer; the step timeout unless silence is the expected answer. */
    default java.time.Duration answerWait(java.time.Duration stepTimeout) {
        return stepTimeout;
    }

    /** The cases judged at the MUC join: SASL must succeed first. */
    sealed interface AtJoin extends Expectation {
        @Override
        default Optional<String> judgeSasl(SaslOutcome outcome) {
            return new SaslAccepted().judgeSasl(outcome);
        }

        @Override
        default boolean joins() {
            return true;
        }
    }

    /** SASL success, the focus creates the room, and the join is allowed. */
    record Joins() implements AtJoin {
        @Override
        public Optional<String> judgeJoin(JoinOutcome outcome) {
            if (outcome instanceof JoinOutcome.Joined) {
                return Optional.empty();
            }
            return Optional.of(outcome instanceof JoinOutcome.Refused ? "the MUC refused the join"
                    : "the MUC did not answer the join");
        }

        @Override
        public String toString() {
            return "SASL success, room created, join allowed";
        }
    }

    /**
     * SASL success, the room is created, and the MUC refuses the join with this condition and one of these texts
     * (Jitsi's wording depends on its version and on domain verification).
     */
    record JoinRefused(String condition, List<String> texts) implements AtJoin {
        public JoinRefused {
            texts = List.copyOf(texts);
        }

        @Override
        public Optional<String> judgeJoin(JoinOutcome outcome) {
            if (outcome instanceof JoinOutcome.Refused refused) {
                boolean right = refused.error().condition().equals(condition)
                        && texts.stream().anyMatch(text -> refused.error().text().equals(text));
                return right ? Optional.empty() : Optional.of("the join was refused for another reason than expected");
            }
            return Optional.of(outcome instanceof JoinOutcome.Joined ? "the MUC LET IT JOIN: room checks are off "
                    + "(token_verification is not in the MUC's modules_enabled, or it loaded without hooks because the "
                    + "MUC is not named <label>.<domain> or that domain has no app_id)"
                    : "the MUC did not answer the join");
        }

        @Override
        public String toString() {
            return "SASL success, join refused '" + condition + "': " + String.join(" | ", texts);
        }
    }

    private static String problem(SaslOutcome outcome) {
        if (outcome instanceof SaslOutcome.NotOffered) {
            return NOT_OFFERED + " (is the token module loaded with app_id and secret?)";
        }
        return "the server did not answer";
    }
}
