package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyId;
import dev.jitsideploy.secrets.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RS256 from the inventory to the files on disk: vhost settings, published key files, refusals. */
class Rs256RenderingTest {

    private static final String VHOST = "etc/prosody/conf.avail/meet.example.com.cfg.lua";
    private static final String KEYS = "usr/share/jitsi-meet/asap-keys";

    @TempDir
    Path dir;

    private Path inventory(String authExtra) throws IOException {
        return new InventoryWorld(dir).write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth:
                    algorithm: RS256
                    app_id: myapp
                %s""".formatted(authExtra), ""));
    }

    private void newKey(String kid, Instant created) throws Exception {
        new KeyDirectory(dir.resolve("asap-keys")).create(new KeyId(kid), 2048, created, new SecureRandom());
    }

    private String luaOption(String option) throws Exception {
        return ProsodyOption.read(dir.resolve("out/meet1").resolve(VHOST), "meet.example.com", option);
    }

    private List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void rs256WithoutAKeyIsAnErrorThatSaysToRunKeysNew() throws Exception {
        inventory("");
        CliRun run = CliRun.run(dir, Map.of(), "validate", "-i", "inv.yml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("inv.yml:3:16:", "RS256", "no published key", "keys new");
    }

    @Test
    void rendersTheVhostForRs256AndOneFilePerPublishedKey() throws Exception {
        inventory("");
        newKey("meet-1", Instant.parse("2026-11-01T00:00:00Z"));
        newKey("meet-2", Instant.parse("2026-11-02T00:00:00Z"));

        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("app_secret");
        ProsodyOption.run(List.of("luac5.4", "-p", dir.resolve("out/meet1").resolve(VHOST).toString()));
        assertThat(luaOption("signature_algorithm")).isEqualTo("RS256");
        assertThat(luaOption("asap_key_server")).isEqualTo("https://meet.example.com/asap-keys/");
        assertThat(luaOption("app_secret")).isEqualTo("nil");

        Path published = dir.resolve("out/meet1").resolve(KEYS);
        for (String kid : List.of("meet-1", "meet-2")) {
            Path file = published.resolve(new KeyId(kid).sha256Hex() + ".pem");
            assertThat(Files.readString(file))
                    .isEqualTo(Files.readString(dir.resolve("asap-keys/" + kid + "/public.pem")));
        }
        try (Stream<Path> list = Files.list(published)) {
            assertThat(list.count()).isEqualTo(2);
        }
        // No private key material anywhere in the rendered output.
        String privateBody = Files.readString(dir.resolve("asap-keys/meet-1/private.pem")).lines().skip(1).findFirst()
                .orElseThrow();
        for (Path file : files(dir.resolve("out"))) {
            assertThat(Files.readString(file)).doesNotContain("PRIVATE KEY").doesNotContain(privateBody);
        }
        assertThat(run.out()).contains("asap-keys/" + new KeyId("meet-2").sha256Hex() + ".pem");
    }

    @Test
    void publishedKeyFilesArePublicAndRestartNothingAndTheDirectoryIsOwned() throws Exception {
        inventory("");
        newKey("k1", Instant.parse("2026-11-01T00:00:00Z"));
        HostConfig host = new InventoryLoader().load(dir.resolve("inv.yml")).hosts().get(0);
        RenderedHost rendered = new HostRenderer(Path.of("templates").toAbsolutePath()).render(host, null,
                KeyRing.load(dir.resolve("asap-keys")).publicKeyFiles(), CarriedOverValues.none(), null);

        RenderedFile key = rendered.files().get(rendered.files().size() - 1);
        assertThat(key.remotePath()).isEqualTo("/usr/share/jitsi-meet/asap-keys/" + new KeyId("k1").sha256Hex()
                + ".pem");
        assertThat(key.mode()).isEqualTo(0644);
        assertThat(key.feeds()).isEqualTo(Service.NONE);
        assertThat(key.secrets()).isEmpty();
        assertThat(rendered.ownedDirectories())
                .containsExactly(new OwnedDirectory("/usr/share/jitsi-meet/asap-keys/", ".pem"));
        assertThat(rendered.files().get(0).secrets()).isEmpty();
    }

    @Test
    void aRetiredKeyIsNoLongerRendered() throws Exception {
        inventory("");
        newKey("old", Instant.parse("2026-11-01T00:00:00Z"));
        newKey("new", Instant.parse("2026-11-02T00:00:00Z"));
        new KeyDirectory(dir.resolve("asap-keys")).retire(new KeyId("old"), Instant.parse("2026-11-03T00:00:00Z"));

        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");

        assertThat(run.exitCode()).as(run.err()).isZero();
        try (Stream<Path> list = Files.list(dir.resolve("out/meet1").resolve(KEYS))) {
            assertThat(list.map(p -> p.getFileName().toString()).toList())
                    .containsExactly(new KeyId("new").publishedFileName());
        }
    }

    @Test
    void ownKeyServerDirectoryAndUrlAreRenderedExactly() throws Exception {
        String url = "https://keys.example.com/a'b/$x/%22(c)&d=';--/";
        new InventoryWorld(dir).write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth:
                    algorithm: RS256
                    app_id: myapp
                    keys_dir: secret/rsa
                    asap_key_server: "%s"
                  paths:
                    asap_keys: /srv/keys/{domain}
                """.formatted(url), ""));
        new KeyDirectory(dir.resolve("secret/rsa")).create(new KeyId("k"), 2048, Instant.now(), new SecureRandom());

        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(luaOption("asap_key_server")).isEqualTo(url);
        assertThat(dir.resolve("out/meet1/srv/keys/meet.example.com/" + new KeyId("k").publishedFileName()))
                .exists();
    }

    @Test
    void anAppSecretWithRs256IsAWarningAndNotRendered() throws Exception {
        new InventoryWorld(dir).secretFile("secret", InventoryWorld.SECRET, "rw-------");
        inventory("    app_secret: {file: secret}\n");
        newKey("k", Instant.now());
        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: auth.app_secret is not used with RS256");
        assertThat(Files.readString(dir.resolve("out/meet1").resolve(VHOST))).doesNotContain(InventoryWorld.SECRET)
                .doesNotContain("app_secret =");
    }

    @Test
    void aPrivateKeyReadableByOthersIsAnErrorAtKeysDir() throws Exception {
        inventory("");
        newKey("k", Instant.now());
        Files.setPosixFilePermissions(dir.resolve("asap-keys/k/private.pem"),
                PosixFilePermissions.fromString("rw-r-----"));
        CliRun run = CliRun.run(dir, Map.of(), "validate", "-i", "inv.yml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("chmod 600");
    }

    @Test
    void hs256StillRendersItsSecretAndAlgorithm() throws Exception {
        new InventoryWorld(dir).secretFile("secret", InventoryWorld.SECRET, "rw-------");
        new InventoryWorld(dir).write("inv.yml", InventoryWorld.oneHost("", ""));
        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(luaOption("signature_algorithm")).isEqualTo("HS256");
        assertThat(luaOption("app_secret")).isEqualTo(InventoryWorld.SECRET);
        assertThat(luaOption("asap_key_server")).isEqualTo("nil");
        assertThat(dir.resolve("out/meet1/usr/share/jitsi-meet/asap-keys")).doesNotExist();
    }
}
