package dev.jitsideploy.verify;

import java.time.Duration;

/**
 * The verdict of one probe case on one transport.
 *
 * @param probeCase what was tried
 * @param transport bosh or websocket
 * @param passed    whether the server answered as expected
 * @param expected  what it should have answered
 * @param observed  what it answered, step by step (never a token)
 * @param problem   why the case failed; empty when it passed
 * @param elapsed   wall time of the case
 */
public record CaseResult(ProbeCase probeCase, ProbeTransport transport, boolean passed, String expected,
                         String observed, String problem, Duration elapsed) {

    @Override
    public String toString() {
        return (passed ? "ok   " : "FAIL ") + transport.label() + " " + probeCase.description() + ": " + observed
                + (passed ? "" : " — " + problem + "; expected " + expected) + " (" + elapsed.toMillis() + " ms)";
    }
}
