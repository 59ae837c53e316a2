package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.remote.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight command run by this machine's {@code sh} (which has Prosody and Lua 5.4, as the lab needs) against
 * plugin files in a temp directory: the libraries they require are loaded under Prosody's Lua on the "host".
 */
class PreflightScriptTest {

    @TempDir
    Path dir;

    @Test
    void aLibraryThatDoesNotLoadUnderProsodysLuaFailsTheCheckAndProsodysOwnModulesDoNotCount() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins/token"));
        Files.writeString(plugins.resolve("util.lib.lua"), """
                local s = require "string";
                local st = require "util.stanza";
                local missing = require("jitsi_deploy_no_such_library")
                """);
        Files.writeString(dir.resolve("plugins/luajwtjitsi.lib.lua"), "local t = require 'table'\n");
        Files.writeString(dir.resolve("plugins/mod_auth_token.lua"), "-- present\n");

        List<PreflightCheck> checks = Preflight.checks(host(), false, sh(Preflight.script(host())));

        assertThat(checks).extracting(PreflightCheck::name).contains("prosody installed", "token plugin files",
                "Lua libraries for lua5.4");
        assertThat(check(checks, "token plugin files").detail()).isEqualTo("missing in " + dir.resolve("plugins")
                + ": mod_token_verification.lua");
        PreflightCheck libraries = check(checks, "Lua libraries for lua5.4");
        assertThat(libraries.passed()).isFalse();
        assertThat(libraries.detail()).startsWith("do not load under lua5.4 with the prosody service's environment: "
                + "jitsi_deploy_no_such_library (").contains("LUA_PATH_5_4");
    }

    @Test
    void librariesThatLoadPass() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins/token"));
        Files.writeString(plugins.resolve("util.lib.lua"), "local s = require \"string\"\n");
        Files.writeString(dir.resolve("plugins/luajwtjitsi.lib.lua"), "local t = require('table')\n");

        PreflightCheck libraries = check(Preflight.checks(host(), false, sh(Preflight.script(host()))),
                "Lua libraries for lua5.4");
        assertThat(libraries.passed()).as(libraries.detail()).isTrue();
        assertThat(libraries.detail()).isEqualTo("load: string, table");
    }

    private HostConfig host() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        Path inventory = world.write("inv.yml", InventoryWorld.oneHost("",
                "        paths: {prosody_plugins: " + dir.resolve("plugins") + "}\n"));
        return new InventoryLoader().load(inventory).hosts().get(0);
    }

    private static PreflightCheck check(List<PreflightCheck> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private CommandResult sh(String script) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        return new CommandResult(process.waitFor(), out, err);
    }
}
