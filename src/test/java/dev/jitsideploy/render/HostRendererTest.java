package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.Secret;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRendererTest {

    private static final Path BUILT_IN = Path.of("templates").toAbsolutePath();
    private static final Secret APP_SECRET = new Secret(InventoryWorld.SECRET, "test");

    @TempDir
    Path dir;
    private HostConfig host;

    @BeforeEach
    void loadHost() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        host = new InventoryLoader().load(world.write("inv.yml", InventoryWorld.oneHost(
                "    guest_domain: guest.meet.example.com",
                "        prosody: {vhost_modules: [my_vhost_mod], muc_modules: [my_muc_mod]}"))).hosts().get(0);
    }

    @Test
    void carriesTheTurnSecretOverAndRedactsIt() throws Exception {
        String current = "-- old file\nexternal_service_secret = \"tUrN\\\"s3cret\";\nVirtualHost \"x\"\n";
        CarriedOverValues carried = VhostCarryOver.read(current);
        assertThat(carried.turnSecret().reveal()).isEqualTo("tUrN\"s3cret");
        RenderedHost rendered = new HostRenderer(BUILT_IN).render(host, APP_SECRET, carried, null);
        RenderedFile vhost = rendered.files().get(0);
        assertThat(vhost.text()).contains("external_service_secret = \"tUrN\\\"s3cret\"", "\"external_services\";");
        assertThat(RenderedFile.redact(vhost.text(), vhost.secrets())).doesNotContain("tUrN")
                .doesNotContain(InventoryWorld.SECRET)
                .contains("app_secret = \"«redacted»\"");
        assertThat(rendered.notes()).noneMatch(note -> note.contains("TURN"));
        assertThat(VhostCarryOver.read("VirtualHost \"x\"\n").turnSecret()).isNull();
    }

    @Test
    void describesEachFileForApply() throws Exception {
        String currentJicofo = "jicofo { xmpp { client { password = \"focusPw123\" } } }\n";
        RenderedHost rendered = new HostRenderer(BUILT_IN).render(host, APP_SECRET, CarriedOverValues.none(),
                currentJicofo);
        assertThat(rendered.files()).extracting(RenderedFile::remotePath).containsExactly(
                "/etc/prosody/conf.avail/meet.example.com.cfg.lua", "/etc/jitsi/meet/meet.example.com-config.js",
                "/etc/jitsi/jicofo/jicofo.conf");
        assertThat(rendered.files()).extracting(RenderedFile::feeds)
                .containsExactly(Service.PROSODY, Service.NONE, Service.JICOFO);
        RenderedFile jicofo = rendered.files().get(2);
        assertThat(jicofo.text()).contains("focusPw123", "login-url", "JWT");
        assertThat(RenderedFile.redact(jicofo.text(), jicofo.secrets())).doesNotContain("focusPw123");
        String vhost = rendered.files().get(0).text();
        assertThat(vhost).contains("VirtualHost \"guest.meet.example.com\"", "\"my_vhost_mod\";", "\"my_muc_mod\";");
        assertThat(rendered.files().get(1).text()).contains("anonymousdomain: \"guest.meet.example.com\"");
    }

    /** An operator's own templates directory, as the inventory's {@code templates} key points at. */
    private Path ownTemplates(String vhost, String configJs) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(templates.resolve(HostRenderer.VHOST_TEMPLATE), vhost);
        Files.writeString(templates.resolve(HostRenderer.CONFIG_JS_TEMPLATE), configJs);
        return templates;
    }

    @Test
    void aMissingVariableNamesTheTemplateAndLine() throws Exception {
        Path templates = ownTemplates("-- line 1\napp_id = ${app_idd}\n", "var config = {};\n");
        assertThatThrownBy(() -> new HostRenderer(templates).render(host, APP_SECRET, CarriedOverValues.none(), null))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InputProblem problem = ((InvalidInputException) e).problems().get(0);
                    assertThat(problem.file()).isEqualTo(templates.resolve(HostRenderer.VHOST_TEMPLATE));
                    assertThat(problem.line()).isEqualTo(2);
                    assertThat(problem.message()).contains("'app_idd', which is not defined");
                });
    }

    @Test
    void aVhostThatIsNotLuaIsRefusedUnlessItIsTheHostsFileByteForByte() throws Exception {
        Path templates = ownTemplates("app_id = ${app_id}\nmodules_enabled = {\n", "var config = {};\n");
        byte[] rendered = "app_id = \"myapp\"\nmodules_enabled = {\n".getBytes(StandardCharsets.UTF_8);
        HostRenderer renderer = new HostRenderer(templates);
        assertThatThrownBy(() -> renderer.render(host, APP_SECRET, List.of(), CarriedOverValues.none(), null, null))
                .isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e)
                        .problems().get(0).message()).contains("the template renders invalid Lua"));
        byte[] otherFile = "app_id = \"old\"\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> renderer.render(host, APP_SECRET, List.of(), CarriedOverValues.none(), null,
                otherFile)).isInstanceOf(InvalidInputException.class);
        // The host already holds exactly this text: nothing is written, so there is nothing to refuse.
        assertThat(renderer.render(host, APP_SECRET, List.of(), CarriedOverValues.none(), null, rendered).files()
                .get(0).bytes()).isEqualTo(rendered);
    }

    @Test
    void aTemplateCannotOutputAValueUnquoted() throws Exception {
        Path templates = ownTemplates("app_id = ${app_id}\n", "var x = ${domain};\n");
        RenderedHost rendered = new HostRenderer(templates).render(host, APP_SECRET, CarriedOverValues.none(), null);
        assertThat(rendered.files().get(0).text()).isEqualTo("app_id = \"myapp\"\n");
        assertThat(rendered.files().get(1).text()).isEqualTo("var x = \"meet.example.com\";\n");
    }

    @Test
    void aBrokenCurrentJicofoConfIsReportedWithoutItsText() throws Exception {
        assertThatThrownBy(() -> new HostRenderer(BUILT_IN).render(host, APP_SECRET, CarriedOverValues.none(),
                "jicofo {\n  password = \"s3cretFocus\"\n  broken = [\n"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems().toString())
                        .contains("/etc/jitsi/jicofo/jicofo.conf").doesNotContain("s3cretFocus"));
    }
}
