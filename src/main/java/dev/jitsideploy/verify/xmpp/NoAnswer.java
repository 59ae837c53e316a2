package dev.jitsideploy.verify.xmpp;

import java.time.Duration;

/**
 * Silence: the server sent nothing the step waited for within its timeout. One outcome for SASL, the conference
 * request and the MUC join, so callers can treat "the server did not answer" the same way wherever it happens.
 */
public record NoAnswer(String step, Duration waited) implements SaslOutcome, ConferenceOutcome, JoinOutcome {

    static NoAnswer of(NoAnswerException e) {
        return new NoAnswer(e.step(), e.waited());
    }

    @Override
    public String toString() {
        return "no answer within " + waited.toMillis() + " ms while " + step;
    }
}
