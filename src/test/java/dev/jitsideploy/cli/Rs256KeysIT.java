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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RS256 on a 3-host lab, through the CLI and the server's own answers: a key published by apply is served by every
 * host's nginx and verify passes with it; a second key is published next to it without any restart, and tokens of
 * both keys are accepted; the first key retired, apply deletes its file but Prosody keeps accepting it from its cache
 * until {@code apply --restart prosody}, after which it is refused and the second key still works. The steps build
 * on each other (one key directory for the class).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Rs256KeysIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    @TempDir
    static Path work;

    private static RunningLab lab;
    private static Path inventory;
    private static Path keys;

    @BeforeAll
    static void rs256Inventory() throws Exception {
        lab = LAB.lab();
        keys = work.resolve("keys");
        inventory = LabInventoryCopy.rs256(lab, work);
    }

    @Test
    @Order(1)
    void aPublishedKeyIsServedByEveryHostAndVerifyPassesWithIt() throws Exception {
        assertThat(cli("keys", "-i", inventory.toString(), "new", "--kid", "A").exitCode()).isZero();

        long start = System.nanoTime();
        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes");
        long applyMillis = millis(start);
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).contains("verify: passed (21/21 cases); tokens signed with RS256, kid A");
        String published = Files.readString(keys.resolve("A/public.pem"));
        for (LabHost host : lab.hosts()) {
            // Fetched from inside the host, as Prosody fetches it: through nginx, over https, with the host's trust.
            String url = "https://" + host.domain() + "/asap-keys/";
            assertThat(lab.exec(host, "curl -sS --fail " + url + new KeyId("A").publishedFileName()))
                    .as(host.name()).isEqualTo(published);
            assertThat(lab.exec(host, "curl -s -o /dev/null -w '%{http_code}' " + url)).as("no listing")
                    .isEqualTo("404");
            assertThat(lab.exec(host, "grep -E 'signature_algorithm|asap_key_server|app_secret' /etc/prosody/"
                    + "conf.avail/" + host.domain() + ".cfg.lua")).contains("signature_algorithm = \"RS256\"")
                    .contains("asap_key_server = \"" + url + "\"").doesNotContain("app_secret =");
        }

        start = System.nanoTime();
        CliRun verify = cli("verify", "-i", inventory.toString());
        long verifyMillis = millis(start);
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        for (LabHost host : lab.hosts()) {
            assertThat(verify.out()).contains(host.name() + ": signing key: RS256, kid A")
                    .contains(host.name() + ": ok   bosh signed with another secret or key: SASL failure"
                            + " 'not-allowed': Invalid signature")
                    .contains(host.name() + ": ok (21/21 cases passed)");
        }
        // Prosody resolved its key server through the lab's name server (its resolver never reads /etc/hosts)
        String dnsLog = Files.readString(Path.of("/var/lib/jitsi-deploy-lab/dns/dnsmasq.log"));
        for (LabHost host : lab.hosts()) {
            assertThat(dnsLog).as("the lab DNS log").contains("query[A] " + host.domain() + " from ");
            assertThat(lab.exec(host, "cat /etc/resolv.conf")).contains("nameserver 127.0.0.99");
        }
        assertThat(apply.all() + verify.all()).doesNotContain("PRIVATE KEY");
        System.out.printf("Rs256KeysIT: kid A: apply %d ms (3 hosts, restarts), verify %d ms (3 x 21 cases)%n",
                applyMillis, verifyMillis);
    }

    @Test
    @Order(2)
    void aSecondKeyIsPublishedWithoutRestartAndTokensOfBothKeysAreAccepted() throws Exception {
        List<String> pidsBefore = lab.prosodyPids();
        // Creation times have a one-second resolution; B must be strictly newer than A to be the newest key.
        Thread.sleep(1100);
        assertThat(cli("keys", "-i", inventory.toString(), "new", "--kid", "B").exitCode()).isZero();

        long start = System.nanoTime();
        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes");
        long applyMillis = millis(start);
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).doesNotContain("restart: ").contains("tokens signed with RS256, kid B");
        for (LabHost host : lab.hosts()) {
            assertThat(apply.out()).containsPattern(host.name() + " +: changed +files=\\d+ written=1 restarted=- ");
        }
        List<String> pidsAfter = lab.prosodyPids();
        assertThat(pidsAfter).as("Prosody was not restarted").isEqualTo(pidsBefore);

        KeyRing ring = KeyRing.load(keys);
        assertThat(ring.newest().orElseThrow().kid().value()).isEqualTo("B");
        KeyCheck withA = KeyCheck.accepted("key A", SigningKey.rsaSha256(ring.signingKey(new KeyId("A"))));
        KeyCheck withB = KeyCheck.accepted("key B", SigningKey.rsaSha256(ring.signingKey(new KeyId("B"))));
        for (ProbeTarget target : ServerTokenChecks.targets(inventory)) {
            for (KeyCheck check : List.of(withA, withB)) {
                HostCheck result = ServerTokenChecks.run(target, check);
                assertThat(result.passed()).as(result.toString()).isTrue();
                assertThat(result.detail()).contains("SASL success");
            }
        }
        System.out.printf("Rs256KeysIT: kid B: apply %d ms, no restart, prosody pids %s unchanged; tokens of A and"
                + " B accepted on every host%n", applyMillis, pidsAfter);
    }

    @Test
    @Order(3)
    void aRetiredKeyIsDeletedButStaysCachedUntilProsodyRestartsThenOnlyTheNewKeyWorks() throws Exception {
        KeyRing ring = KeyRing.load(keys);
        // Loaded before the retirement: a retired key is no longer in the ring.
        SigningKey keyA = SigningKey.rsaSha256(ring.signingKey(new KeyId("A")));
        SigningKey keyB = SigningKey.rsaSha256(ring.signingKey(new KeyId("B")));
        String fileA = "/usr/share/jitsi-meet/asap-keys/" + new KeyId("A").publishedFileName();
        CliRun retire = cli("keys", "-i", inventory.toString(), "retire", "--kid", "A");
        assertThat(retire.exitCode()).as(retire.all()).isZero();
        assertThat(retire.err()).contains("jitsi-deploy apply -i " + inventory + " --restart prosody");

        // Deleting the file alone does not revoke the key: every Prosody fetched A before and keeps it cached.
        List<String> pidsBefore = lab.prosodyPids();
        long start = System.nanoTime();
        CliRun delete = cli("apply", "-i", inventory.toString(), "--yes");
        long deleteMillis = millis(start);
        assertThat(delete.exitCode()).as(delete.all()).isEqualTo(ExitCode.OK);
        assertThat(delete.out()).contains("deleted " + fileA).doesNotContain("restart: ");
        assertThat(lab.prosodyPids()).isEqualTo(pidsBefore);
        for (LabHost host : lab.hosts()) {
            assertThat(lab.exec(host, "[ -e " + fileA + " ] && echo present || echo gone").strip()).isEqualTo("gone");
            assertThat(lab.exec(host, "curl -s -o /dev/null -w '%{http_code}' https://" + host.domain()
                    + "/asap-keys/" + new KeyId("A").publishedFileName())).isEqualTo("404");
        }
        for (ProbeTarget target : ServerTokenChecks.targets(inventory)) {
            assertThat(ServerTokenChecks.run(target, KeyCheck.accepted("cached key A", keyA)).passed())
                    .as(target.host()).isTrue();
        }

        start = System.nanoTime();
        CliRun restart = cli("apply", "-i", inventory.toString(), "--yes", "--restart", "prosody");
        long restartMillis = millis(start);
        assertThat(restart.exitCode()).as(restart.all()).isEqualTo(ExitCode.OK);
        assertThat(restart.out()).contains("restart: prosody -> jicofo -> jitsi-videobridge2")
                .contains("verify: passed (21/21 cases); tokens signed with RS256, kid B");
        List<String> pidsAfter = lab.prosodyPids();
        for (int i = 0; i < pidsAfter.size(); i++) {
            assertThat(pidsAfter.get(i)).as(lab.hosts().get(i).name()).isNotEqualTo(pidsBefore.get(i));
        }
        // The server's own reason: the key of kid A can no longer be fetched.
        KeyCheck refusedA = new KeyCheck("retired key A", keyA, new Expectation.SaslRefused("not-allowed",
                "could not obtain public key"));
        List<String> answers = new ArrayList<>();
        for (ProbeTarget target : ServerTokenChecks.targets(inventory)) {
            HostCheck a = ServerTokenChecks.run(target, refusedA);
            assertThat(a.passed()).as(a.toString()).isTrue();
            assertThat(a.detail()).contains("SASL failure 'not-allowed': could not obtain public key");
            HostCheck b = ServerTokenChecks.run(target, KeyCheck.accepted("key B", keyB));
            assertThat(b.passed()).as(b.toString()).isTrue();
            answers.add(target.host() + " A: " + a.detail() + " | B: " + b.detail());
        }
        System.out.printf("Rs256KeysIT: retire A: apply (delete only) %d ms, pids %s unchanged, A still accepted"
                + " (cached); apply --restart prosody %d ms, pids %s -> %s; %s%n", deleteMillis, pidsBefore,
                restartMillis, pidsBefore, pidsAfter, answers);
    }




    private static CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
