package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jitsideploy.report.JsonSchemas;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** plan, apply and rollback on a 3-host lab, through the CLI as an operator runs them. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanApplyIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    /** Each host's vhost file as the quick install left it, before the first apply. */
    private static final List<String> ORIGINAL_VHOSTS = new ArrayList<>();

    @TempDir
    Path work;

    @Test
    @Order(1)
    void firstApplyChangesAndRestartsSecondChangesNothing() throws Exception {
        RunningLab lab = LAB.lab();
        String secret = lab.appSecret();
        List<String> pidsBefore = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            // The tool's own state from earlier runs (a reset lab keeps /var/lib) would make rollback see them.
            lab.exec(host, "rm -rf /var/lib/jitsi-deploy/" + host.domain());
            ORIGINAL_VHOSTS.add(lab.exec(host, "cat " + vhost(host)));
            pidsBefore.add(prosodyPid(lab, host));
        }

        CliRun plan = cli("plan", "-i", lab.inventory().toString(), "--detailed-exitcode", "--json",
                work.resolve("plan.json").toString());
        assertThat(JsonSchemas.assertValid(Files.readString(work.resolve("plan.json")))).isEqualTo("run");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.CHANGES_PENDING);
        assertThat(plan.out()).contains("changed /etc/prosody/conf.avail/lab1.jitsi.test.cfg.lua")
                .contains("app_secret = \"«redacted»\"").contains("restart: prosody -> jicofo -> jitsi-videobridge2");
        String shown = plan.all() + Files.readString(work.resolve("plan.json"));
        assertThat(shown).doesNotContain(secret);
        for (LabHost host : lab.hosts()) {
            // The installer-made TURN secret (carried over) and the focus password must not show either.
            String turn = lab.exec(host, "sed -n 's/^external_service_secret = \"\\(.*\\)\";$/\\1/p' " + vhost(host))
                    .strip();
            String focus = Files.readString(RunningLab.STATE.resolve(host.name()).resolve("focus_password")).strip();
            assertThat(turn).hasSizeGreaterThan(8);
            assertThat(focus).hasSizeGreaterThan(8);
            assertThat(shown).doesNotContain(turn).doesNotContain(focus);
        }

        CliRun apply = cli("apply", "-i", lab.inventory().toString(), "--yes", "--json",
                work.resolve("apply.json").toString());
        assertThat(JsonSchemas.assertValid(Files.readString(work.resolve("apply.json")))).isEqualTo("run");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).containsPattern("lab1 +: changed").containsPattern("lab3 +: changed");
        assertThat(apply.all()).doesNotContain(secret);
        assertThat(Files.readString(work.resolve("apply.json"))).contains("\"restarted\":[\"prosody\",\"jicofo\","
                + "\"videobridge\"]").doesNotContain(secret);
        for (int i = 0; i < 3; i++) {
            LabHost host = lab.host(i + 1);
            String vhost = lab.exec(host, "cat " + vhost(host));
            assertThat(vhost).contains("authentication = \"token\"").contains("app_secret = \"" + secret + "\"");
            assertThat(lab.exec(host, "stat -c '%a %U %G' " + vhost(host)).strip()).isEqualTo("640 root prosody");
            assertThat(lab.exec(host, "readlink /etc/prosody/conf.d/" + host.domain() + ".cfg.lua").strip())
                    .isEqualTo("../conf.avail/" + host.domain() + ".cfg.lua");
            assertThat(lab.exec(host, "ls -A /etc/prosody/conf.avail").strip()).isEqualTo(host.domain() + ".cfg.lua");
            assertThat(prosodyPid(lab, host)).isNotEqualTo(pidsBefore.get(i));
            assertThat(lab.exec(host, "test -e /var/lib/jitsi-deploy/pending-restarts || echo none").strip())
                    .isEqualTo("none");
        }

        List<String> pidsAfter = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            pidsAfter.add(prosodyPid(lab, host));
        }
        CliRun planAgain = cli("plan", "-i", lab.inventory().toString(), "--detailed-exitcode");
        assertThat(planAgain.exitCode()).as(planAgain.all()).isEqualTo(ExitCode.OK);
        CliRun applyAgain = cli("apply", "-i", lab.inventory().toString(), "--yes");
        assertThat(applyAgain.exitCode()).as(applyAgain.all()).isEqualTo(ExitCode.OK);
        assertThat(applyAgain.out()).containsPattern("lab1 +: ok +files=0 written=0 restarted=-")
                .containsPattern("lab3 +: ok +files=0 written=0 restarted=-");
        for (int i = 0; i < 3; i++) {
            assertThat(prosodyPid(lab, lab.host(i + 1))).isEqualTo(pidsAfter.get(i));
        }
    }

    @Test
    @Order(2)
    void aChangedHostKeyIsRefusedBeforeAnythingIsRead() throws Exception {
        RunningLab lab = LAB.lab();
        Path otherKey = work.resolve("other");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).start()
                .waitFor();
        String[] other = Files.readString(work.resolve("other.pub")).split(" ");
        List<String> knownHosts = new ArrayList<>();
        for (String line : Files.readAllLines(lab.knownHosts())) {
            knownHosts.add(line.startsWith("127.0.0.3 ") ? "127.0.0.3 " + other[0] + " " + other[1] : line);
        }
        Path changed = work.resolve("known_hosts");
        Files.write(changed, knownHosts);
        Path inventory = LabInventoryCopy.withReplacements(lab, work,
                Map.of("lab/known_hosts", changed.toString()));
        String sshLogBefore = lab.exec(lab.host(2), "cat /var/log/sshd.log");

        CliRun plan = cli("plan", "-i", inventory.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(plan.out()).contains("lab2: host key check: HOST KEY CHANGED")
                .containsPattern("lab1 +: (ok|changed)").containsPattern("lab3 +: (ok|changed)")
                .containsPattern("lab2 +: failed");
        String sshLogAfter = lab.exec(lab.host(2), "cat /var/log/sshd.log");
        assertThat(sshLogAfter.substring(sshLogBefore.length())).doesNotContain("Accepted publickey");
    }

    @Test
    @Order(3)
    void aBrokenTemplateOverrideIsNeverSwappedInAndTheHostKeepsServing() throws Exception {
        RunningLab lab = LAB.lab();
        Path inventory = LabInventoryCopy.withVhostTemplate(lab, work, text -> text + "\nthis is not ( valid lua\n");
        LabHost lab1 = lab.host(1);
        String before = lab.exec(lab1, "cat " + vhost(lab1));
        String pid = prosodyPid(lab, lab1);

        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes", "--limit", "lab1");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.HOST_FAILED);
        // Refused before anything is uploaded: the rendered vhost is parsed here, and the error names the template
        // line (the on-host luac check stays for anything that gets past this one).
        assertThat(apply.out()).containsPattern("prosody-vhost\\.cfg\\.lua\\.ftl:\\d+:1: the template renders invalid"
                + " Lua: /etc/prosody/conf\\.avail/lab1\\.jitsi\\.test\\.cfg\\.lua line \\d+: syntax error");
        assertUntouched(lab, lab1, before, pid);
        assertThat(lab.isActive(lab1, "prosody")).isTrue();
        assertThat(lab.exec(lab1, "ls -A /etc/prosody/conf.avail /var/lib/jitsi-deploy")).doesNotContain(".tmp")
                .doesNotContain("check-");
    }

    @Test
    @Order(4)
    void rollbackRestoresThePreviousBytes() throws Exception {
        RunningLab lab = LAB.lab();
        CliRun rollback = cli("rollback", "-i", lab.inventory().toString());
        for (int i = 0; i < 3; i++) {
            LabHost host = lab.host(i + 1);
            assertThat(lab.exec(host, "cat " + vhost(host))).isEqualTo(ORIGINAL_VHOSTS.get(i));
        }
        // The first apply turned token authentication on; its rollback turns it off again, which the verification
        // that ends every rollback reports: the hosts no longer enforce the inventory's tokens.
        assertThat(rollback.exitCode()).as(rollback.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(rollback.out()).containsPattern("lab1 +: failed +files=(\\d+) written=\\1 "
                        + "restarted=prosody,jicofo,videobridge")
                .contains("rolled back, but the host does not verify with the credentials the inventory points at")
                .contains("verify after rollback: FAILED");
    }

    @Test
    @Order(5)
    void aHostWithoutSshdFailsAloneWhileTheOthersApply() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab3 = lab.host(3);
        lab.loseSshd(lab3);
        try {
            CliRun apply = cli("apply", "-i", lab.inventory().toString(), "--yes");
            assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.HOST_FAILED);
            assertThat(apply.out()).containsPattern("lab1 +: changed").containsPattern("lab2 +: changed")
                    .containsPattern("lab3 +: failed").contains("lab3: connect: cannot reach 127.0.0.4:22");
            assertThat(lab.exec(lab.host(1), "cat " + vhost(lab.host(1)))).contains("authentication = \"token\"");
            assertThat(lab.exec(lab3, "cat " + vhost(lab3))).isEqualTo(ORIGINAL_VHOSTS.get(2));
        } finally {
            lab.restoreSshd(lab3);
        }
    }

    @Test
    @Order(6)
    void aRestartLeftDueByAFailedRunIsDoneByTheNextRun() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        CliRun settle = cli("apply", "-i", lab.inventory().toString(), "--yes", "--limit", "lab1");
        assertThat(settle.exitCode()).as(settle.all()).isEqualTo(ExitCode.OK);
        lab.exec(lab1, "mkdir -p /var/lib/jitsi-deploy/" + lab1.domain() + " && echo prosody > /var/lib/jitsi-deploy/"
                + lab1.domain() + "/pending-restarts");
        String pid = prosodyPid(lab, lab1);

        CliRun plan = cli("plan", "-i", lab.inventory().toString(), "--limit", "lab1", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.CHANGES_PENDING);
        assertThat(plan.out()).contains("restart: prosody (due from an earlier run: prosody)");
        CliRun apply = cli("apply", "-i", lab.inventory().toString(), "--yes", "--limit", "lab1");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).containsPattern("lab1 +: changed +files=0 written=0 restarted=prosody ");
        assertThat(prosodyPid(lab, lab1)).isNotEqualTo(pid);
        assertThat(lab.exec(lab1, "ls /var/lib/jitsi-deploy/" + lab1.domain())).doesNotContain("pending-restarts");
    }

    @Test
    @Order(7)
    void aFailedRestartPutsThePreviousFilesBackAndRestartsAgain() throws Exception {
        RunningLab lab = LAB.lab();
        // Valid Lua (luac accepts it), but Prosody refuses to start on it.
        Path inventory = LabInventoryCopy.withVhostTemplate(lab, work,
                text -> text + "\nno_such_prosody_directive()\n");
        LabHost lab2 = lab.host(2);
        String before = lab.exec(lab2, "cat " + vhost(lab2));

        CliRun apply = cli("apply", "-i", inventory.toString(), "--yes", "--limit", "lab2", "--json", "-");
        assertThat(JsonSchemas.assertValid(apply.out())).isEqualTo("run");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(apply.out()).contains("\"restored\":true")
                .containsPattern("prosody (restart failed|did not become ready)")
                .contains("previous files restored and services restarted: all ready again");
        if (lab.isSystemd(lab2)) {
            // Debian's prosody.service is Type=simple: systemctl restart succeeds, then the unit fails.
            assertThat(apply.out()).contains("prosody restart failed (systemd: the unit failed after it was started");
        }
        // The service is named, said to be down, and its own error shown (redacted), not just an exit status.
        CliRun text = cli("apply", "-i", inventory.toString(), "--yes", "--limit", "lab2");
        assertThat(text.exitCode()).as(text.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(text.out()).contains("prosody is DOWN; its last log lines (tokens and secrets redacted) are below;"
                        + " previous files restored and services restarted: all ready again\n")
                .contains("    | ").contains("no_such_prosody_directive")
                .doesNotContain(lab.appSecret());
        System.out.println("PlanApplyIT failed restart:\n" + text.out());
        assertThat(lab.exec(lab2, "cat " + vhost(lab2))).isEqualTo(before);
        assertThat(lab.isActive(lab2, "prosody")).isTrue();
    }

    @Test
    @Order(8)
    void aMaskedServiceFailsPreflightAndNothingIsTouched() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab3 = lab.host(3);
        assumeTrue(lab.isSystemd(lab3), "masking is systemd's");
        Path inventory = LabInventoryCopy.withVhostTemplate(lab, work, text -> text + "\n-- a change\n");
        String before = lab.exec(lab3, "cat " + vhost(lab3));
        String pid = prosodyPid(lab, lab3);
        // at runtime (/run), which ranks above Debian's unit in /lib: `lab reset` would not undo a mask in /etc
        lab.exec(lab3, "systemctl mask --runtime prosody.service");
        try {
            CliRun apply = cli("apply", "-i", inventory.toString(), "--yes", "--limit", "lab3");
            assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.HOST_FAILED);
            assertThat(apply.out()).contains("preflight FAILED services (systemd): masked: prosody (systemd will not"
                    + " start or restart a masked unit; if it should run: systemctl unmask prosody)");
            assertUntouched(lab, lab3, before, pid);
        } finally {
            lab.exec(lab3, "systemctl unmask --runtime prosody.service");
        }
    }

    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }

    /** The host's vhost has the bytes it had before, and its Prosody is the same process. */
    private static void assertUntouched(RunningLab lab, LabHost host, String vhostBefore, String prosodyPidBefore)
            throws Exception {
        assertThat(lab.exec(host, "cat " + vhost(host))).isEqualTo(vhostBefore);
        assertThat(prosodyPid(lab, host)).isEqualTo(prosodyPidBefore);
    }

    private static String vhost(LabHost host) {
        return "/etc/prosody/conf.avail/" + host.domain() + ".cfg.lua";
    }

    private static String prosodyPid(RunningLab lab, LabHost host) throws Exception {
        return lab.prosodyPid(host);
    }
}
