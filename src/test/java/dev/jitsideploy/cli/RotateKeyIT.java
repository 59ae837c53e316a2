package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import dev.jitsideploy.secrets.KeyId;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.verify.Expectation;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.KeyCheck;
import dev.jitsideploy.verify.ProbeTarget;
import dev.jitsideploy.verify.token.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RS256 rotation with {@code rotate} on a 3-host lab: a client holding a token of the old key and one holding a
 * token of the new key are both accepted during the rotation and after it; after {@code keys retire} and
 * {@code apply --restart prosody} only the new one is. A rotation that loses its third host mid-run takes the new
 * key back from every host and retires it locally. Verdicts are the servers' SASL answers. The steps build on each
 * other (one key directory for the class).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RotateKeyIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    @TempDir
    static Path work;

    private static RunningLab lab;
    private static Path inventory;
    private static Path keys;

    @BeforeAll
    static void rs256InventoryWithKeyA() throws Exception {
        lab = LAB.lab();
        keys = work.resolve("keys");
        inventory = LabInventoryCopy.rs256(lab, work);
        assertThat(cli("keys", "-i", inventory.toString(), "new", "--kid", "A").exitCode()).isZero();
        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
    }

    @Test
    @Order(1)
    void rotateKeepsOldKeyTokensWorkingAndRetireWithRestartEndsThem() throws Exception {
        SigningKey keyA = signingKey("A");
        // A client that got its token before the rotation: signed with A.
        for (ProbeTarget target : ServerTokenChecks.targets(inventory)) {
            assertThat(ServerTokenChecks.run(target, KeyCheck.accepted("key A", keyA)).passed()).as(target.host())
                    .isTrue();
        }
        List<String> pidsBefore = lab.prosodyPids();

        CliRun rotate = cli("rotate", "-i", inventory.toString(), "--yes", "--kid", "B", "--json",
                work.resolve("rotate.json").toString());
        assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.OK);
        assertThat(rotate.out()).contains("nothing restarts").doesNotContain("restart: ")
                .contains("previous key A accepted); tokens signed with RS256, kid B")
                .contains("rotate: token issuers may switch to kid B now")
                .contains("'keys retire --kid A' and 'apply --restart prosody'");
        assertThat(rotate.all()).doesNotContain("PRIVATE KEY");
        assertThat(Files.readString(work.resolve("rotate.json"))).contains("\"rotated\":true",
                "\"previous_kid\":\"A\"", "\"new_kid\":\"B\"");
        assertThat(lab.prosodyPids()).as("no restart").isEqualTo(pidsBefore);
        assertThat(KeyRing.load(keys).newest().orElseThrow().kid().value()).isEqualTo("B");
        SigningKey keyB = signingKey("B");
        for (LabHost host : lab.hosts()) {
            for (String kid : List.of("A", "B")) {
                assertThat(lab.exec(host, "curl -sS --fail https://" + host.domain() + "/asap-keys/"
                        + new KeyId(kid).publishedFileName())).isEqualTo(Files.readString(keys.resolve(kid)
                        .resolve("public.pem")));
            }
        }
        // Both clients get in: the one holding an A token and the one holding a B token.
        for (ProbeTarget target : ServerTokenChecks.targets(inventory)) {
            assertThat(ServerTokenChecks.run(target, KeyCheck.accepted("key A", keyA)).passed()).as(target.host())
                    .isTrue();
            assertThat(ServerTokenChecks.run(target, KeyCheck.accepted("key B", keyB)).passed()).as(target.host())
                    .isTrue();
        }

        assertThat(cli("keys", "-i", inventory.toString(), "retire", "--kid", "A").exitCode()).isZero();
        CliRun restart = cli("apply", "-i", inventory.toString(), "--yes", "--restart", "prosody");
        assertThat(restart.exitCode()).as(restart.all()).isEqualTo(ExitCode.OK);
        assertThat(restart.out()).contains("deleted /usr/share/jitsi-meet/asap-keys/" + new KeyId("A")
                .publishedFileName());
        KeyCheck refusedA = new KeyCheck("retired key A", keyA, new Expectation.SaslRefused("not-allowed",
                "could not obtain public key"));
        for (ProbeTarget target : ServerTokenChecks.targets(inventory)) {
            HostCheck a = ServerTokenChecks.run(target, refusedA);
            assertThat(a.passed()).as(a.toString()).isTrue();
            HostCheck b = ServerTokenChecks.run(target, KeyCheck.accepted("key B", keyB));
            assertThat(b.passed()).as(b.toString()).isTrue();
        }
    }

    @Test
    @Order(2)
    void aHostLostMidRunTakesTheNewKeyBackEverywhereAndRetiresIt() throws Exception {
        LabHost lab1 = lab.host(1);
        LabHost lab3 = lab.host(3);
        String fileC = "/usr/share/jitsi-meet/asap-keys/" + new KeyId("C").publishedFileName();
        CompletableFuture<CliRun> rotation = CompletableFuture.supplyAsync(() -> cli("rotate", "-i",
                inventory.toString(), "--yes", "--kid", "C", "--json", work.resolve("failed.json").toString()));
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (!lab.exec(lab1, "[ -e " + fileC + " ] && echo yes || echo no").strip().equals("yes")) {
                assertThat(Instant.now()).as("lab1 never got key C").isBefore(deadline);
                assertThat(rotation).as("rotate ended before lab1 got key C").isNotDone();
                Thread.sleep(50);
            }
            lab.loseSshd(lab3);
            CliRun rotate = rotation.get(300, TimeUnit.SECONDS);

            assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.HOST_FAILED);
            assertThat(rotate.out()).containsPattern("lab3 +: failed")
                    .contains("every host this run changed no longer publishes C and was verified with B")
                    .contains("C is retired locally");
            assertThat(Files.readString(work.resolve("failed.json"))).contains("\"rotated\":false",
                    "\"verified_back\":[\"lab1\",\"lab2\",\"lab3\"]");
            KeyRing ring = KeyRing.load(keys);
            assertThat(ring.newest().orElseThrow().kid().value()).isEqualTo("B");
            assertThat(ring.retired()).extracting(key -> key.kid().value()).contains("C");
            for (LabHost host : lab.hosts()) {
                assertThat(lab.exec(host, "[ -e " + fileC + " ] && echo present || echo gone").strip())
                        .as(host.name()).isEqualTo("gone");
            }
            CliRun verify = cli("verify", "-i", inventory.toString());
            assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
            assertThat(verify.out()).contains("signing key: RS256, kid B");
        } finally {
            rotation.join();
            lab.restoreSshd(lab3);
        }
    }

    private static SigningKey signingKey(String kid) throws Exception {
        return SigningKey.rsaSha256(KeyRing.load(keys).signingKey(new KeyId(kid)));
    }




    private static CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }
}
