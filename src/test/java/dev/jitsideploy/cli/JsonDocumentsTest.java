package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.report.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents of the verbs that need no host (validate, keys list, failures) against docs/schema/. */
class JsonDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void validateDocumentFollowsValidateSchemaWithItsWarning() throws Exception {
        CliRun run = CliRun.run(Path.of("").toAbsolutePath(), Map.of(), "validate", "-i", "inventories/example.yml",
                "--json", "-");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(JsonSchemas.assertValid(run.out())).isEqualTo("validate");
        JsonNode warning = JSON.readTree(run.out()).path("warnings").get(0);
        assertThat(warning.path("file").asText()).endsWith("inventories/example.yml");
        assertThat(warning.path("line").asInt()).isPositive();
        assertThat(warning.path("message").asText()).contains("JITSI_APP_SECRET");
    }

    @Test
    void validateWithAnInputErrorWritesTheFailureDocumentWithFileLineColumn() throws Exception {
        Path inventory = dir.resolve("bad.yml");
        Files.writeString(inventory, "groups:\n  g:\n    hosts:\n      h1: {ssh: {port: many}}\n");
        CliRun run = CliRun.run(dir, Map.of(), "validate", "-i", inventory.toString(), "--json", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(JsonSchemas.assertValid(run.out())).isEqualTo("failure");
        JsonNode document = JSON.readTree(run.out());
        assertThat(document.path("exit_code").asInt()).isEqualTo(2);
        JsonNode error = document.path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo(inventory.toString());
        assertThat(error.path("line").asInt()).isGreaterThan(0);
        assertThat(error.path("column").asInt()).isGreaterThan(0);
        assertThat(run.err()).contains(inventory + ":" + error.path("line").asInt() + ":");
    }

    @Test
    void keysListDocumentFollowsKeysListSchema() throws Exception {
        Path inventory = new InventoryWorld(dir).write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth: {algorithm: RS256, app_id: myapp, keys_dir: jwt-keys}
                """, ""));
        assertThat(CliRun.run(dir, Map.of(), "keys", "new", "-i", inventory.toString(), "--kid", "first")
                .exitCode()).isZero();
        CliRun list = CliRun.run(dir, Map.of(), "keys", "list", "-i", inventory.toString(), "--json", "-");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(JsonSchemas.assertValid(list.out())).isEqualTo("keys-list");
        JsonNode key = JSON.readTree(list.out()).path("keys").get(0);
        assertThat(key.path("kid").asText()).isEqualTo("first");
        assertThat(key.path("newest").asBoolean()).isTrue();
        assertThat(list.out()).doesNotContain("PRIVATE");
    }

    @Test
    void theSchemasRejectADocumentThatDriftsFromThem() {
        assertThatThrownBy(() -> JsonSchemas.assertValid("{\"schema_version\":1,\"command\":\"validate\","
                + "\"hosts\":[{\"host\":\"a\",\"domain\":\"a.example\",\"files\":[],\"extra\":1}],"
                + "\"warnings\":[],\"errors\":[]}\n")).isInstanceOf(AssertionError.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> JsonSchemas.assertValid("{\"schema_version\":1,\"command\":\"plan\","
                + "\"hosts\":[],\"warnings\":[]}\n")).isInstanceOf(AssertionError.class).hasMessageContaining("errors");
    }
}
