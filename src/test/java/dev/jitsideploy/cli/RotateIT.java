package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.report.JsonSchemas;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HS256 rotation on a 3-host lab, through the CLI. Tokens are judged by {@code verify} run from inventories that
 * point at one secret or the other: what the server answers, not what the tool believes.
 */
class RotateIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    @TempDir
    Path work;

    private RunningLab lab;
    private Path secretFile;
    private Path inventory;
    private String oldSecret;

    /** Every host applied with the lab's secret, copied to a file of this test's, which rotate may change. */
    @BeforeEach
    void applyWithACopyOfTheSecret() throws Exception {
        lab = LAB.lab();
        oldSecret = lab.appSecret();
        secretFile = secretFileWith("app_secret", oldSecret);
        inventory = inventoryUsing(secretFile, "inventory.yml");
        for (LabHost host : lab.hosts()) {
            lab.exec(host, "rm -rf /var/lib/jitsi-deploy/" + host.domain());
        }
        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aRotationMovesEveryHostToANewSecretThatIsStored() throws Exception {
        List<String> pidsBefore = lab.prosodyPids();
        CliRun rotate = cli("rotate", "-i", inventory.toString(), "--yes", "--json",
                work.resolve("rotate.json").toString());
        assertThat(JsonSchemas.assertValid(Files.readString(work.resolve("rotate.json")))).isEqualTo("run");
        assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.OK);
        String newSecret = Files.readString(secretFile).strip();

        assertThat(newSecret).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(oldSecret);
        assertThat(Files.readString(work.resolve("app_secret.previous")).strip()).isEqualTo(oldSecret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(work.resolve("app_secret.next")).doesNotExist();
        assertThat(rotate.out()).contains("Prosody restarts on every host", "token issuers must switch")
                .containsPattern("lab1 +: changed").containsPattern("lab3 +: changed")
                .contains("previous secret refused")
                .contains("rotate: done: " + lab.hosts().size() + " host(s) run the new secret");
        String shown = rotate.all() + Files.readString(work.resolve("rotate.json"));
        assertThat(shown).doesNotContain(oldSecret).doesNotContain(newSecret);
        assertThat(Files.readString(work.resolve("rotate.json"))).contains("\"rotated\":true");
        for (LabHost host : lab.hosts()) {
            assertThat(lab.exec(host, "cat " + vhost(host))).contains("app_secret = \"" + newSecret + "\"")
                    .doesNotContain(oldSecret);
        }
        List<String> pidsAfter = lab.prosodyPids();
        for (int i = 0; i < lab.hosts().size(); i++) {
            assertThat(pidsAfter.get(i)).isNotEqualTo(pidsBefore.get(i));
        }

        // The server's word: the new secret (the inventory's file) passes everywhere, the old one is refused.
        CliRun withNew = cli("verify", "-i", inventory.toString());
        assertThat(withNew.exitCode()).as(withNew.all()).isEqualTo(ExitCode.OK);
        CliRun withOld = cli("verify", "-i", inventoryUsing(secretFileWith("old_secret", oldSecret), "old.yml")
                .toString());
        assertThat(withOld.exitCode()).as(withOld.all()).isEqualTo(ExitCode.HOST_FAILED);
        for (LabHost host : lab.hosts()) {
            assertThat(withOld.out()).containsPattern("(?s)" + host.name() + ".*FAIL.*valid token, own room.*"
                    + "Invalid signature");
        }
    }

    @Test
    void aHostLostMidRunPutsEveryHostBackOnTheOldSecretAndLeavesTheFileAlone() throws Exception {
        LabHost lab1 = lab.host(1);
        LabHost lab3 = lab.host(3);
        List<String> vhostsBefore = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            vhostsBefore.add(lab.exec(host, "cat " + vhost(host)));
        }
        byte[] secretBefore = Files.readAllBytes(secretFile);

        CompletableFuture<CliRun> rotation = CompletableFuture.supplyAsync(() -> cli("rotate", "-i",
                inventory.toString(), "--yes", "--serial", "1", "--json", work.resolve("rotate.json").toString()));
        try {
            // Host by host: once lab1 holds the new secret, lab3's sshd goes away with its open sessions (the
            // connection rotate opened while planning), as when a host is lost in the middle of a run.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (lab.exec(lab1, "cat " + vhost(lab1)).equals(vhostsBefore.get(0))) {
                assertThat(Instant.now()).as("lab1 never got the new secret").isBefore(deadline);
                assertThat(rotation).as("rotate ended before lab1 changed").isNotDone();
                Thread.sleep(50);
            }
            lab.loseSshd(lab3);
            CliRun rotate = rotation.get(240, TimeUnit.SECONDS);

            assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.HOST_FAILED);
            assertThat(rotate.out()).containsPattern("lab3 +: failed")
                    .contains("taken back: restored /etc/prosody/conf.avail/lab1.jitsi.test"
                            + ".cfg.lua; restarted prosody,jicofo,videobridge")
                    .contains("every host this run changed is back on the previous secret and verified with it")
                    .contains(secretFile + " is unchanged");
            assertThat(Files.readAllBytes(secretFile)).isEqualTo(secretBefore);
            assertThat(work.resolve("app_secret.next")).doesNotExist();
            assertThat(work.resolve("app_secret.previous")).doesNotExist();
            String json = Files.readString(work.resolve("rotate.json"));
            assertThat(json).contains("\"rotated\":false", "\"fleet_on_previous_secret\":true",
                    "\"verified_back\":[\"lab1\",\"lab2\",\"lab3\"]");
            assertThat(rotate.all() + json).doesNotContain(oldSecret);
            for (int i = 0; i < lab.hosts().size(); i++) {
                LabHost host = lab.hosts().get(i);
                assertThat(lab.exec(host, "cat " + vhost(host))).as(host.name()).isEqualTo(vhostsBefore.get(i));
            }
            // The server's word: the old secret passes on every host.
            CliRun verify = cli("verify", "-i", inventory.toString());
            assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        } finally {
            rotation.join();
            lab.restoreSshd(lab3);
        }
    }

    @Test
    void aHostUnreachableAtTheStartStopsTheRotationBeforeAnythingChanges() throws Exception {
        LabHost lab3 = lab.host(3);
        String lab1Before = lab.exec(lab.host(1), "cat " + vhost(lab.host(1)));
        byte[] secretBefore = Files.readAllBytes(secretFile);
        List<String> pidsBefore = lab.prosodyPids();
        lab.loseSshd(lab3);
        try {
            CliRun rotate = cli("rotate", "-i", inventory.toString(), "--yes");
            assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.HOST_FAILED);
            assertThat(rotate.out()).contains("rotate: not started", "nothing was changed on any host")
                    .contains("lab3: connect: cannot reach 127.0.0.4:22");
            assertThat(Files.readAllBytes(secretFile)).isEqualTo(secretBefore);
            assertThat(work.resolve("app_secret.next")).doesNotExist();
            assertThat(lab.exec(lab.host(1), "cat " + vhost(lab.host(1)))).isEqualTo(lab1Before);
            assertThat(lab.prosodyPids().subList(0, 2)).isEqualTo(pidsBefore.subList(0, 2));
        } finally {
            lab.restoreSshd(lab3);
        }
    }

    /**
     * Issue 12 item 1: after a rotation, rolling the hosts back alone would put them on the old secret while the
     * secret file holds the new one. It is refused (exit 2, no host touched) with the joint command; the joint
     * rollback puts hosts and file back together and verifies every host with the file the inventory points at.
     */
    @Test
    void rollbackAfterARotationIsRefusedAloneAndRollsBackTogetherWithTheSecretFile() throws Exception {
        CliRun rotate = cli("rotate", "-i", inventory.toString(), "--yes");
        assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.OK);
        String newSecret = Files.readString(secretFile).strip();
        List<String> rotatedVhosts = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            rotatedVhosts.add(lab.exec(host, "cat " + vhost(host)));
        }
        List<String> pidsRotated = lab.prosodyPids();

        long start = System.nanoTime();
        CliRun alone = cli("rollback", "-i", inventory.toString());
        long refusedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(alone.exitCode()).as(alone.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(alone.err()).contains("refused, no host changed", String.join(", ", hostNames(0)),
                work.resolve("app_secret.previous").toString(), "rollback -i " + inventory + " --with-secret");
        assertThat(alone.all()).doesNotContain(newSecret).doesNotContain(oldSecret);
        for (int i = 0; i < lab.hosts().size(); i++) {
            assertThat(lab.exec(lab.host(i + 1), "cat " + vhost(lab.host(i + 1)))).isEqualTo(rotatedVhosts.get(i));
        }
        assertThat(lab.prosodyPids()).isEqualTo(pidsRotated);
        assertThat(Files.readString(secretFile).strip()).isEqualTo(newSecret);
        // The secret file is shared by all three: rolling it back with one of them is refused too.
        CliRun partial = cli("rollback", "-i", inventory.toString(), "--with-secret", "--limit", "lab1");
        assertThat(partial.exitCode()).as(partial.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(partial.err()).contains(String.join(", ", hostNames(1))
                + " share the secret file but are left out by --limit");
        assertThat(Files.readString(secretFile).strip()).isEqualTo(newSecret);
        assertThat(lab.exec(lab.host(1), "cat " + vhost(lab.host(1)))).isEqualTo(rotatedVhosts.get(0));
        CliRun stillNew = cli("verify", "-i", inventory.toString());
        assertThat(stillNew.exitCode()).as(stillNew.all()).isEqualTo(ExitCode.OK);

        start = System.nanoTime();
        CliRun joint = cli("rollback", "-i", inventory.toString(), "--with-secret", "--json",
                work.resolve("rollback.json").toString());
        long jointMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(joint.exitCode()).as(joint.all()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(secretFile).strip()).isEqualTo(oldSecret);
        assertThat(Files.readString(work.resolve("app_secret.previous")).strip()).isEqualTo(newSecret);
        for (LabHost host : lab.hosts()) {
            assertThat(lab.exec(host, "cat " + vhost(host))).contains("app_secret = \"" + oldSecret + "\"");
            assertThat(joint.out()).containsPattern(host.name() + " +: changed +files=1 written=1 "
                    + "restarted=prosody,jicofo,videobridge");
        }
        assertThat(joint.out()).contains("holds the previous secret again")
                .contains("verify after rollback: passed (19/19 cases)");
        String shown = joint.all() + Files.readString(work.resolve("rollback.json"));
        assertThat(shown).doesNotContain(newSecret).doesNotContain(oldSecret);
        // The server's word: the fleet verifies with the secret file the inventory points at.
        CliRun verify = cli("verify", "-i", inventory.toString());
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        System.out.printf("rotate->rollback: refused in %d ms; joint rollback + verification in %d ms%n",
                refusedMillis, jointMillis);
    }

    @Test
    void anEnvironmentSecretIsRefusedUpFrontWithTheWayOut() throws Exception {
        Path envInventory = LabInventoryCopy.withReplacements(lab, Files.createDirectories(work.resolve("env")), Map.of(
                "app_secret: {file: lab/app_secret}", "app_secret: {env: LAB_APP_SECRET}"));
        String before = lab.exec(lab.host(1), "cat " + vhost(lab.host(1)));
        CliRun rotate = CliRun.run(work, Map.of("LAB_APP_SECRET", oldSecret), "rotate", "-i",
                envInventory.toString(), "--yes");
        assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(rotate.err()).contains("LAB_APP_SECRET", "--secret-out FILE", "{file: PATH}")
                .containsPattern(":\\d+:\\d+: ");
        assertThat(rotate.all()).doesNotContain(oldSecret);
        assertThat(lab.exec(lab.host(1), "cat " + vhost(lab.host(1)))).isEqualTo(before);
    }

    private Path secretFileWith(String name, String value) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path inventoryUsing(Path secret, String name) throws Exception {
        Path directory = Files.createDirectories(work.resolve(name + ".d"));
        return LabInventoryCopy.withReplacements(lab, directory, Map.of("app_secret: {file: lab/app_secret}",
                "app_secret: {file: " + secret + "}"));
    }


    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }

    private static String vhost(LabHost host) {
        return "/etc/prosody/conf.avail/" + host.domain() + ".cfg.lua";
    }

    /** The lab's host names from index {@code from} on: the fixture gives at least 3 hosts, a lab left by another
     * test class may have more, and every one of them is in the inventory. */
    private List<String> hostNames(int from) {
        return lab.hosts().stream().skip(from).map(LabHost::name).toList();
    }
}
