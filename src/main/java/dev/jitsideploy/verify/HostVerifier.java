package dev.jitsideploy.verify;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies one host: its clock first (a skewed clock makes every time-based verdict meaningless), then that it serves
 * the deployed config.js, then the probe matrix.
 */
public final class HostVerifier {

    /** The name of the check that reports a focus the join cases could not reach. */
    public static final String FOCUS_RELAY = "focus relay";

    private final Clock clock;
    private final Duration focusGrace;

    public HostVerifier(Clock clock) {
        this(clock, ProbeRunner.RESTART_FOCUS_GRACE);
    }

    /** @param focusGrace how long a focus that answers service-unavailable is retried (see {@link ProbeRunner}) */
    public HostVerifier(Clock clock, Duration focusGrace) {
        this.clock = clock;
        this.focusGrace = focusGrace;
    }

    /** @param deployedConfigJs the config.js bytes jitsi-deploy renders for the host */
    public HostVerification verify(ProbeTarget target, List<ProbeTransport> transports, byte[] deployedConfigJs) {
        return verify(target, transports, deployedConfigJs, List.of());
    }

    /**
     * As {@link #verify(ProbeTarget, List, byte[])}, with key checks (a rotation's) after the config.js check. They
     * run on the first transport only: the signature is checked at SASL, the same way on every transport.
     */
    public HostVerification verify(ProbeTarget target, List<ProbeTransport> transports, byte[] deployedConfigJs,
                                   List<KeyCheck> keyChecks) {
        List<HostCheck> checks = new ArrayList<>();
        try {
            Duration skew = new ClockCheck(clock).skew(target.publicUrl(), target.trust(), target.stepTimeout());
            Optional<String> clockProblem = ClockCheck.problem(skew);
            if (clockProblem.isPresent()) {
                checks.add(HostCheck.failed(HostCheck.CLOCK, clockProblem.get()));
                return new HostVerification(target.host(), target.key().describe(), checks, List.of());
            }
            checks.add(HostCheck.ok(HostCheck.CLOCK, ClockCheck.describe(skew)));
        } catch (IOException e) {
            checks.add(HostCheck.failed(HostCheck.CLOCK, "cannot reach " + target.publicUrl()
                    + " to check its clock: " + e.getMessage()));
            return new HostVerification(target.host(), target.key().describe(), checks, List.of());
        }
        URI configJs = ServedConfigCheck.configJsUri(target.publicUrl());
        try {
            checks.add(ServedConfigCheck.problem(target.publicUrl(), target.trust(), deployedConfigJs,
                            target.stepTimeout())
                    .map(problem -> HostCheck.failed(HostCheck.CONFIG_JS, problem))
                    .orElse(HostCheck.ok(HostCheck.CONFIG_JS, "the config.js served at " + configJs
                            + " is the deployed one")));
        } catch (IOException e) {
            checks.add(HostCheck.failed(HostCheck.CONFIG_JS, "cannot fetch " + configJs + ": " + e.getMessage()));
        }
        ProbeRunner runner = new ProbeRunner(clock, focusGrace);
        for (KeyCheck keyCheck : keyChecks) {
            checks.add(runner.run(target, keyCheck, transports.get(0)));
        }
        List<CaseResult> cases = runner.runAll(target, transports);
        runner.focusUnreachable().ifPresent(cause -> checks.add(HostCheck.failed(FOCUS_RELAY, cause.summary()
                + "; every join case failed on it without waiting again (first: " + cause.firstCase() + ")")));
        return new HostVerification(target.host(), target.key().describe(), checks, cases);
    }
}
