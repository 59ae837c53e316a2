package dev.jitsideploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.InventoryWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CredentialedInventoryTest {

    /** 20 bytes: too short for HS256; must never be shown. */
    public static final String SHORT = "ShortSecretValue1234";

    /**
     * One problem per kind, each on its own line: a missing secret file (line 3, also what the loader checks), a bad
     * domain (line 7, the loader's), an unset variable (12), a too short secret (17) and an RS256 key directory that
     * publishes no key (22). The last three used to surface only when a host was rendered, one run at a time.
     */
    public static final String INVENTORY = """
            defaults:
              ssh: {user: root}
              auth: {app_id: myapp, app_secret: {file: missing-secret}}
            groups:
              web:
                hosts:
                  web1: {ssh: {address: 127.0.0.2}, domain: Bad_Domain.example.com, public_url: https://web1.example.com/}
                  web2:
                    ssh: {address: 127.0.0.3}
                    domain: web2.example.com
                    public_url: https://web2.example.com/
                    auth: {app_secret: {env: CREDENTIALS_TEST_UNSET}}
                  web3:
                    ssh: {address: 127.0.0.4}
                    domain: web3.example.com
                    public_url: https://web3.example.com/
                    auth: {app_secret: {file: short}}
              keyed:
                hosts:
                  rs1:
                    ssh: {address: 127.0.0.5}
                    auth: {algorithm: RS256, keys_dir: no-keys-yet}
                    domain: rs1.example.com
                    public_url: https://rs1.example.com/
            """;

    @TempDir
    Path dir;
    private Path inventory;

    @BeforeEach
    void world() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("short", SHORT, "rw-------");
        inventory = world.write("inv.yml", INVENTORY);
    }

    @Test
    void inventoryAndCredentialProblemsAreReportedTogetherInFileOrder() {
        InvalidInputException e = catchThrowableOfType(() -> CredentialedInventory.load(inventory, null,
                new SecretResolver(Map.of()), true), InvalidInputException.class);

        List<InputProblem> problems = e.problems();
        assertThat(problems).extracting(InputProblem::line).containsExactly(3, 7, 12, 17, 22);
        assertThat(problems).allMatch(problem -> problem.file().equals(inventory.toAbsolutePath()));
        assertThat(problems.get(0).message()).contains("secret file " + dir.resolve("missing-secret"),
                "does not exist");
        assertThat(problems.get(1).message()).contains("Bad_Domain.example.com", "lowercase");
        assertThat(problems.get(2).message()).contains("CREDENTIALS_TEST_UNSET is not set");
        assertThat(problems.get(3).message()).contains("is 20 bytes; use at least 32");
        assertThat(problems.get(4).message()).contains("no-keys-yet has no published key", "keys new");
        assertThat(problems.toString()).doesNotContain(SHORT);
    }

    @Test
    void validateOnlyWarnsAboutASecretThatIsNotAvailableHere() {
        InvalidInputException e = catchThrowableOfType(() -> CredentialedInventory.load(inventory, null,
                new SecretResolver(Map.of()), false), InvalidInputException.class);

        assertThat(e.problems()).extracting(InputProblem::line).containsExactly(3, 7, 17, 22);
    }

    @Test
    void onlyTheSelectedHostsCredentialsAreResolved() throws Exception {
        CredentialedInventory loaded = CredentialedInventory.load(new InventoryWorld(dir).write("one.yml",
                INVENTORY.replace("Bad_Domain", "web1").replace("missing-secret", "short")
                        .replace("{file: short}}", "{env: CREDENTIALS_TEST_SET}}")), "web2",
                new SecretResolver(Map.of("CREDENTIALS_TEST_SET", InventoryWorld.SECRET,
                        "CREDENTIALS_TEST_UNSET", InventoryWorld.SECRET)), true);

        HostCredentials web2 = loaded.credentials().of(loaded.hosts().get(0));
        assertThat(web2).isInstanceOf(HostCredentials.Hs256.class);
        assertThat(web2.appSecret()).contains(new Secret(InventoryWorld.SECRET, "test"));
        assertThat(web2.toString()).doesNotContain(InventoryWorld.SECRET);
    }

    @Test
    void aRotationsNewSecretReplacesTheReferenceAndKeepsTheOldOneRedacted() throws Exception {
        CredentialedInventory loaded = CredentialedInventory.load(new InventoryWorld(dir).write("env.yml",
                INVENTORY.replace("Bad_Domain", "web1").replace("missing-secret", "short")
                        .replace("{file: short}}", "{env: CREDENTIALS_TEST_UNSET}}")), "web2,web3",
                new SecretResolver(Map.of("CREDENTIALS_TEST_UNSET", InventoryWorld.SECRET)), true);
        Secret next = new Secret(InventoryWorld.SECRET.replace('K', 'N'), "new");

        FleetCredentials rotated = loaded.credentials().withAppSecret(
                ((HostCredentials.Hs256) loaded.credentials().of(loaded.hosts().get(0))).reference(), next);

        for (var host : loaded.hosts()) {
            assertThat(rotated.of(host).appSecret()).contains(next);
            assertThat(rotated.of(host).redacted()).containsExactly(next, new Secret(InventoryWorld.SECRET, "old"));
            assertThat(rotated.of(host).signer()).isEqualTo(AuthFingerprint.of(next));
        }
        assertThat(loaded.credentials().of(loaded.hosts().get(0)).appSecret())
                .contains(new Secret(InventoryWorld.SECRET, "old"));
    }
}
