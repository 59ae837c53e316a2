package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.InventoryWorld;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's own templates: broken Lua is caught offline at the template line, and no value leaks on failure. */
class TemplateOverrideTest {

    @TempDir
    Path dir;

    private static final Path BUILT_IN = Path.of("templates").toAbsolutePath();
    private static final String VHOST = "prosody-vhost.cfg.lua.ftl";

    /** A copy of the built-in templates with {@code from} replaced by {@code to} in the vhost template. */
    private Path templates(String from, String to) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("tpl"));
        Files.copy(BUILT_IN.resolve("config.js.ftl"), copy.resolve("config.js.ftl"));
        String vhost = Files.readString(BUILT_IN.resolve(VHOST));
        assertThat(vhost).contains(from);
        Files.writeString(copy.resolve(VHOST), vhost.replace(from, to));
        return copy;
    }

    private static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private void inventory() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.write("inventory.yml", "templates: tpl\n" + InventoryWorld.oneHost("", ""));
    }

    @Test
    void validateAndRenderRefuseATemplateThatRendersInvalidLuaAtTheTemplateLine() throws Exception {
        Path templates = templates("    app_id = ${app_id}\n", "    app_id = ${app_id} ${app_id}\n");
        inventory();
        int line = lineOf(templates.resolve(VHOST), "app_id = ${app_id} ${app_id}");
        for (String command : List.of("validate", "render")) {
            CliRun run = command.equals("validate") ? CliRun.run(dir, Map.of(), "validate", "-i", "inventory.yml")
                    : CliRun.run(dir, Map.of(), "render", "-i", "inventory.yml", "-o", "out");
            assertThat(run.exitCode()).as(command + ": " + run.all()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).as(command).startsWith(templates.resolve(VHOST) + ":" + line + ":")
                    .contains("the template renders invalid Lua: /etc/prosody/conf.avail/meet.example.com.cfg.lua"
                            + " line ")
                    .doesNotContain("myapp");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFailureInsideAttemptPrintsNeitherTheSecretNorAStackTrace() throws Exception {
        // #attempt swallows the error, and FreeMarker used to log it (value and stack trace) to stderr. Logging is
        // bound once per JVM, so this runs the real entry point in a JVM of its own.
        templates("    app_id = ${app_id}\n", "    app_id = ${app_id}\n<#attempt>\n    x = ${app_secret?number}\n"
                + "<#recover>\n    x = 1\n</#attempt>\n");
        inventory();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djitsideploy.home=" + BUILT_IN.getParent(),
                Main.class.getName(), "render", "-i", "inventory.yml", "-o", "out")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain(InventoryWorld.SECRET).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(dir.resolve("out/meet1/etc/prosody/conf.avail/meet.example.com.cfg.lua")))
                .contains("x = 1");
    }

    @Test
    void aTemplateErrorNamesTheTemplateFileAndLineButNotTheValue() throws Exception {
        Path templates = templates("    app_id = ${app_id}\n",
                "    app_id = ${app_id}\n    x = ${app_secret?number}\n");
        inventory();
        CliRun run = CliRun.run(dir, Map.of(), "validate", "-i", "inventory.yml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).startsWith(templates.resolve(VHOST) + ":"
                + lineOf(templates.resolve(VHOST), "app_secret?number") + ":").doesNotContain(InventoryWorld.SECRET);
    }
}
