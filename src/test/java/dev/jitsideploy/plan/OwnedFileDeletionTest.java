package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.remote.OwnerAndMode;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.render.OwnedDirectory;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.render.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of an owned directory a plan deletes: exactly the owned ones that are not rendered. */
class OwnedFileDeletionTest {

    private static final String KEYS = "/usr/share/jitsi-meet/asap-keys/";
    private static final OwnerAndMode PUBLIC = new OwnerAndMode("root", "root", 0644);

    @TempDir
    Path dir;

    @Test
    void anRs256HostOwnsThePemFilesOfItsKeyDirectoryAndAnHs256HostNothing() throws Exception {
        assertThat(HostRenderer.ownedDirectories(host("algorithm: RS256\n    app_id: myapp\n")))
                .containsExactly(new OwnedDirectory(KEYS, ".pem"));
        assertThat(HostRenderer.ownedDirectories(host("app_id: myapp\n    app_secret: {env: S}\n"))).isEmpty();

        OwnedDirectory keys = new OwnedDirectory(KEYS, ".pem");
        assertThat(keys.owns(KEYS + "ab12.pem")).isTrue();
        assertThat(keys.owns(KEYS + "README")).isFalse();
        assertThat(keys.owns(KEYS + "old/ab12.pem")).isFalse();
        assertThat(keys.owns("/usr/share/jitsi-meet/asap-keys.pem")).isFalse();
        assertThat(keys.owns(KEYS)).isFalse();
    }

    @Test
    void anOwnedFileThatIsNotRenderedIsDeletedAndARenderedOneIsNot() throws Exception {
        HostConfig host = host("algorithm: RS256\n    app_id: myapp\n");
        RenderedHost rendered = new RenderedHost(host, List.of(key("kept.pem", "new key")), List.of(),
                HostRenderer.ownedDirectories(host));
        RemoteState state = new RemoteState(Map.of(), Map.of(
                KEYS + "retired.pem", remote("retired.pem", "old key", new OwnerAndMode("root", "www-data", 0640)),
                KEYS + "kept.pem", remote("kept.pem", "new key", PUBLIC)), Optional.empty(), Set.of());

        assertThat(Planner.deletions(rendered, state)).containsExactly(
                new FileDeletion(KEYS + "retired.pem", new OwnerAndMode("root", "www-data", 0640),
                        Sha256.hex("old key".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(state.file(KEYS + "kept.pem")).isPresent();
        assertThat(state.file(KEYS + "retired.pem")).isPresent();
        assertThat(state.file(KEYS + "other.pem")).isEmpty();
    }

    @Test
    void nothingIsDeletedWhenEveryOwnedFileIsRendered() throws Exception {
        HostConfig host = host("algorithm: RS256\n    app_id: myapp\n");
        RenderedHost rendered = new RenderedHost(host, List.of(key("a.pem", "a"), key("b.pem", "b")), List.of(),
                HostRenderer.ownedDirectories(host));
        RemoteState state = new RemoteState(Map.of(), Map.of(KEYS + "a.pem", remote("a.pem", "a", PUBLIC)),
                Optional.empty(), Set.of());
        assertThat(Planner.deletions(rendered, state)).isEmpty();
    }

    private HostConfig host(String auth) throws Exception {
        Path inventory = new InventoryWorld(dir).write("inv.yml", InventoryWorld.withDefaults(
                "defaults:\n  auth:\n    " + auth, ""));
        return new InventoryLoader().load(inventory).hosts().get(0);
    }

    private static RenderedFile key(String name, String content) {
        return new RenderedFile(KEYS + name, content.getBytes(StandardCharsets.US_ASCII), 0644, "root", "root",
                Service.NONE, List.of());
    }

    private static RemoteFile remote(String name, String content, OwnerAndMode ownerAndMode) {
        return new RemoteFile(KEYS + name, content.getBytes(StandardCharsets.US_ASCII), ownerAndMode);
    }
}
