package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.remote.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    /**
     * Under systemd the preflight asks systemd once, for every unit, and loads the libraries with the Prosody unit's
     * EnvironmentFile= (optional, "-") and Environment= as that one answer gives them (a stand-in systemctl on the
     * PATH answers as systemd 252 prints them, and logs its calls).
     */
    @Test
    void systemdIsAskedOnceForEveryUnitAndTheProsodyUnitsEnvironmentCounts() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins/token"));
        Files.writeString(plugins.resolve("util.lib.lua"), "local a = require \"jd_from_file\"\n");
        Files.writeString(dir.resolve("plugins/luajwtjitsi.lib.lua"), "local b = require('jd_from_assignment')\n");
        Path libraries = Files.createDirectories(dir.resolve("lua libs"));
        Files.writeString(Files.createDirectories(libraries.resolve("file")).resolve("jd_from_file.lua"),
                "return {}\n");
        Files.writeString(Files.createDirectories(libraries.resolve("unit")).resolve("jd_from_assignment.lua"),
                "return {}\n");
        Path env = Files.writeString(dir.resolve("prosody.env"), "LUA_PATH_5_4='" + libraries + "/file/?.lua;;'\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n"
                + "echo \"$*\" >>'" + dir.resolve("calls") + "'\n"
                + "[ \"$1\" = show ] || exit 1\n"
                + "printf '%s\\n' 'LoadState=loaded' 'EnvironmentFiles=-" + env + " (ignore_errors=yes)'"
                + " 'EnvironmentFiles=/no/such/file (ignore_errors=no)'"
                + " \"Environment=\\\"LUA_CPATH_5_4=;;\\\" LUA_INIT=\\\"package.path='" + libraries
                + "/unit/?.lua;'..package.path\\\"\" ''"
                + " 'LoadState=loaded' 'EnvironmentFiles=/etc/default/jicofo (ignore_errors=yes)' 'Environment=' ''"
                + " 'LoadState=not-found' 'Environment='\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<PreflightCheck> checks = Preflight.checks(host(), false, sh(Preflight.script(host()), bin));

        PreflightCheck loaded = check(checks, "Lua libraries for lua5.4");
        assertThat(loaded.passed()).as(loaded.detail()).isTrue();
        assertThat(loaded.detail()).isEqualTo("load: jd_from_assignment, jd_from_file");
        assertThat(check(checks, "services (systemd)").detail()).isEqualTo("not found: jitsi-videobridge2");
        assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly(
                "show -p LoadState,EnvironmentFiles,Environment -- prosody jicofo jitsi-videobridge2");
    }

    /**
     * A masked unit fails the services check (systemd would refuse to restart it), with the command that unmasks it.
     */
    @Test
    void aMaskedUnitFailsTheServicesCheck() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n"
                + "[ \"$1\" = show ] || exit 1\n"
                + "printf '%s\\n' 'LoadState=loaded' 'Environment=' '' 'LoadState=masked' 'Environment=' ''"
                + " 'LoadState=not-found' 'Environment='\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));

        PreflightCheck services = check(Preflight.checks(host(), false, sh(Preflight.script(host()), bin)),
                "services (systemd)");

        assertThat(services.passed()).isFalse();
        assertThat(services.detail()).isEqualTo("not found: jitsi-videobridge2; masked: jicofo (systemd will not start"
                + " or restart a masked unit; if it should run: systemctl unmask jicofo)");
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
        return sh(script, null);
    }

    /** Runs {@code script} with {@code bin} (stand-in commands) first on the PATH, if given. */
    private CommandResult sh(String script, Path bin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).directory(dir.toFile());
        if (bin != null) {
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        return new CommandResult(process.waitFor(), out, err);
    }
}
