package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad saved-plan input through the CLI: each is one line on stderr, exit 2, and no host is contacted (the example
 * inventory's hosts do not exist: a connection attempt would be a different failure).
 */
class SavedPlanInputTest {

    private static final String INVENTORY = Path.of("inventories/example.yml").toAbsolutePath().toString();

    @TempDir
    Path work;

    @Test
    void aTruncatedForeignOrEditedPlanIsOneLineAndExit2() throws Exception {
        String plan = "{\n  \"format\" : \"jitsi-deploy-plan\",\n  \"format_version\" : 1,\n  \"tool\" : \"x\",\n";
        Files.writeString(work.resolve("truncated"), plan);
        Files.writeString(work.resolve("foreign"), "{\"schema_version\":1,\"command\":\"plan\",\"hosts\":[]}\n");
        Files.writeString(work.resolve("edited"), plan + "  \"created\" : \"2026-11-30T18:00:00Z\",\n"
                + "  \"inventory\" : {\"path\" : \"" + INVENTORY + "\", \"sha256\" : \"" + "0".repeat(64) + "\"},\n"
                + "  \"hosts\" : [ ],\n  \"checksum\" : \"" + "0".repeat(64) + "\"\n}\n");
        Map<String, String> expected = Map.of(
                "truncated", ":5:1: the plan file ends early (truncated?); make a new plan with 'plan --out'",
                "foreign", ": not a jitsi-deploy plan (it has no \"format\": \"jitsi-deploy-plan\"); give the file"
                        + " 'plan --out' wrote",
                "edited", ": edited since 'plan --out' wrote it (its checksum does not match its contents); review"
                        + " and apply only what plan wrote: make a new plan with 'plan --out'",
                "missing", ": plan file " + work.resolve("missing") + " does not exist");
        for (var file : expected.entrySet()) {
            CliRun run = CliRun.run(work, Map.of(), "apply", "-i", INVENTORY, file.getKey());
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).isEqualTo(work.resolve(file.getKey()) + file.getValue() + "\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void limitAndRestartBelongToThePlanning() {
        for (String option : new String[] {"--limit", "--restart"}) {
            CliRun run = CliRun.run(work, Map.of(), "apply", "-i", INVENTORY, "p", option, "prosody");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).contains(option + " does not go with a saved plan").hasLineCount(1);
        }
    }

    @Test
    void anOutThatCannotBeWrittenIsRefusedBeforeAnyHost() {
        CliRun run = CliRun.run(work, Map.of(), "plan", "-i", INVENTORY, "--out", "no/such/dir/p");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--out " + work.resolve("no/such/dir/p") + ": the directory "
                + work.resolve("no/such/dir") + " does not exist").hasLineCount(1);
    }
}
