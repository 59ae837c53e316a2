package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.report.JsonSchemas;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate at the end of apply, on lab1: the first apply on a fresh host passes it; an apply whose vhost loads but
 * does not enforce (the MUC without token_verification) fails it, is rolled back and the host serves its previous,
 * enforcing configuration again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyGateIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    @TempDir
    Path work;

    @Test
    @Order(1)
    void theFirstApplyOnAFreshHostPassesTheGate() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        // The tool's state from earlier runs (a reset lab keeps /var/lib) is not part of a fresh host.
        lab.exec(lab1, "rm -rf /var/lib/jitsi-deploy/" + lab1.domain());

        long start = System.nanoTime();
        CliRun apply = cli("apply", "-i", lab.inventory().toString(), "--yes", "--limit", "lab1", "--json",
                work.resolve("apply.json").toString());
        assertThat(JsonSchemas.assertValid(Files.readString(work.resolve("apply.json")))).isEqualTo("run");
        long millis = (System.nanoTime() - start) / 1_000_000;
        figure("first-apply.txt", "first apply with gate on lab1: " + millis + " ms\n" + apply.out());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).containsPattern("lab1 +: changed").contains("verify: passed (18/18 cases)")
                .doesNotContain("rollback");
        String json = Files.readString(work.resolve("apply.json"));
        assertThat(json).contains("\"verification\":{\"passed\":true,\"cases\":18,\"cases_passed\":18")
                .doesNotContain("verification_after_rollback");
        assertThat(apply.all() + json).doesNotContain(lab.appSecret());
    }

    @Test
    @Order(2)
    void anApplyThatFailsVerificationIsRolledBackAndTheHostServesItsPreviousConfig() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String vhost = "/etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua";
        String before = lab.exec(lab1, "cat " + vhost);
        assertThat(before).contains("\"token_verification\";");
        // Valid Lua that Prosody loads, but the MUC no longer checks the token's room.
        Path inventory = LabInventoryCopy.withVhostTemplate(lab, work,
                text -> text.replace("\"token_verification\";", "-- token_verification left out"));

        long start = System.nanoTime();
        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes", "--limit", "lab1", "--json",
                work.resolve("apply.json").toString());
        assertThat(JsonSchemas.assertValid(Files.readString(work.resolve("apply.json")))).isEqualTo("run");
        long millis = (System.nanoTime() - start) / 1_000_000;
        figure("failed-gate.txt", "apply failing the gate on lab1, rolled back: " + millis + " ms\n" + apply.out());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(apply.out()).containsPattern("lab1 +: failed .*restored=yes")
                .contains("verify: FAILED (16/18 cases passed)")
                .contains("FAIL bosh valid token for another room")
                .contains("FAIL websocket valid token for another room")
                .contains("the MUC LET IT JOIN", "token_verification is not in the MUC")
                .contains("prosody log, last lines (tokens and secrets redacted):")
                .contains("rollback: restored " + vhost + "; restarted prosody,jicofo,videobridge")
                .contains("verify after rollback: passed (18/18 cases)");
        String json = Files.readString(work.resolve("apply.json"));
        assertThat(json).contains("\"verification\":{\"passed\":false,\"cases\":18,\"cases_passed\":16")
                .contains("\"verification_after_rollback\":{\"passed\":true")
                .contains("\"rollback\":{\"status\":\"changed\",\"restored\":true");
        assertThat(apply.all() + json).doesNotContain(lab.appSecret()).doesNotContainPattern("eyJ[A-Za-z0-9_-]+\\.");

        assertThat(lab.exec(lab1, "cat " + vhost)).isEqualTo(before);
        CliRun verify = cli("verify", "-i", lab.inventory().toString(), "--limit", "lab1");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        assertThat(verify.out()).contains("lab1: ok (18/18 cases passed)");
    }

    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }

    private static void figure(String name, String text) throws Exception {
        Path out = Path.of("target", "gate-figures");
        Files.createDirectories(out);
        Files.writeString(out.resolve(name), text, StandardCharsets.UTF_8);
    }
}
