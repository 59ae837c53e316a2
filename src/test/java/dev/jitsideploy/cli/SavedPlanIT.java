package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved plans on a 3-host lab: {@code plan --out p} then {@code apply p} writes exactly the planned bytes; a managed
 * file edited on one host in between makes {@code apply p} refuse (exit 2) before any host is touched; the plan file
 * is 0600 and holds neither the app secret, the installer's secrets nor RS256 private key material.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SavedPlanIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    @Order(1)
    void applyOfASavedPlanWritesExactlyThePlannedBytes() throws Exception {
        RunningLab lab = LAB.lab();
        for (LabHost host : lab.hosts()) {
            lab.exec(host, "rm -rf /var/lib/jitsi-deploy/" + host.domain());
        }
        Path planFile = work.resolve("p");
        CliRun plan = cli("plan", "-i", lab.inventory().toString(), "--out", planFile.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.OK);
        assertThat(plan.out()).contains("plan: saved to " + planFile + " (mode 0600, no secrets)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(planFile))).isEqualTo("rw-------");
        String saved = Files.readString(planFile);
        assertThat(saved).doesNotContain(lab.appSecret());
        for (LabHost host : lab.hosts()) {
            String turn = lab.exec(host, "sed -n 's/^external_service_secret = \"\\(.*\\)\";$/\\1/p' " + vhost(host))
                    .strip();
            String focus = Files.readString(RunningLab.STATE.resolve(host.name()).resolve("focus_password")).strip();
            assertThat(turn).hasSizeGreaterThan(8);
            assertThat(saved).doesNotContain(turn).doesNotContain(focus);
        }
        JsonNode document = JSON.readTree(saved);
        assertThat(document.path("hosts")).hasSize(3);
        List<String> planned = new ArrayList<>();
        for (JsonNode host : document.path("hosts")) {
            for (JsonNode file : host.path("files")) {
                planned.add(host.path("host").asText() + " " + file.path("path").asText() + " "
                        + file.path("planned_sha256").asText() + " " + file.path("owner_mode").asText());
            }
        }
        assertThat(planned).anyMatch(line -> line.startsWith("lab2 /etc/prosody/conf.avail/lab2.jitsi.test.cfg.lua"));
        assertThat(document.findValuesAsText("change")).contains("changed");

        // No --yes and no terminal: a saved plan was reviewed when it was made, so apply asks nothing.
        CliRun apply = cli("apply", "-i", lab.inventory().toString(), planFile.toString());
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        assertThat(apply.out()).contains("apply: " + planFile + " still holds for every host; applying it")
                .containsPattern("lab1 +: changed").containsPattern("lab3 +: changed");
        assertThat(apply.all()).doesNotContain(lab.appSecret());
        List<String> onHosts = new ArrayList<>();
        for (JsonNode host : document.path("hosts")) {
            LabHost labHost = labHost(lab, host.path("host").asText());
            for (JsonNode file : host.path("files")) {
                String path = file.path("path").asText();
                String stat = lab.exec(labHost, "stat -c '%U:%G %a' " + path).strip();
                String[] parts = stat.split(" ");
                onHosts.add(labHost.name() + " " + path + " " + sha256(lab, labHost, path) + " " + parts[0] + " "
                        + String.format("%04o", Integer.parseInt(parts[1], 8)));
            }
        }
        assertThat(onHosts).isEqualTo(planned);
        System.out.println("SavedPlanIT: plan --out then apply p: " + planned.size() + " files on 3 hosts have"
                + " exactly their planned sha256 and owner/mode");
    }

    @Test
    @Order(2)
    void aFileEditedOnOneHostAfterThePlanMakesApplyRefuseAndNoHostChanges() throws Exception {
        RunningLab lab = LAB.lab();
        Path inventory = LabInventoryCopy.withVhostTemplate(lab, work, text -> text + "\n-- saved plan test\n");
        Path planFile = work.resolve("p");
        CliRun plan = cli("plan", "-i", inventory.toString(), "--out", planFile.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.CHANGES_PENDING);

        JsonNode document = JSON.readTree(planFile.toFile());
        LabHost lab2 = lab.host(2);
        lab.exec(lab2, "printf '%s\\n' '-- edited by hand after the plan' >> " + vhost(lab2));
        Map<String, String> before = fileStates(lab, document);
        List<String> pids = lab.prosodyPids();

        CliRun apply = cli("apply", "-i", inventory.toString(), planFile.toString());
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(apply.err()).containsPattern("apply: lab2 changed since the plan was made: "
                        + "/etc/prosody/conf.avail/lab2.jitsi.test.cfg.lua sha256 [0-9a-f]{12} now [0-9a-f]{12}\n")
                .contains("apply: the saved plan " + planFile + " is stale: nothing was changed on any host")
                .doesNotContain("lab1 changed").doesNotContain("lab3 changed");
        assertThat(fileStates(lab, document)).isEqualTo(before);
        assertThat(lab.prosodyPids()).isEqualTo(pids);
        System.out.println("SavedPlanIT: stale plan refused:\n" + apply.err());
    }

    @Test
    @Order(3)
    void anRs256PlanHoldsNoPrivateKeyMaterial() throws Exception {
        RunningLab lab = LAB.lab();
        Path inventory = LabInventoryCopy.rs256(lab, work);
        assertThat(cli("keys", "-i", inventory.toString(), "new", "--kid", "A").exitCode()).isZero();
        Path planFile = work.resolve("p");
        CliRun plan = cli("plan", "-i", inventory.toString(), "--out", planFile.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.OK);
        String saved = Files.readString(planFile);
        String privatePem = Files.readString(work.resolve("keys/A/private.pem"));
        String body = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        assertThat(saved).doesNotContain(body.substring(0, 40)).doesNotContain(body.substring(body.length() - 40));
        for (String line : privatePem.lines().filter(l -> !l.startsWith("-----")).toList()) {
            assertThat(saved).doesNotContain(line);
        }
        assertThat(new String(Files.readAllBytes(planFile), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(der, StandardCharsets.ISO_8859_1).substring(0, 64));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(planFile))).isEqualTo("rw-------");
    }

    /** sha256, mtime (to the nanosecond), mode and owner of every file the plan names, on every host. */
    private static Map<String, String> fileStates(RunningLab lab, JsonNode plan) throws Exception {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode host : plan.path("hosts")) {
            LabHost labHost = labHost(lab, host.path("host").asText());
            for (JsonNode file : host.path("files")) {
                String path = file.path("path").asText();
                states.put(labHost.name() + " " + path, lab.exec(labHost, "sha256sum " + path
                        + " && stat -c '%y %a %U:%G' " + path).strip());
            }
        }
        assertThat(states).hasSizeGreaterThanOrEqualTo(9);
        return states;
    }

    private static LabHost labHost(RunningLab lab, String name) {
        return lab.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private static String sha256(RunningLab lab, LabHost host, String path) throws Exception {
        return lab.exec(host, "sha256sum " + path).strip().split(" ")[0];
    }

    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }

    private static String vhost(LabHost host) {
        return "/etc/prosody/conf.avail/" + host.domain() + ".cfg.lua";
    }
}
