package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.cli.ExitCode;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hosts broken behind the tool's back, after a good apply: {@code verify} fails them with a message that names the
 * cause, and shows the end of the Prosody log without a secret in it.
 */
class VerifyCatchesIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    private static final String OTHER_SECRET = "not-the-inventory-secret-0123456789abcdef";

    @BeforeEach
    void appliedAndPassing() {
        // apply puts back whatever the previous test broke, and its gate proves the host enforces tokens.
        CliRun apply = cli("apply", "-i", LAB.lab().inventory().toString(), "--yes", "--limit", "lab1");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
    }

    @Test
    void allowEmptyTokenOnTheHostIsNamed() throws Exception {
        breakVhost("s/^\\(\\s*\\)allow_empty_token = false/\\1allow_empty_token = true/");

        CliRun verify = cli("verify", "-i", LAB.lab().inventory().toString(), "--limit", "lab1");

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(verify.out()).contains("lab1: FAIL bosh no token: SASL success — the server ACCEPTED it without a "
                        + "token: enforcement is off on the host (allow_empty_token = true")
                .contains("lab1: FAIL websocket no token").contains("lab1: prosody log, last lines")
                .contains("lab1: FAILED (17/19 cases passed)");
        assertThat(verify.all()).doesNotContain(LAB.lab().appSecret());
    }

    @Test
    void aHostWhoseSecretDiffersFromTheInventorysIsNamed() throws Exception {
        breakVhost("s/^\\(\\s*\\)app_secret = \".*\"/\\1app_secret = \"" + OTHER_SECRET + "\"/");

        CliRun verify = cli("verify", "-i", LAB.lab().inventory().toString(), "--limit", "lab1");

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(verify.out()).contains("lab1: FAIL bosh valid token, own room: ")
                .contains("the server refused it with \"Invalid signature\": the host's app_secret (or public key) "
                        + "is not the inventory's")
                .contains("lab1: FAILED");
        assertThat(verify.all()).doesNotContain(LAB.lab().appSecret()).doesNotContain(OTHER_SECRET);
    }

    private static void breakVhost(String sedScript) throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String vhost = "/etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua";
        String before = lab.exec(lab1, "cat " + vhost);
        lab.exec(lab1, "sed -i '" + sedScript + "' " + vhost);
        lab.restartProsodyAndJicofo(lab1);
        assertThat(lab.exec(lab1, "cat " + vhost)).as("the sed changed the vhost").isNotEqualTo(before);
    }

    private static CliRun cli(String... args) {
        return CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), args);
    }
}
