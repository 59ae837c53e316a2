package dev.jitsideploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.verify.CaseResult;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.HostVerification;
import dev.jitsideploy.verify.ProbeCase;
import dev.jitsideploy.verify.ProbeTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** verify's report: the JSON a real parser reads back carries every check, case and verdict the text shows. */
class VerifyReportTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    private static final String HS256 = "HS256 (app secret)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final CaseResult VALID = new CaseResult(ProbeCase.VALID, ProbeTransport.BOSH, true,
            "SASL success, room created, join allowed", "SASL success; conference ready; joined", "",
            Duration.ofMillis(87));
    private static final CaseResult NO_TOKEN_LET_IN = new CaseResult(ProbeCase.NO_TOKEN, ProbeTransport.WEBSOCKET,
            false, "SASL failure 'not-allowed': token required...", "SASL success",
            "the server ACCEPTED it without a token: enforcement is off", Duration.ofMillis(15));

    @Test
    void everyHostCheckAndCaseIsInTheJsonWithItsVerdict() throws Exception {
        HostVerification lab1 = new HostVerification("lab1", HS256, List.of(
                HostCheck.ok(HostCheck.CLOCK, "the host's clock is 0 s ahead of ours"),
                HostCheck.ok(HostCheck.CONFIG_JS, "the config.js served at https://lab1.jitsi.test/config.js is the "
                        + "deployed one")), List.of(VALID, NO_TOKEN_LET_IN));
        // A log line with the characters JSON must escape (quotes, backslash, tab, a control character).
        String logLine = "Nov 23 c2s\t\"x\" \\ «token» \u0001 end";
        VerifyReport report = new VerifyReport(List.of(new VerifyReport.Host(lab1, false, List.of(logLine), AT, AT)));

        JsonNode root = JSON.readTree(report.toJson(List.of()));

        assertThat(root.path("command").asText()).isEqualTo("verify");
        assertThat(root.path("verdict").asText()).isEqualTo("failed");
        JsonNode host = root.path("hosts").get(0);
        assertThat(host.path("host").asText()).isEqualTo("lab1");
        assertThat(host.path("verdict").asText()).isEqualTo("failed");
        assertThat(host.path("warning").isNull()).isTrue();
        JsonNode verification = host.path("verification");
        assertThat(verification.path("passed").asBoolean()).isFalse();
        assertThat(verification.path("cases").asInt()).isEqualTo(2);
        assertThat(verification.path("cases_passed").asInt()).isEqualTo(1);
        assertThat(verification.path("checks")).extracting(check -> check.path("check").asText() + "="
                + check.path("passed").asBoolean()).containsExactly("clock=true", "config.js=true");
        assertThat(verification.path("problems")).isEmpty();

        JsonNode results = verification.path("results");
        assertThat(results).hasSize(2);
        JsonNode valid = results.get(0);
        assertThat(valid.path("transport").asText()).isEqualTo("bosh");
        assertThat(valid.path("case").asText()).isEqualTo("valid token, own room");
        assertThat(valid.path("verdict").asText()).isEqualTo("ok");
        assertThat(valid.path("expected").asText()).isEqualTo("SASL success, room created, join allowed");
        assertThat(valid.path("observed").asText()).isEqualTo("SASL success; conference ready; joined");
        assertThat(valid.path("problem").isNull()).isTrue();
        assertThat(valid.path("millis").asLong()).isEqualTo(87);
        JsonNode letIn = results.get(1);
        assertThat(letIn.path("transport").asText()).isEqualTo("websocket");
        assertThat(letIn.path("verdict").asText()).isEqualTo("fail");
        assertThat(letIn.path("problem").asText()).startsWith("the server ACCEPTED it without a token");
        assertThat(verification.path("prosody_log").get(0).asText()).isEqualTo(logLine);
    }

    @Test
    void aFailedClockCheckIsAProblemAndTheHostHasNoCases() throws Exception {
        String skew = "the host's clock is 120 s ahead of ours (more than 30 s): Prosody allows no skew";
        HostVerification lab2 = new HostVerification("lab2", HS256,
                List.of(HostCheck.failed(HostCheck.CLOCK, skew)),
                List.of());
        HostVerification lab1 = new HostVerification("lab1", HS256,
                List.of(HostCheck.ok(HostCheck.CLOCK, "in time"),
                HostCheck.ok(HostCheck.CONFIG_JS, "same")), List.of(VALID));
        VerifyReport report = new VerifyReport(List.of(new VerifyReport.Host(lab1, true, List.of(), AT, AT),
                new VerifyReport.Host(lab2, false, List.of(), AT, AT)));

        JsonNode root = JSON.readTree(report.toJson(List.of()));

        assertThat(report.passed()).isFalse();
        assertThat(report.failedHosts()).isEqualTo(1);
        assertThat(root.path("verdict").asText()).isEqualTo("failed");
        JsonNode first = root.path("hosts").get(0);
        assertThat(first.path("verdict").asText()).isEqualTo("ok");
        assertThat(first.path("warning").asText()).contains("allow_empty_token is true");
        JsonNode second = root.path("hosts").get(1).path("verification");
        assertThat(second.path("checks").get(0).path("passed").asBoolean()).isFalse();
        assertThat(second.path("problems").get(0).asText()).isEqualTo(skew);
        assertThat(second.path("results")).isEmpty();
        assertThat(report.hosts().get(1).text()).contains("lab2: FAIL clock: " + skew)
                .contains("lab2: FAILED (0/0 cases passed)");
    }

    @Test
    void applysGateKeepsItsShapeWithTheChecks() throws Exception {
        HostVerification lab1 = new HostVerification("lab1", HS256,
                List.of(HostCheck.ok(HostCheck.CLOCK, "in time")),
                List.of(VALID, NO_TOKEN_LET_IN));
        JsonNode gate = JSON.readTree(JsonDocument.write(VerificationJson.of(lab1, List.of(), false)));
        assertThat(gate.path("failed_cases")).hasSize(1);
        assertThat(gate.path("failed_cases").get(0).path("case").asText()).isEqualTo("no token");
        assertThat(gate.has("results")).isFalse();
        assertThat(gate.path("checks").get(0).path("check").asText()).isEqualTo("clock");
    }
}
