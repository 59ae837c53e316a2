package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.jitsideploy.inventory.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved plan's file: written 0600 and atomically, read back strictly, every bad file one located problem. */
class PlanFileTest {

    @TempDir
    Path work;

    static SavedPlan plan() {
        SavedHostPlan host = new SavedHostPlan("lab1", "lab1.jitsi.test", List.of(
                new SavedHostPlan.File("/etc/prosody/conf.avail/lab1.jitsi.test.cfg.lua", "changed",
                        Sha256.hex(bytes("old")), Sha256.hex(bytes("new")), "root:prosody 0640",
                        "root:root 0644"),
                new SavedHostPlan.File("/etc/jitsi/meet/lab1.jitsi.test-config.js", "created", null,
                        Sha256.hex(bytes("config")), "root:root 0644", null)),
                List.of(new SavedHostPlan.Deletion("/etc/prosody/asap-keys/old.pem", Sha256.hex(bytes("k")),
                        "root:prosody 0640")), true, "../conf.avail/lab1.jitsi.test.cfg.lua",
                List.of("prosody", "jicofo", "videobridge"));
        return SavedPlan.of("jitsi-deploy test", "2026-11-30T18:00:00Z",
                new SavedPlan.InventoryIdentity("/tmp/inventory.yml", Sha256.hex(bytes("inventory"))), List.of(host));
    }

    @Test
    void aWrittenPlanReadsBackAsItWasAndIsOwnerOnly() throws Exception {
        Path file = work.resolve("p");
        Files.writeString(file, "an older plan, readable by all");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PlanFile.write(file, plan());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SavedPlan read = PlanFile.read(file);
        assertThat(read.hosts()).isEqualTo(plan().hosts());
        assertThat(read.inventory()).isEqualTo(plan().inventory());
        assertThat(read.checksum()).hasSize(64);
        try (var left = Files.list(work)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).containsExactly("p");
        }
    }

    @Test
    void theFileFollowsItsPublishedSchema() throws Exception {
        Path file = work.resolve("p");
        PlanFile.write(file, plan());
        JsonNode document = new ObjectMapper().readTree(file.toFile());
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/schema/plan.schema.json")));
        assertThat(schema.validate(document)).isEmpty();
    }

    @Test
    void aTruncatedPlanIsOneProblemAtWhereItEnds() throws Exception {
        Path file = work.resolve("p");
        PlanFile.write(file, plan());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertThat(problem(file)).startsWith(file + ":").contains("ends early (truncated?)")
                .contains("plan --out");
    }

    @Test
    void aForeignFileIsNotAPlan() throws Exception {
        Path run = work.resolve("plan.json");
        Files.writeString(run, "{\"schema_version\":1,\"command\":\"plan\",\"hosts\":[]}\n");
        assertThat(problem(run)).isEqualTo(run + ": not a jitsi-deploy plan (it has no \"format\": "
                + "\"jitsi-deploy-plan\"); give the file 'plan --out' wrote");
        Path yaml = work.resolve("inventory.yml");
        Files.writeString(yaml, "hosts:\n  lab1: {}\n");
        assertThat(problem(yaml)).startsWith(yaml + ":1:").contains("not JSON");
        Path empty = work.resolve("empty");
        Files.writeString(empty, "");
        assertThat(problem(empty)).contains("not a jitsi-deploy plan");
    }

    @Test
    void anEditedPlanIsRefused() throws Exception {
        Path file = work.resolve("p");
        PlanFile.write(file, plan());
        String text = Files.readString(file);
        String edited = text.replace(Sha256.hex(bytes("new")), Sha256.hex(bytes("something else")));
        assertThat(edited).isNotEqualTo(text);
        Files.writeString(file, edited);
        assertThat(problem(file)).isEqualTo(file + ": edited since 'plan --out' wrote it (its checksum does not"
                + " match its contents); review and apply only what plan wrote: make a new plan with 'plan --out'");

        Files.writeString(file, text.replace("\"host\" : \"lab1\",", ""));
        assertThat(problem(file)).contains("not a whole plan").contains("hosts[0]");

        Files.writeString(file, text.replace("\"format_version\" : 1", "\"format_version\" : 7"));
        assertThat(problem(file)).contains("plan file format 7, this jitsi-deploy reads format 1");
    }

    @Test
    void anUnwritableOutIsToldBeforePlanning() {
        assertThat(PlanFile.unwritable(work.resolve("no/such/dir/p"))).get().asString()
                .contains("does not exist");
        assertThat(PlanFile.unwritable(work)).get().asString().contains("is a directory");
        assertThat(PlanFile.unwritable(work.resolve("p"))).isEmpty();
    }

    private static String problem(Path file) {
        try {
            PlanFile.read(file);
        } catch (InvalidInputException e) {
            assertThat(e.problems()).hasSize(1);
            String line = e.problems().get(0).toString();
            assertThat(line).doesNotContain("\n").doesNotContain("Exception").doesNotContain("com.fasterxml");
            return line;
        }
        throw new AssertionError(file + " was read as a plan");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
