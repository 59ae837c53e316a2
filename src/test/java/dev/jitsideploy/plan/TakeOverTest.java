package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.render.CarriedOverValues;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.render.TenantSsi;
import dev.jitsideploy.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Taking over an installed, customised host: the SSI expressions of its config.js carried over, every vhost and
 * config.js setting the render drops listed with its key, and the imported settings making the next render drop
 * nothing an inventory key can keep.
 */
class TakeOverTest {

    private static final Path BUILT_IN = Path.of("templates").toAbsolutePath();
    private static final Secret APP_SECRET = new Secret(InventoryWorld.SECRET, "test");

    @TempDir
    Path dir;

    @Test
    void configJsKeepsTheInstallersSsiExpressions() throws Exception {
        byte[] installed = labConfigJs();
        RenderedHost rendered = render(host(""), installed);
        String configJs = rendered.files().get(1).text();

        assertThat(configJs).contains("muc: 'conference.<!--# echo var=\"subdomain\" default=\"\" -->meet.example.com'",
                "bosh: 'https://meet.example.com/<!--# echo var=\"subdir\" default=\"\" -->http-bind'",
                "websocket: 'wss://meet.example.com/<!--# echo var=\"subdir\" default=\"\" -->xmpp-websocket'");
        assertThat(ConfigJsDrops.of(installed, rendered.files().get(1).bytes())).extracting(Drop::what)
                .noneMatch(what -> what.contains("SSI"));
        // Served at the site's root, nginx leaves the plain names.
        assertThat(TenantSsi.servedAtRoot(configJs)).contains("muc: 'conference.meet.example.com'");
        // Without SSI in the host's file none is written.
        assertThat(render(host(""), null).files().get(1).text()).doesNotContain("<!--#")
                .contains("muc: \"conference.meet.example.com\"");
    }

    @Test
    void listsWhatTheRenderDropsAndImportKeepsIt() throws Exception {
        HostConfig host = host("");
        byte[] configJs = labConfigJs();
        RenderedHost first = render(host, configJs);
        String vhost = first.files().get(0).text()
                .replace("        \"features_identity\";\n", "        \"features_identity\";\n        \"my_module\";\n")
                .replace("    smacks_max_old_sessions = 1\n", "    smacks_max_old_sessions = 1\n"
                        + "    my_limit = 42\n    my_hosts = { \"a\", \"b\" }\n")
                .replace("        \"muc_rate_limit\";\n        \"polls\";\n",
                        "        \"muc_rate_limit\";\n        \"polls\";\n        \"lobby_extra\";\n")
                + "\nComponent \"custom.meet.example.com\" \"custom_component\"\n";
        byte[] current = vhost.getBytes(StandardCharsets.UTF_8);

        RenderDrops drops = RenderDrops.of(host, current, first.files().get(0).bytes(), configJs,
                first.files().get(1).bytes());
        assertThat(drops.vhostProblem()).isEmpty();
        assertThat(drops.vhost()).extracting(Drop::text).containsExactlyInAnyOrder(
                "meet.example.com: module my_module (keep it with prosody.vhost_modules)",
                "meet.example.com: my_hosts (keep it with prosody.vhost_settings.my_hosts)",
                "meet.example.com: my_limit (keep it with prosody.vhost_settings.my_limit)",
                "lobby.meet.example.com: module lobby_extra (no inventory key keeps it: edit your copy of"
                        + " prosody-vhost.cfg.lua.ftl)",
                "Component custom.meet.example.com (no inventory key keeps it: edit your copy of"
                        + " prosody-vhost.cfg.lua.ftl)");
        assertThat(drops.notes()).anyMatch(note -> note.startsWith("config.js: the render drops ")
                && note.contains("p2p.stunServers (keep it with config_js.extra.p2p)")
                && note.contains("analytics (keep it with config_js.extra.analytics)"));

        ImportedSettings imported = ImportedSettings.of(host, drops.all());
        assertThat(imported.notKept()).hasSize(2);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String settings = new Yaml(options).dump(toLists(imported.settings())).strip();
        HostConfig keeping = host(settings.lines().map(line -> "        " + line)
                .collect(java.util.stream.Collectors.joining("\n")));
        RenderedHost next = render(keeping, configJs);
        RenderDrops after = RenderDrops.of(keeping, current, next.files().get(0).bytes(), configJs,
                next.files().get(1).bytes());
        assertThat(after.configJs()).isEmpty();
        assertThat(after.vhost()).extracting(Drop::inventoryKey).allMatch(java.util.Optional::isEmpty);
        assertThat(next.files().get(0).text()).contains("    my_limit = 42\n", "    my_hosts = { \"a\", \"b\" }\n",
                "        \"my_module\";\n");
    }

    @Test
    void theVhostRunsInASandbox() {
        assertThat(ProsodyConfig.read("os.execute('touch /tmp/x')".getBytes(StandardCharsets.UTF_8)).config())
                .isEmpty();
        assertThat(ProsodyConfig.read("require('io')".getBytes(StandardCharsets.UTF_8)).config()).isEmpty();
        ProsodyConfig.Outcome loop = ProsodyConfig.read("while true do end".getBytes(StandardCharsets.UTF_8));
        assertThat(loop.config()).isEmpty();
        assertThat(loop.problem()).contains("too long");
        ProsodyConfig.Outcome ok = ProsodyConfig.read("""
                x = 1
                VirtualHost "a.test"
                    y = x + 1
                    modules_enabled = { "m1"; "m2" }
                Component "b.test" "muc"
                    z = FileContents("/etc/secret")
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(ok.config().orElseThrow().section("a.test").orElseThrow().settings())
                .containsEntry("y", 2L).containsEntry("modules_enabled", List.of("m1", "m2"));
        assertThat(ok.config().orElseThrow().section("b.test").orElseThrow().settings())
                .containsEntry(ProsodyConfig.COMPONENT_MODULE, "muc");
    }

    @SuppressWarnings("unchecked")
    private static Object toLists(Object value) {
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, toLists(v)));
            return copy;
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(TakeOverTest::toLists).toList();
        }
        return value;
    }

    private HostConfig host(String extra) throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        try {
            return new InventoryLoader().load(world.write("inv.yml", InventoryWorld.oneHost("", extra))).hosts()
                    .get(0);
        } catch (dev.jitsideploy.inventory.InvalidInputException e) {
            throw new AssertionError(e.problems() + " in\n" + extra, e);
        }
    }

    private static RenderedHost render(HostConfig host, byte[] currentConfigJs) throws Exception {
        CarriedOverValues carried = CarriedOverValues.none().withTenantSsi(currentConfigJs == null ? TenantSsi.none()
                : TenantSsi.of(currentConfigJs));
        return new HostRenderer(BUILT_IN).render(host, APP_SECRET, carried, null);
    }

    private static byte[] labConfigJs() throws Exception {
        return Files.readString(Path.of("src/lab/host/config.js")).replace("@DOMAIN@", "meet.example.com")
                .replace("@K@", "1").getBytes(StandardCharsets.UTF_8);
    }
}
