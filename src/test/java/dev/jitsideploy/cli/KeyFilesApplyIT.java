package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.report.JsonSchemas;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RS256 key files on a lab host: apply publishes each published key's .pem, deletes the .pem of a retired key (and
 * only that), and rollback restores the exact previous state: a deleted file comes back byte for byte, a file the
 * run created is removed again. Checks the files on the host; tokens and the key server are verify's business.
 *
 * <p>The applies run with {@code --no-verify}: the gate cannot verify an RS256 host yet (RS256 tokens in verify are
 * another work stream), so it would roll every apply back.
 */
class KeyFilesApplyIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    private static final String KEYS = "/usr/share/jitsi-meet/asap-keys/";

    @TempDir
    Path work;

    @Test
    void applyPublishesAndDeletesKeyFilesAndRollbackPutsBackExactlyWhatWasThere() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        // Neither an earlier run's backups nor key files may count as this test's state.
        lab.exec(lab1, "rm -rf " + KEYS + " /var/lib/jitsi-deploy/" + lab1.domain());
        Path inventory = LabInventoryCopy.withReplacements(lab, work, Map.of("algorithm: HS256", "algorithm: RS256"));
        String first = new KeyId("lab-first").publishedFileName();
        String second = new KeyId("lab-second").publishedFileName();
        String third = new KeyId("lab-third").publishedFileName();
        ok(cli("keys", "new", "-i", inventory.toString(), "--kid", "lab-first"));
        ok(cli("keys", "new", "-i", inventory.toString(), "--kid", "lab-second"));

        ok(cli("apply", "-i", inventory.toString(), "--limit", "lab1", "--yes", "--no-verify"));
        assertThat(keyFiles(lab, lab1)).isEqualTo(first + "\n" + second + "\n");
        assertThat(lab.exec(lab1, "cat " + KEYS + first)).isEqualTo(localPublicKey("lab-first"));
        assertThat(lab.exec(lab1, "cat " + KEYS + second)).isEqualTo(localPublicKey("lab-second"));
        assertThat(lab.exec(lab1, "stat -c '%a %U %G' " + KEYS + first).strip()).isEqualTo("644 root root");
        String firstBytes = lab.exec(lab1, "sha256sum " + KEYS + first);
        String secondBytes = lab.exec(lab1, "sha256sum " + KEYS + second);
        String prosodyPid = lab.prosodyPid(lab1);

        ok(cli("keys", "retire", "-i", inventory.toString(), "--kid", "lab-first"));
        CliRun plan = cli("plan", "-i", inventory.toString(), "--limit", "lab1", "--detailed-exitcode", "--json",
                work.resolve("plan.json").toString());
        assertThat(JsonSchemas.assertValid(Files.readString(work.resolve("plan.json")))).isEqualTo("run");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.CHANGES_PENDING);
        assertThat(plan.out()).contains("deleted " + KEYS + first).doesNotContain("deleted " + KEYS + second)
                .doesNotContain("restart:").doesNotContain("  created /").doesNotContain("  changed /");
        assertThat(Files.readString(work.resolve("plan.json")))
                .contains("{\"path\":\"" + KEYS + first + "\",\"change\":\"deleted\"");

        CliRun apply = cli("apply", "-i", inventory.toString(), "--limit", "lab1", "--yes", "--no-verify");
        ok(apply);
        assertThat(apply.out()).containsPattern("lab1 +: changed +files=1 written=1 restarted=-");
        assertThat(keyFiles(lab, lab1)).isEqualTo(second + "\n");
        assertThat(lab.exec(lab1, "sha256sum " + KEYS + second)).isEqualTo(secondBytes);
        assertThat(lab.prosodyPid(lab1)).isEqualTo(prosodyPid);

        CliRun rollback = cli("rollback", "-i", inventory.toString(), "--limit", "lab1", "--no-verify");
        ok(rollback);
        assertThat(rollback.out()).containsPattern("lab1 +: changed .*restarted=-");
        assertThat(keyFiles(lab, lab1)).isEqualTo(first + "\n" + second + "\n");
        assertThat(lab.exec(lab1, "sha256sum " + KEYS + first)).isEqualTo(firstBytes);
        assertThat(lab.exec(lab1, "stat -c '%a %U %G' " + KEYS + first).strip()).isEqualTo("644 root root");
        assertThat(lab.exec(lab1, "sha256sum " + KEYS + second)).isEqualTo(secondBytes);

        // One run that creates a key file and deletes another; its rollback removes the created one again.
        ok(cli("keys", "new", "-i", inventory.toString(), "--kid", "lab-third"));
        ok(cli("apply", "-i", inventory.toString(), "--limit", "lab1", "--yes", "--no-verify"));
        assertThat(keyFiles(lab, lab1)).isEqualTo(sorted(second, third));
        // Rolled back alone, the host would stop serving lab-third, the key the inventory signs with now.
        CliRun refused = cli("rollback", "-i", inventory.toString(), "--limit", "lab1", "--no-verify");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("refused, no host changed").contains("--with-secret' (retires"
                + " lab-third locally");
        assertThat(keyFiles(lab, lab1)).isEqualTo(sorted(second, third));
        // Together: the hosts stop serving lab-third and the key directory retires it (the issuers go back).
        ok(cli("rollback", "-i", inventory.toString(), "--limit", "lab1", "--no-verify", "--with-secret"));
        assertThat(work.resolve("asap-keys/retired/lab-third")).isDirectory();
        assertThat(keyFiles(lab, lab1)).isEqualTo(first + "\n" + second + "\n");
        assertThat(lab.exec(lab1, "sha256sum " + KEYS + first)).isEqualTo(firstBytes);
        assertThat(lab.prosodyPid(lab1)).isEqualTo(prosodyPid);
    }

    private static String keyFiles(RunningLab lab, LabHost host) throws Exception {
        return lab.exec(host, "cd " + KEYS + " && ls -A | LC_ALL=C sort");
    }

    private static String sorted(String a, String b) {
        return a.compareTo(b) < 0 ? a + "\n" + b + "\n" : b + "\n" + a + "\n";
    }

    private String localPublicKey(String kid) throws Exception {
        return Files.readString(work.resolve("asap-keys").resolve(kid).resolve(KeyDirectory.PUBLIC_FILE));
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.OK);
    }

    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }
}
