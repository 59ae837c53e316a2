package dev.jitsideploy.report;

import dev.jitsideploy.verify.CaseResult;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.HostVerification;
import java.util.List;

/** One host's verification as a JSON object: the same shape in apply's gate and in verify. */
final class VerificationJson {

    private VerificationJson() {
    }

    /**
     * @param everyCase all case results under {@code results} (verify); otherwise only the failed ones under
     *                  {@code failed_cases} (apply's gate, where a pass is summed up by its counts)
     * @param log       the redacted end of the Prosody log, empty when it was not read
     */
    static void append(StringBuilder out, HostVerification verification, List<String> log, boolean everyCase) {
        out.append("{\"passed\":").append(verification.passed())
                .append(",\"cases\":").append(verification.cases().size())
                .append(",\"cases_passed\":").append(verification.passedCases())
                .append(",\"signing_key\":").append(verification.signingKey().isEmpty() ? "null"
                        : Json.string(verification.signingKey()))
                .append(",\"checks\":[");
        for (int i = 0; i < verification.checks().size(); i++) {
            HostCheck check = verification.checks().get(i);
            out.append(i > 0 ? "," : "").append("{\"check\":").append(Json.string(check.name()))
                    .append(",\"passed\":").append(check.passed())
                    .append(",\"detail\":").append(Json.string(check.detail())).append('}');
        }
        out.append("],\"problems\":").append(Json.strings(verification.problems()))
                .append(everyCase ? ",\"results\":[" : ",\"failed_cases\":[");
        List<CaseResult> listed = everyCase ? verification.cases()
                : verification.cases().stream().filter(result -> !result.passed()).toList();
        for (int i = 0; i < listed.size(); i++) {
            appendCase(out.append(i > 0 ? "," : ""), listed.get(i));
        }
        out.append("],\"prosody_log\":").append(Json.strings(log)).append('}');
    }

    private static void appendCase(StringBuilder out, CaseResult result) {
        out.append("{\"case\":").append(Json.string(result.probeCase().description()))
                .append(",\"transport\":").append(Json.string(result.transport().label()))
                .append(",\"verdict\":").append(Json.string(result.passed() ? "ok" : "fail"))
                .append(",\"passed\":").append(result.passed())
                .append(",\"expected\":").append(Json.string(result.expected()))
                .append(",\"observed\":").append(Json.string(result.observed()))
                .append(",\"problem\":").append(result.passed() ? "null" : Json.string(result.problem()))
                .append(",\"millis\":").append(result.elapsed().toMillis()).append('}');
    }
}
