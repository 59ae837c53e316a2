package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A known secret never shows up in anything the tool prints, on success or on failure. */
class SecrecyTest {

    @TempDir
    Path dir;

    private static final String ENV_SECRET = "EnvOnly-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    @Test
    void validateAndRenderNeverPrintTheSecret() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.write("file.yml", InventoryWorld.oneHost("", ""));
        world.write("env.yml", InventoryWorld.oneHost("", "").replace("{file: secret}", "{env: APP_SECRET}"));
        Map<String, String> env = Map.of("APP_SECRET", ENV_SECRET);
        for (String inventory : new String[] {"file.yml", "env.yml"}) {
            CliRun validate = CliRun.run(dir, env, "validate", "-i", inventory);
            CliRun render = CliRun.run(dir, env, "render", "-i", inventory, "-o", "out-" + inventory);
            assertThat(validate.exitCode()).as(validate.err()).isZero();
            assertThat(render.exitCode()).as(render.err()).isZero();
            for (CliRun run : new CliRun[] {validate, render}) {
                assertThat(run.all()).doesNotContain(InventoryWorld.SECRET).doesNotContain(ENV_SECRET);
            }
        }
        // The files themselves do carry it (that is their job), readable by the owner only.
        assertThat(Files.readString(dir.resolve("out-env.yml/meet1/etc/prosody/conf.avail/meet.example.com.cfg.lua")))
                .contains(ENV_SECRET);
    }

    @Test
    void refusedSecretsAreNotEchoed() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        String weak = "weak/secret\"value";
        world.secretFile("secret", weak, "rw-------");
        world.write("weak.yml", InventoryWorld.oneHost("", ""));
        world.write("literal.yml", InventoryWorld.oneHost("", "").replace("{file: secret}", "\"" + ENV_SECRET + "\""));
        world.write("badtemplate/prosody-vhost.cfg.lua.ftl", "app_secret = ${app_secret?number}\n");
        world.write("badtemplate/config.js.ftl", "var config = {};\n");
        world.secretFile("good", InventoryWorld.SECRET, "rw-------");
        world.write("tpl.yml", "templates: badtemplate\n"
                + InventoryWorld.oneHost("", "").replace("{file: secret}", "{file: good}"));
        for (String inventory : new String[] {"weak.yml", "literal.yml", "tpl.yml"}) {
            for (String command : new String[] {"validate", "render"}) {
                CliRun run = CliRun.run(dir, Map.of(), command, "-i", inventory, "-o", "out");
                assertThat(run.exitCode()).as(inventory + " " + command + ": " + run.err()).isEqualTo(2);
                assertThat(run.all()).doesNotContain(weak).doesNotContain("weak/secret").doesNotContain(ENV_SECRET)
                        .doesNotContain(InventoryWorld.SECRET);
            }
        }
        CliRun weakRun = CliRun.run(dir, Map.of(), "validate", "-i", "weak.yml");
        assertThat(weakRun.err()).contains("is 17 bytes; use at least 32", "contains one of / \\ \" ' `");
    }

    @Test
    void secretToStringNeverShowsTheValue() {
        Secret secret = new Secret(ENV_SECRET, "environment variable X");
        assertThat(secret.toString()).doesNotContain(ENV_SECRET).contains("redacted");
    }
}
