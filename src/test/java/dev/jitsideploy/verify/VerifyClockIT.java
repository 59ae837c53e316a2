package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.cli.ExitCode;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify's clock check and its JSON on lab1 after a good apply: a host whose web server's clock runs 120 s ahead
 * (nginx restarted under libfaketime, so the Date header it sends is really off) fails with a message that names the
 * clock; a good host's JSON carries every check and case with its verdict. Neither output holds the secret.
 */
class VerifyClockIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where a systemd host takes a drop-in for nginx.service that lasts until the host stops (its /run). */
    private static final String FAKETIME_DROP_IN = "/run/systemd/system/nginx.service.d";

    @TempDir
    Path work;

    @BeforeEach
    void appliedAndPassing() {
        CliRun apply = cli("apply", "-i", LAB.lab().inventory().toString(), "--yes", "--limit", "lab1");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
    }

    @AfterEach
    void nginxOnTheRealClock() throws Exception {
        // Without the preload nginx is back on the machine's time: the systemd drop-in goes, or (SysV) nginx is
        // started from this JVM's environment, which has no LD_PRELOAD.
        RunningLab lab = LAB.lab();
        if (lab.isSystemd(lab.host(1))) {
            lab.exec(lab.host(1), "rm -rf " + FAKETIME_DROP_IN + " && systemctl daemon-reload"
                    + " && systemctl restart nginx.service");
        } else {
            lab.exec(lab.host(1), "/etc/init.d/nginx restart >/dev/null");
        }
    }

    @Test
    void aHostWhoseClockIsOffIsCaughtAndTheClockIsNamed() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String library = lab.exec(lab1, "ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null || true").strip();
        assertThat(library).as("this test needs Debian's faketime package (libfaketime)").isNotEmpty();
        // libfaketime preloaded by hand: the faketime wrapper would wait for nginx to exit (it holds a pipe the
        // daemon inherits). The init script, not `service`, which clears the environment and LD_PRELOAD with it.
        if (lab.isSystemd(lab1)) {
            // A runtime drop-in gives nginx.service the preload; systemd starts nginx with it.
            lab.exec(lab1, "mkdir -p " + FAKETIME_DROP_IN + " && printf '[Service]\\nEnvironment=LD_PRELOAD=" + library
                    + " FAKETIME=+120s\\n' > " + FAKETIME_DROP_IN + "/faketime.conf && systemctl daemon-reload"
                    + " && systemctl restart nginx.service");
        } else {
            lab.exec(lab1, "/etc/init.d/nginx stop >/dev/null && LD_PRELOAD=" + library + " FAKETIME=+120s "
                    + "/etc/init.d/nginx start >/dev/null 2>&1");
        }
        // nginx writes its process title over its environment, so its memory map shows the preload instead.
        assertThat(lab.exec(lab1, "cat /proc/$(cat /run/nginx.pid)/maps")).as("nginx runs with libfaketime")
                .contains("libfaketime");

        long start = System.nanoTime();
        CliRun verify = cli("verify", "-i", lab.inventory().toString(), "--limit", "lab1", "--json",
                work.resolve("verify.json").toString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(verify.out()).containsPattern("lab1: FAIL clock: the host's clock is 1[12][0-9] s ahead of ours "
                        + "\\(more than 30 s\\): Prosody allows no skew on exp/nbf")
                .contains("fix the time (NTP/chrony)")
                .contains("lab1: prosody log, last lines (tokens and secrets redacted):")
                .contains("lab1: FAILED (0/0 cases passed)");
        String json = Files.readString(work.resolve("verify.json"), StandardCharsets.UTF_8);
        JsonNode root = JSON.readTree(json);
        assertThat(root.path("verdict").asText()).isEqualTo("failed");
        JsonNode verification = root.path("hosts").get(0).path("verification");
        assertThat(verification.path("checks").get(0).path("check").asText()).isEqualTo("clock");
        assertThat(verification.path("checks").get(0).path("passed").asBoolean()).isFalse();
        assertThat(verification.path("problems").get(0).asText()).contains("ahead of ours (more than 30 s)");
        assertThat(verification.path("prosody_log")).isNotEmpty();
        assertThat(verify.all() + json).doesNotContain(lab.appSecret());
        System.out.println("VerifyClockIT: verify of lab1 with its clock 120 s ahead: " + millis + " ms\n"
                + verify.out());
    }

    @Test
    void theJsonOfAGoodHostCarriesEveryCaseAndGoesToStdoutAlone() throws Exception {
        RunningLab lab = LAB.lab();

        long start = System.nanoTime();
        CliRun verify = cli("verify", "-i", lab.inventory().toString(), "--limit", "lab1", "--json", "-");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        // With --json - the text goes to stderr, so stdout is exactly one JSON document.
        JsonNode root = JSON.readTree(verify.out());
        assertThat(verify.err()).contains("lab1: ok   clock: the host's clock is").contains("lab1: ok (18/18 cases");
        assertThat(root.path("command").asText()).isEqualTo("verify");
        assertThat(root.path("verdict").asText()).isEqualTo("ok");
        JsonNode host = root.path("hosts").get(0);
        assertThat(host.path("host").asText()).isEqualTo("lab1");
        JsonNode verification = host.path("verification");
        assertThat(verification.path("checks")).extracting(check -> check.path("check").asText() + "="
                + check.path("passed").asBoolean()).containsExactly("clock=true", "config.js=true");
        JsonNode results = verification.path("results");
        assertThat(results).hasSize(18);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.path("verdict").asText()).isEqualTo("ok");
            assertThat(result.path("transport").asText()).isIn("bosh", "websocket");
            assertThat(result.path("expected").asText()).isNotEmpty();
            assertThat(result.path("observed").asText()).isNotEmpty();
            assertThat(result.path("millis").asLong()).isNotNegative();
        });
        assertThat(verification.path("prosody_log")).isEmpty();
        // No secret, and no token: every token starts with a base64url JSON header, "eyJ".
        assertThat(verify.all()).doesNotContain(lab.appSecret()).doesNotContain("eyJ");
        System.out.println("VerifyClockIT: verify --json - of a good lab1: " + millis + " ms");
    }

    private static CliRun cli(String... args) {
        return CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), args);
    }
}
