package dev.jitsideploy.verify;

import dev.jitsideploy.verify.token.SigningKey;
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

    private final Clock clock;

    public HostVerifier(Clock clock) {
        this.clock = clock;
    }

    /** @param deployedConfigJs the config.js bytes jitsi-deploy renders for the host */
    public HostVerification verify(ProbeTarget target, List<ProbeTransport> transports, byte[] deployedConfigJs) {
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
        return new HostVerification(target.host(), target.key().describe(), checks,
                new ProbeRunner(clock).runAll(target, transports));
    }

    /**
     * Whether the host accepts a correct token signed with {@code key} (an RS256 key's kid goes into its header): one
     * fresh BOSH session through the host's web server, judged by the server's SASL answer, where Prosody checks the
     * signature. Used by rotations: after a new key is published, tokens of the new and of the old key must both be
     * {@link TokenOutcome#accepted() accepted}; after the old key is retired and Prosody restarted, the old key's
     * must be {@link TokenOutcome#refused() refused}. The claims and room check do not depend on the key; the full
     * matrix ({@link #verify}) covers them.
     */
    public TokenOutcome acceptsToken(ProbeTarget target, SigningKey key) {
        return new ProbeRunner(clock).present(target, key, ProbeTransport.BOSH);
    }
}
