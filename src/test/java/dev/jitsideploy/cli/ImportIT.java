package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking over a customised lab host: plan names what the render would drop from its config.js (which has the
 * installer's SSI, p2p.stunServers and analytics) and from its vhost (a custom module and setting added here), each
 * with its key; the SSI is kept; {@code import --host} output pasted into the inventory makes the next plan drop
 * nothing that a key can keep, and the host is read only.
 */
class ImportIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    @TempDir
    Path work;

    @Test
    void planListsTheDropsAndImportedSettingsKeepThem() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String vhost = "/etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua";
        String configJs = "/etc/jitsi/meet/" + lab1.domain() + "-config.js";
        lab.exec(lab1, "rm -rf /var/lib/jitsi-deploy/" + lab1.domain());
        // An operator's own additions to the installer's vhost: a module and a setting on the token VirtualHost.
        lab.exec(lab1, "sed -i '/^VirtualHost \"" + lab1.domain() + "\"/,/^Component/ s/^\\t\\t\"ping\";$/"
                + "\\t\\t\"ping\";\\n\\t\\t\"my_custom_module\";/; s/^VirtualHost \"" + lab1.domain() + "\"$/&\\n"
                + "\\tmy_custom_setting = \"kept\"/' " + vhost);
        assertThat(lab.exec(lab1, "cat " + vhost)).contains("\t\t\"my_custom_module\";")
                .contains("\tmy_custom_setting = \"kept\"");
        String vhostBefore = lab.exec(lab1, "sha256sum " + vhost + " " + configJs);

        CliRun plan = cli("plan", "-i", lab.inventory().toString(), "--limit", "lab1");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(ExitCode.OK);
        String configNote = note(plan.out(), "config.js: the render drops ");
        assertThat(configNote).contains("p2p.stunServers (keep it with config_js.extra.p2p)")
                .contains("analytics (keep it with config_js.extra.analytics)")
                // the installer's SSI expressions are carried over, so they are not dropped
                .doesNotContain("uses SSI");
        assertThat(plan.out()).contains("muc: 'conference.<!--# echo var=\"subdomain\" default=\"\" -->"
                + lab1.domain() + "'");
        String vhostNote = note(plan.out(), "vhost: the render drops ");
        assertThat(vhostNote).contains(lab1.domain() + ": module my_custom_module (keep it with"
                        + " prosody.vhost_modules)")
                .contains(lab1.domain() + ": my_custom_setting (keep it with"
                        + " prosody.vhost_settings.my_custom_setting)");
        System.out.println("ImportIT plan notes before import:\n" + configNote + "\n" + vhostNote);

        CliRun imported = cli("import", "-i", lab.inventory().toString(), "--host", "lab1");

        assertThat(imported.exitCode()).as(imported.all()).isEqualTo(ExitCode.OK);
        assertThat(imported.out()).contains("my_custom_module").contains("my_custom_setting: kept")
                .contains("stunServers").contains("analytics: {}");
        System.out.println("ImportIT import output:\n" + imported.out());
        assertThat(lab.exec(lab1, "sha256sum " + vhost + " " + configJs)).as("import changes nothing")
                .isEqualTo(vhostBefore);

        String pasted = imported.out().lines().filter(line -> !line.startsWith("#"))
                .map(line -> "        " + line).collect(Collectors.joining("\n"));
        Path inventory = LabInventoryCopy.withReplacements(lab, work, Map.of(
                "        public_url: https://" + lab1.domain() + "/\n",
                "        public_url: https://" + lab1.domain() + "/\n" + pasted + "\n"));
        CliRun next = cli("plan", "-i", inventory.toString(), "--limit", "lab1");

        assertThat(next.exitCode()).as(next.all()).isEqualTo(ExitCode.OK);
        assertThat(next.out()).doesNotContain("config.js: the render drops").doesNotContain("(keep it with");
        assertThat(next.out()).contains("+        \"my_custom_module\";").contains("+    my_custom_setting = \"kept\"");
        System.out.println("ImportIT plan notes after import:\n" + next.out().lines()
                .filter(line -> line.contains("note: ")).collect(Collectors.joining("\n")));
    }

    private static String note(String out, String start) {
        return out.lines().map(String::strip).filter(line -> line.startsWith("note: " + start)).findFirst()
                .orElseThrow(() -> new AssertionError("no note starting '" + start + "' in:\n" + out));
    }

    private CliRun cli(String... args) {
        return CliRun.run(work, System.getenv(), args);
    }
}
