package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.HostVerification;
import java.util.List;
import java.util.Optional;

/**
 * The gate at the end of apply on one host: the verification of what was applied and, when it failed, the
 * rollback to the previous files and the verification of those.
 *
 * @param first     the verification right after the apply
 * @param firstLog  when it failed, the end of the host's Prosody log (redacted); else empty
 * @param rollback  when it failed, what the rollback restored and restarted
 * @param second    the verification after the rollback (empty when the first passed)
 * @param secondLog when that failed too, the end of the Prosody log again (redacted); else empty
 * @param millis    time spent on the gate
 */
public record GateResult(HostVerification first, List<String> firstLog, Optional<HostOutcome> rollback,
                         Optional<HostVerification> second, List<String> secondLog, long millis) {

    public GateResult {
        firstLog = List.copyOf(firstLog);
        secondLog = List.copyOf(secondLog);
    }

    public boolean passed() {
        return first.passed();
    }

    /**
     * The host's outcome of the apply with the gate taken into account: as applied when the verification passed,
     * else failed, with what the rollback restored and how the second verification went.
     */
    public HostOutcome outcome(HostOutcome applied) {
        long total = applied.millis() + millis;
        if (passed()) {
            return new HostOutcome(applied.host(), applied.status(), applied.plan(), applied.written(),
                    applied.restarted(), applied.restored(), applied.error(), total);
        }
        HostOutcome undone = rollback.orElseThrow();
        String rolledBack;
        if (undone.status() == HostOutcome.Status.FAILED) {
            rolledBack = "rolling back FAILED: " + undone.error().orElse("unknown reason");
        } else if (!undone.restored()) {
            rolledBack = "this run replaced no files, so there was nothing to restore";
        } else {
            rolledBack = "previous files restored, services restarted";
        }
        String after = second.map(v -> "; verification after rollback: " + summary(v)).orElse("");
        return new HostOutcome(applied.host(), HostOutcome.Status.FAILED, applied.plan(), applied.written(),
                applied.restarted(), undone.restored(), Optional.of("verification failed (" + first.passedCases()
                        + "/" + first.cases().size() + " cases passed); " + rolledBack + after), total);
    }

    /**
     * {@code passed (16/16 cases)} or {@code FAILED (15/16 cases passed)}, with the key checks that passed named
     * ({@code passed (16/16 cases; previous secret refused)}); failed checks are listed by the report. Then what the
     * probe's tokens were signed with: {@code ; tokens signed with RS256, kid K}.
     */
    public static String summary(HostVerification verification) {
        String signedWith = verification.signingKey().isEmpty() ? ""
                : "; tokens signed with " + verification.signingKey();
        String keys = verification.checks().stream().filter(HostCheck::passed)
                .filter(check -> !List.of(HostCheck.CLOCK, HostCheck.CONFIG_JS, HostCheck.SETUP)
                        .contains(check.name()))
                .map(check -> "; " + check.name()).collect(java.util.stream.Collectors.joining());
        return (verification.passed() ? "passed (" + verification.cases().size() + "/" + verification.cases().size()
                + " cases" + keys + ")" : "FAILED (" + verification.passedCases() + "/" + verification.cases().size()
                + " cases passed" + keys + ")") + signedWith;
    }
}
