package dev.jitsideploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSecretRotationTest {

    private static final String OTHER = "Other-secret-of-web2-0123456789-abcdefgh";

    @TempDir
    Path dir;
    private Inventory inventory;
    private final AppSecretGenerator generator = new AppSecretGenerator(new SecureRandom());

    @BeforeEach
    void fleet() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.secretFile("other", OTHER, "rw-------");
        inventory = new InventoryLoader().load(world.write("inv.yml", """
                defaults:
                  auth: {app_id: myapp, app_secret: {file: secret}}
                groups:
                  web:
                    hosts:
                      web1: {ssh: {address: 127.0.0.2}, domain: web1.example.com, public_url: https://web1.example.com/}
                      web2:
                        ssh: {address: 127.0.0.3}
                        domain: web2.example.com
                        public_url: https://web2.example.com/
                        auth: {app_secret: {file: other}}
                  env:
                    vars:
                      auth: {app_secret: {env: JITSI_APP_SECRET}}
                    hosts:
                      env1: {ssh: {address: 127.0.0.4}, domain: env1.example.com, public_url: https://env1.example.com/}
                  keyed:
                    vars:
                      auth: {algorithm: RS256}
                    hosts:
                      rs1: {ssh: {address: 127.0.0.5}, domain: rs1.example.com, public_url: https://rs1.example.com/}
                  more:
                    hosts:
                      web3: {ssh: {address: 127.0.0.6}, domain: web3.example.com, public_url: https://web3.example.com/}
                """));
    }

    private AppSecretRotation prepare(String limit, Path secretOut) throws InvalidInputException {
        List<HostConfig> hosts = HostLimit.select(inventory, limit);
        // rs1 has no key directory: its problem is left out here, the rotation's own refusal of it is the point.
        FleetCredentials credentials = FleetCredentials.resolve(hosts,
                new SecretResolver(Map.of("JITSI_APP_SECRET", InventoryWorld.SECRET + "env")), true,
                new ArrayList<>());
        return AppSecretRotation.prepare(inventory, hosts, secretOut, credentials, generator);
    }

    private static List<String> messages(InvalidInputException e) {
        return e.problems().stream().map(InputProblem::message).toList();
    }

    @Test
    void aFileSecretSharedByTheSelectedHostsIsReadyToRotate() throws Exception {
        AppSecretRotation rotation = prepare("web1,web3", null);
        assertThat(rotation.hosts()).extracting(HostConfig::name).containsExactly("web1", "web3");
        assertThat(rotation.storeTo()).isEqualTo(dir.resolve("secret").toAbsolutePath());
        assertThat(rotation.current().reveal()).isEqualTo(InventoryWorld.SECRET);
        assertThat(rotation.next().reveal()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(InventoryWorld.SECRET);
        assertThat(rotation.toString()).doesNotContain(InventoryWorld.SECRET).doesNotContain(rotation.next().reveal());
        // Nothing is written before stage().
        assertThat(Files.readString(dir.resolve("secret"))).isEqualTo(InventoryWorld.SECRET + "\n");

        rotation.stage(new SecretFileStore());
        assertThat(Files.readString(dir.resolve("secret"))).isEqualTo(InventoryWorld.SECRET + "\n");
        rotation.commit(new SecretFileStore());
        assertThat(Files.readString(dir.resolve("secret"))).isEqualTo(rotation.next().reveal() + "\n");
        assertThat(Files.readString(dir.resolve("secret.previous"))).isEqualTo(InventoryWorld.SECRET + "\n");
        assertThat(dir.resolve("secret.next")).doesNotExist();
    }

    @Test
    void aPendingSecretFromAnInterruptedRotationStopsTheNextOne() throws Exception {
        AppSecretRotation interrupted = prepare("web1,web3", null);
        interrupted.stage(new SecretFileStore());
        assertThatThrownBy(() -> prepare("web1,web3", null)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(messages(e)).singleElement().satisfies(m -> assertThat(m)
                        .contains("an earlier rotation did not finish", "secret.next", "verify")
                        .doesNotContain(interrupted.next().reveal())));
    }

    @Test
    void aHostLeftOutThatSharesTheSecretIsRefused() {
        assertThatThrownBy(() -> prepare("web1", null)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains("hosts web3 also use file",
                        "add them to --limit")));
    }

    @Test
    void hostsWithDifferentSecretsOrRs256AreRefusedTogether() {
        assertThatThrownBy(() -> prepare("web,rs1", null)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains("rs1 use RS256", "keys new"));
                    assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains("one rotation changes one"
                            + " secret", "(web1)", "(web2)"));
                });
    }

    @Test
    void anEnvironmentSecretNeedsSecretOut() throws Exception {
        assertThatThrownBy(() -> prepare("env1", null)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(messages(e)).singleElement().satisfies(m -> assertThat(m)
                        .contains("JITSI_APP_SECRET", "--secret-out FILE", "{file: PATH}")));

        AppSecretRotation rotation = prepare("env1", dir.resolve("new-secret"));
        assertThat(rotation.current().reveal()).isEqualTo(InventoryWorld.SECRET + "env");
        assertThat(rotation.storeTo()).isEqualTo(dir.resolve("new-secret").toAbsolutePath());
        rotation.stage(new SecretFileStore());
        rotation.commit(new SecretFileStore());
        assertThat(Files.readString(dir.resolve("new-secret"))).isEqualTo(rotation.next().reveal() + "\n");
    }

    @Test
    void secretOutWithAFileSecretIsRefused() {
        assertThatThrownBy(() -> prepare("web2", dir.resolve("x"))).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m)
                        .contains("--secret-out is only for")));
    }
}
