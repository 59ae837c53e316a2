package dev.jitsideploy.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jitsideploy.verify.CaseResult;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.HostVerification;
import java.util.List;

/**
 * One host's verification in JSON: the same shape in apply's gate and in verify. verify lists every case under
 * {@code results}; apply's gate only the failed ones under {@code failed_cases} (a pass is summed up by its counts).
 */
record VerificationJson(boolean passed, int cases, long casesPassed, String signingKey, List<CheckJson> checks,
                        List<String> problems, @JsonInclude(JsonInclude.Include.NON_NULL) List<CaseJson> results,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<CaseJson> failedCases,
                        List<String> prosodyLog) {

    /** @param log the redacted end of the Prosody log, empty when it was not read */
    static VerificationJson of(HostVerification verification, List<String> log, boolean everyCase) {
        List<CaseJson> listed = verification.cases().stream().filter(result -> everyCase || !result.passed())
                .map(CaseJson::of).toList();
        return new VerificationJson(verification.passed(), verification.cases().size(), verification.passedCases(),
                verification.signingKey().isEmpty() ? null : verification.signingKey(),
                verification.checks().stream().map(CheckJson::of).toList(), verification.problems(),
                everyCase ? listed : null, everyCase ? null : listed, List.copyOf(log));
    }

    record CheckJson(String check, boolean passed, String detail) {
        static CheckJson of(HostCheck check) {
            return new CheckJson(check.name(), check.passed(), check.detail());
        }
    }

    record CaseJson(@JsonProperty("case") String caseName, String transport, String verdict, boolean passed,
                    String expected, String observed, String problem, long millis) {

        static CaseJson of(CaseResult result) {
            return new CaseJson(result.probeCase().description(), result.transport().label(),
                    result.passed() ? "ok" : "fail", result.passed(), result.expected(), result.observed(),
                    result.passed() ? null : result.problem(), result.elapsed().toMillis());
        }
    }
}
