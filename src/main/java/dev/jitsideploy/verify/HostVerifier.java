package dev.jitsideploy.verify;

import java.io.IOException;
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
        List<String> problems = new ArrayList<>();
        try {
            Duration skew = new ClockCheck(clock).skew(target.publicUrl(), target.trust(), target.stepTimeout());
            Optional<String> clockProblem = ClockCheck.problem(skew);
            if (clockProblem.isPresent()) {
                problems.add(clockProblem.get());
                return new HostVerification(target.host(), problems, List.of());
            }
        } catch (IOException e) {
            problems.add("cannot reach " + target.publicUrl() + " to check its clock: " + e.getMessage());
            return new HostVerification(target.host(), problems, List.of());
        }
        try {
            ServedConfigCheck.problem(target.publicUrl(), target.trust(), deployedConfigJs, target.stepTimeout())
                    .ifPresent(problems::add);
        } catch (IOException e) {
            problems.add("cannot fetch " + ServedConfigCheck.configJsUri(target.publicUrl()) + ": " + e.getMessage());
        }
        return new HostVerification(target.host(), problems, new ProbeRunner(clock).runAll(target, transports));
    }
}
