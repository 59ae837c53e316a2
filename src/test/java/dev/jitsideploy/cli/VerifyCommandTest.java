package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.InventoryWorld;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What verify does before it contacts any host (the probing itself is proven on the lab by ProbeMatrixIT). */
class VerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void unknownTransportIsBadUsage() throws Exception {
        new InventoryWorld(dir).write("inv.yml", InventoryWorld.oneHost("", ""));
        CliRun run = CliRun.run(dir, Map.of(), "verify", "-i", "inv.yml", "--transport", "smoke-signals");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--transport takes bosh, websocket or both, got 'smoke-signals'");
    }

    @Test
    void aMissingSecretIsReportedAtItsReferenceBeforeAnyHostIsContacted() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.write("inv.yml", InventoryWorld.oneHost("", ""));
        CliRun run = CliRun.run(dir, Map.of(), "verify", "-i", "inv.yml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(dir.resolve("inv.yml").toString()).contains("secret");
        assertThat(run.out()).isEmpty();
    }
}
