package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.inventory.InventoryWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;

/**
 * Values that break naive templating (quotes, backslashes, newlines, ]], </script>, unicode, U+2028, control
 * characters) go through the whole CLI, and real parsers read them back from the files on disk exactly.
 */
class HostileValuesTest {

    /** As written in the YAML double-quoted string below, and what it must read back as. */
    private static final String YAML_HOSTILE =
            "a\\\"b\\\\c'd\\ne]]f</script>g\\u2028h\\u2029i\\u00e9\\u4e2d\\U0001F600--[[x\\t\\x01\\r`$";
    private static final String HOSTILE =
            "a\"b\\c'd\ne]]f</script>g\u2028h\u2029i\u00e9\u4e2d\uD83D\uDE00--[[x\t\u0001\r`$";

    @TempDir
    Path dir;
    private Path out;

    @BeforeEach
    void renderHostileInventory() throws IOException {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", "]]" + InventoryWorld.SECRET + "\u00e9[[", "rw-------");
        world.write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth:
                    app_id: "%1$s"
                    app_secret: {file: secret}
                    asap_accepted_issuers: ["%1$s", plain]
                    asap_accepted_audiences: ["%1$s"]
                    token_auth_url: "https://login.example.com/a?room={room}&x=%%3C/script%%3E"
                  config_js:
                    extra:
                      hostile: "%1$s"
                      "key \\"with\\" </script>": [1, 2.5, null, {nested: "%1$s"}]
                """.formatted(YAML_HOSTILE), ""));
        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");
        assertThat(run.exitCode()).as(run.err()).isZero();
        out = dir.resolve("out/meet1");
    }

    private static String run(List<String> command) throws Exception {
        return ProsodyOption.run(command);
    }

    private String luaOption(String section, String option, String... index) throws Exception {
        return ProsodyOption.read(out.resolve("etc/prosody/conf.avail/meet.example.com.cfg.lua"), section, option,
                index);
    }

    @Test
    void luaParsesAndCarriesTheExactValues() throws Exception {
        run(List.of("luac5.4", "-p", out.resolve("etc/prosody/conf.avail/meet.example.com.cfg.lua").toString()));
        assertThat(luaOption("meet.example.com", "app_id")).isEqualTo(HOSTILE);
        assertThat(luaOption("meet.example.com", "app_secret")).isEqualTo("]]" + InventoryWorld.SECRET + "\u00e9[[");
        assertThat(luaOption("meet.example.com", "asap_accepted_issuers", "1")).isEqualTo(HOSTILE);
        assertThat(luaOption("meet.example.com", "asap_accepted_issuers", "2")).isEqualTo("plain");
        assertThat(luaOption("meet.example.com", "asap_accepted_audiences", "1")).isEqualTo(HOSTILE);
        assertThat(luaOption("meet.example.com", "allow_empty_token")).isEqualTo("false");
        assertThat(luaOption("conference.meet.example.com", "admins", "1")).isEqualTo("focus@auth.meet.example.com");
        assertThat(luaOption("global", "muc_mapper_domain_base")).isEqualTo("meet.example.com");
    }

    @Test
    void javascriptParsesAndCarriesTheExactValues() throws Exception {
        String js = Files.readString(out.resolve("etc/jitsi/meet/meet.example.com-config.js"));
        assertThat(js).doesNotContain("</script>").doesNotContain("\u2028");
        Context context = Context.enter();
        try {
            context.setLanguageVersion(Context.VERSION_ES6);
            Scriptable scope = context.initStandardObjects();
            context.evaluateString(scope, js, "config.js", 1, null);
            NativeObject config = (NativeObject) scope.get("config", scope);
            NativeObject hosts = (NativeObject) config.get("hosts");
            assertThat(hosts.get("domain")).isEqualTo("meet.example.com");
            assertThat(hosts.get("muc")).isEqualTo("conference.meet.example.com");
            assertThat(config.get("hostile")).isEqualTo(HOSTILE);
            assertThat(config.get("tokenAuthUrl")).isEqualTo("https://login.example.com/a?room={room}&x=%3C/script%3E");
            List<?> list = (List<?>) config.get("key \"with\" </script>");
            assertThat(((Number) list.get(0)).doubleValue()).isEqualTo(1.0);
            assertThat(((Number) list.get(1)).doubleValue()).isEqualTo(2.5);
            assertThat(list.get(2)).isNull();
            assertThat(((NativeObject) list.get(3)).get("nested")).isEqualTo(HOSTILE);
        } finally {
            Context.exit();
        }
    }

    @Test
    void hoconMergeCarriesHostileValuesAndKeepsEverythingElse() throws Exception {
        String current = """
                # the installer's comment
                jicofo {
                  // keep me too
                  xmpp: {
                    client: {
                      xmpp-domain: "meet.example.com"
                      password: "focus-P4ss\\"word"
                    }
                  }
                  authentication {
                    enabled = false # old setting
                    type = XMPP
                  }
                }
                """;
        String merged = JicofoConfMerge.merge(current, true, HOSTILE, "/etc/jitsi/jicofo/jicofo.conf");
        assertThat(merged).contains("# the installer's comment", "// keep me too", "password: \"focus-P4ss\\\"word\"");
        Config config = ConfigFactory.parseString(merged);
        assertThat(config.getString("jicofo.xmpp.client.password")).isEqualTo("focus-P4ss\"word");
        assertThat(config.getBoolean("jicofo.authentication.enabled")).isTrue();
        assertThat(config.getString("jicofo.authentication.type")).isEqualTo("JWT");
        assertThat(config.getString("jicofo.authentication.login-url")).isEqualTo(HOSTILE);

        String disabled = JicofoConfMerge.merge(merged, false, "meet.example.com", "/etc/jitsi/jicofo/jicofo.conf");
        Config off = ConfigFactory.parseString(disabled);
        assertThat(off.getBoolean("jicofo.authentication.enabled")).isFalse();
        assertThat(off.hasPath("jicofo.authentication.type")).isFalse();
        assertThat(off.getString("jicofo.xmpp.client.password")).isEqualTo("focus-P4ss\"word");
    }

    @Test
    void renderedJicofoConfParsesWithTheSettings() {
        Config config = ConfigFactory.parseFile(out.resolve("etc/jitsi/jicofo/jicofo.conf").toFile());
        assertThat(config.getBoolean("jicofo.authentication.enabled")).isFalse();
        assertThat(config.getString("jicofo.xmpp.client.client-proxy")).isEqualTo("focus.meet.example.com");
    }
}
