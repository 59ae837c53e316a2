package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import dev.jitsideploy.report.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of document a verb that talks to hosts writes with {@code --json -}, on a 3-host lab, against its schema
 * in docs/schema/: plan, apply, verify, rotate and rollback (run and verify schemas) and bad input (failure). stdout
 * holds the document alone; the text (and the progress lines) go to stderr.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JsonDocumentsIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path inventory;
    private static String secret;

    @Test
    @Order(1)
    void planDocumentFollowsTheRunSchema() throws Exception {
        RunningLab lab = LAB.lab();
        for (LabHost host : lab.hosts()) {
            lab.exec(host, "rm -rf /var/lib/jitsi-deploy/" + host.domain());
        }
        secret = lab.appSecret();
        Path secretFile = work.resolve("app_secret");
        Files.writeString(secretFile, secret + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        inventory = LabInventoryCopy.withReplacements(lab, Files.createDirectories(work.resolve("inventory")),
                Map.of("app_secret: {file: lab/app_secret}", "app_secret: {file: " + secretFile + "}"));

        JsonNode plan = document("run", "plan", "-i", inventory.toString(), "--json", "-");
        assertThat(plan.path("hosts")).hasSize(3);
        assertThat(plan.path("hosts").get(0).path("files").get(0).path("diff").asText()).contains("«redacted»");
    }

    @Test
    @Order(2)
    void applyDocumentCarriesEachHostsGateAndFollowsTheRunSchema() throws Exception {
        JsonNode apply = document("run", "apply", "-i", inventory.toString(), "--yes", "--json", "-");
        for (JsonNode host : apply.path("hosts")) {
            assertThat(host.path("status").asText()).isEqualTo("changed");
            assertThat(host.path("verification").path("passed").asBoolean()).isTrue();
        }
    }

    @Test
    @Order(3)
    void verifyDocumentFollowsTheVerifySchema() throws Exception {
        JsonNode verify = document("verify", "verify", "-i", inventory.toString(), "--json", "-");
        assertThat(verify.path("verdict").asText()).isEqualTo("ok");
        assertThat(verify.path("hosts").get(0).path("verification").path("results").size()).isPositive();
    }

    @Test
    @Order(4)
    void rotateDocumentHasTheRotationObjectAndFollowsTheRunSchema() throws Exception {
        JsonNode rotate = document("run", "rotate", "-i", inventory.toString(), "--yes", "--json", "-");
        assertThat(rotate.path("rotation").path("rotated").asBoolean()).isTrue();
        assertThat(rotate.toString()).doesNotContain(secret)
                .doesNotContain(Files.readString(work.resolve("app_secret")).strip());
    }

    @Test
    @Order(5)
    void rollbackDocumentFollowsTheRunSchema() throws Exception {
        // After the rotation above, the hosts go back together with the secret file (rollback alone is refused).
        JsonNode rollback = document("run", "rollback", "-i", inventory.toString(), "--with-secret", "--json",
                "-");
        assertThat(rollback.path("hosts").get(0).path("restored").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void planWithAnInputErrorWritesTheFailureDocument() throws Exception {
        Path broken = work.resolve("broken.yml");
        Files.writeString(broken, Files.readString(inventory).replaceFirst("port: 22", "port: twenty-two"));
        CliRun run = CliRun.run(work, System.getenv(), "plan", "-i", broken.toString(), "--json", "-");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(JsonSchemas.assertValid(run.out())).isEqualTo("failure");
        JsonNode error = JSON.readTree(run.out()).path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo(broken.toString());
        assertThat(error.path("line").asInt()).isPositive();
        assertThat(error.path("column").asInt()).isPositive();
    }

    /** Runs the verb with --json -, checks stdout is one document of {@code schema}, and returns it. */
    private static JsonNode document(String schema, String... args) throws Exception {
        CliRun run = CliRun.run(work, System.getenv(), args);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out().lines().count()).as(run.out()).isEqualTo(1);
        assertThat(JsonSchemas.assertValid(run.out())).isEqualTo(schema);
        assertThat(run.all()).doesNotContain(secret);
        return JSON.readTree(run.out());
    }
}
