package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.CredentialedInventoryTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndRenderCommandTest {

    @TempDir
    Path dir;

    @Test
    void exampleInventoryValidatesOnAFreshCheckout() {
        Path checkout = Path.of("").toAbsolutePath();
        CliRun run = CliRun.run(checkout, Map.of(), "validate", "-i", "inventories/example.yml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ok: meet1 (meet1.example.com)", "ok: meet2", "ok: staging1");
        assertThat(run.err()).contains("app secret not checked: environment variable JITSI_APP_SECRET");
    }

    @Test
    void exampleInventoryRendersWithTheSecretExported() {
        Path checkout = Path.of("").toAbsolutePath();
        CliRun run = CliRun.run(checkout, Map.of("JITSI_APP_SECRET", InventoryWorld.SECRET), "render", "-i",
                "inventories/example.yml", "-o", dir.toString(), "--limit", "staging");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + dir.resolve("staging1/etc/jitsi/jicofo/jicofo.conf"))
                .doesNotContain("meet1");
    }

    @Test
    void duplicateUnknownAndLiteralSecretAreAllReportedWithExit2() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.write("bad.yml", """
                defaults:
                  auth:
                    app_id: myapp
                    app_id: other
                    app_secret: literal-secret-value-that-is-long-enough
                groups:
                  web:
                    hosts:
                      meet1:
                        ssh: {address: 127.0.0.2}
                        domian: meet.example.com
                        public_url: https://meet.example.com/
                """);
        CliRun run = CliRun.run(dir, Map.of(), "validate", "-i", "bad.yml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        String file = dir.resolve("bad.yml").toString();
        assertThat(run.err()).contains(file + ":4:5: duplicate key 'app_id' (first written at line 3)")
                .contains(file + ":11:9: unknown key 'domian'; did you mean 'domain'?")
                .contains(file + ":5:17: auth.app_secret must not be written in the inventory")
                .doesNotContain("literal-secret-value").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validateAndPlanReportCredentialAndInventoryProblemsInOneRunByLineWithExit2() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("short", CredentialedInventoryTest.SHORT, "rw-------");
        world.write("inv.yml", CredentialedInventoryTest.INVENTORY);
        String file = dir.resolve("inv.yml").toString();
        for (String command : new String[] {"validate", "plan"}) {
            CliRun run = CliRun.run(dir, Map.of(), command, "-i", "inv.yml");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
            List<String> lines = run.err().lines().filter(line -> line.startsWith(file + ":")).toList();
            List<String> expected = new ArrayList<>(List.of(file + ":3:", file + ":7:", file + ":12:", file + ":17:",
                    file + ":22:"));
            if (command.equals("validate")) {
                expected.remove(file + ":12:"); // an unset variable is only a warning for validate
            }
            assertThat(lines).as(run.err()).hasSize(expected.size());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).startsWith(expected.get(i));
            }
            assertThat(run.all()).doesNotContain(CredentialedInventoryTest.SHORT).doesNotContain("Exception");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void renderWritesOwnerOnlyFilesAndSaysWhatItWrote() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.write("inv.yml", InventoryWorld.oneHost("", ""));
        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path vhost = dir.resolve("out/meet1/etc/prosody/conf.avail/meet.example.com.cfg.lua");
        assertThat(run.out()).contains("wrote " + vhost + " (", "feeds prosody)",
                "note: meet1: no current jicofo.conf: merged into the stock skeleton");
        for (String path : new String[] {"etc/prosody/conf.avail/meet.example.com.cfg.lua",
                "etc/jitsi/meet/meet.example.com-config.js", "etc/jitsi/jicofo/jicofo.conf"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/meet1/" + path))))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(vhost)).contains("authentication = \"token\" -- do not delete me",
                "app_secret = \"" + InventoryWorld.SECRET + "\"", "\"token_verification\";");
    }

    @Test
    void everyCommandHelpListsItsOptionsOneLineEach() {
        for (String command : new String[] {"validate", "render", "plan", "apply", "rollback", "verify", "keys list"}) {
            CliRun run = CliRun.run(dir, Map.of(), (command + " --help").split(" "));
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).containsPattern("(?m)^ *-i, ?--inventory <FILE> +inventory YAML file")
                    .containsPattern("(?m)^ *--limit <HOSTS> +only these hosts or groups");
        }
        assertThat(CliRun.run(dir, Map.of(), "render", "--help").out())
                .containsPattern("(?m)^ *-o, ?--output <DIR> +directory to write");
        assertThat(CliRun.run(dir, Map.of(), "--help").out())
                .contains("validate", "render", "plan", "apply", "rollback", "token", "verify", "keys", "lab");
    }

    @Test
    void unknownLimitIsBadInput() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.write("inv.yml", InventoryWorld.oneHost("", ""));
        CliRun run = CliRun.run(dir, Map.of(), "validate", "-i", "inv.yml", "--limit", "meet2");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--limit names 'meet2'", "did you mean 'meet1'?");
    }
}
