package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.cli.ExitCode;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * focus.<domain> relays to jicofo only after it has seen jicofo's presence, which needs the focus user's roster
 * subscription (jitsi-token-auth.md section 9). When either is missing, verify names the cause in one line, checks
 * the roster over SSH, and fails every other join case at once instead of waiting for the focus again.
 */
class FocusRelayIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    private static final String JICOFO_CONF = "/etc/jitsi/jicofo/jicofo.conf";
    private static final Pattern CASE_MILLIS = Pattern.compile("lab1: FAIL (bosh|websocket) [^\\n]*\\((\\d+) ms\\)");

    @BeforeEach
    void appliedAndPassing() {
        CliRun apply = cli("apply", "-i", LAB.lab().inventory().toString(), "--yes", "--limit", "lab1");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
    }

    @AfterEach
    void focusAnnouncesItselfAgain() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        lab.exec(lab1, "sed -i '/^jitsi-deploy-lab.send-initial-presence/d' " + JICOFO_CONF);
        lab.exec(lab1, "prosodyctl --config /etc/prosody/prosody.cfg.lua mod_roster_command subscribe focus."
                + lab1.domain() + " focus@auth." + lab1.domain() + " >/dev/null");
        restartProsodyAndJicofo(lab, lab1, "sent initial presence");
    }

    @Test
    void aJicofoThatSentNoPresenceIsNamedInOneLineWithinSeconds() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        lab.exec(lab1, "echo 'jitsi-deploy-lab.send-initial-presence = false' >> " + JICOFO_CONF);
        restartProsodyAndJicofo(lab, lab1, "sent no initial presence");

        Instant start = Instant.now();
        CliRun verify = cli("verify", "-i", lab.inventory().toString(), "--limit", "lab1");
        Duration took = Duration.between(start, Instant.now());

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.HOST_FAILED);
        List<String> cause = verify.out().lines().filter(line -> line.startsWith("lab1: FAIL focus relay: ")).toList();
        assertThat(cause).as(verify.out()).singleElement().asString()
                .contains("focus is not reachable through focus." + lab1.domain())
                .contains("service-unavailable")
                .contains("first: valid token, own room (bosh)");
        assertThat(verify.out()).contains("lab1: FAIL focus relay roster: the roster of focus@auth." + lab1.domain()
                + " approves focus." + lab1.domain() + " (subscription from), so jicofo is not logged in or sent no"
                + " presence");
        // the first join case waited for the focus a few seconds; the others did not wait again
        List<Long> joinCaseMillis = failedCaseMillis(verify.out());
        assertThat(joinCaseMillis).as(verify.out()).hasSize(4);
        assertThat(joinCaseMillis.get(0)).isLessThan(5_000);
        assertThat(joinCaseMillis.subList(1, 4)).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
        writeFigure("verify without jicofo presence: " + took.toMillis() + " ms in all; join cases "
                + joinCaseMillis + " ms\n" + verify.out());
    }

    @Test
    void aMissingRosterSubscriptionIsNamedWithTheCommandThatFixesIt() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        lab.exec(lab1, "rm -f /var/lib/prosody/auth%2e" + lab1.domain().replace(".", "%2e") + "/roster/focus.dat");
        restartProsodyAndJicofo(lab, lab1, "sent initial presence");

        CliRun verify = cli("verify", "-i", lab.inventory().toString(), "--limit", "lab1");

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(verify.out()).contains("lab1: FAIL focus relay: focus is not reachable through focus."
                        + lab1.domain())
                // the component's own subscription request, unapproved, is kept as pending: a roster without the item
                .contains("lab1: FAIL focus relay roster: focus." + lab1.domain()
                        + " is not on the focus user's roster")
                .contains("fix: prosodyctl mod_roster_command subscribe focus." + lab1.domain() + " focus@auth."
                        + lab1.domain() + " && " + (lab.isSystemd(lab1) ? "systemctl restart prosody"
                        : "service prosody restart"));
    }

    private static void restartProsodyAndJicofo(RunningLab lab, LabHost lab1, String logged) throws Exception {
        String log = "/var/log/jitsi/jicofo.log";
        int before = lab.logLines(lab1, log, logged);
        lab.restartProsodyAndJicofo(lab1);
        assertThat(lab.awaitLogLines(lab1, log, logged, before)).as("jicofo logged '%s'", logged)
                .isGreaterThan(before);
    }

    private static List<Long> failedCaseMillis(String out) {
        Matcher matcher = CASE_MILLIS.matcher(out);
        List<Long> millis = new java.util.ArrayList<>();
        while (matcher.find()) {
            millis.add(Long.parseLong(matcher.group(2)));
        }
        return millis;
    }

    private static void writeFigure(String text) throws Exception {
        Path figures = Files.createDirectories(Path.of("target", "figures"));
        Files.writeString(figures.resolve("focus-relay.txt"), text);
    }

    private static CliRun cli(String... args) {
        return CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), args);
    }
}
