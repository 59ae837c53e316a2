package dev.jitsideploy.verify;

import java.util.List;

/**
 * The verification of one host: the checks made before the matrix (clock, served config.js) and every case's verdict.
 *
 * @param host       inventory name
 * @param signingKey what the probe's tokens were signed with ({@code SigningKey.describe()}: {@code RS256, kid K} or
 *                   {@code HS256 (app secret)}); empty when the verification could not start
 * @param checks     the checks before the matrix, in the order they ran
 * @param cases      the matrix results (empty when a failed check stopped the host before it)
 */
public record HostVerification(String host, String signingKey, List<HostCheck> checks, List<CaseResult> cases) {

    public HostVerification {
        checks = List.copyOf(checks);
        cases = List.copyOf(cases);
    }

    /** A verification that could not start (no secret, no TLS trust, ...): one failed setup check, no cases. */
    public static HostVerification notStarted(String host, String problem) {
        return new HostVerification(host, "", List.of(HostCheck.failed(HostCheck.SETUP, problem)), List.of());
    }

    /** This verification with one more check (a diagnosis made afterwards, e.g. over SSH). */
    public HostVerification withCheck(HostCheck check) {
        List<HostCheck> more = new java.util.ArrayList<>(checks);
        more.add(check);
        return new HostVerification(host, signingKey, more, cases);
    }

    /** Whether the join cases found no focus behind {@code focus.<domain>}. */
    public boolean focusUnreachable() {
        return checks.stream().anyMatch(check -> !check.passed() && check.name().equals(HostVerifier.FOCUS_RELAY));
    }

    /** Whether some case found that the server offers no SASL ANONYMOUS (the token module is not working). */
    public boolean saslNotOffered() {
        return cases.stream().anyMatch(result -> result.problem().startsWith(Expectation.NOT_OFFERED));
    }

    /** The failed checks' details, each a full sentence. */
    public List<String> problems() {
        return checks.stream().filter(check -> !check.passed()).map(HostCheck::detail).toList();
    }

    public boolean passed() {
        return checks.stream().allMatch(HostCheck::passed) && !cases.isEmpty()
                && cases.stream().allMatch(CaseResult::passed);
    }

    public long passedCases() {
        return cases.stream().filter(CaseResult::passed).count();
    }
}
