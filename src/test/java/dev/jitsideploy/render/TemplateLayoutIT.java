package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.cli.ExitCode;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rendered vhost, loaded by the lab's Prosody, follows the current quick-install layout: no module of its own
 * logs a deprecation (the lab's stand-ins warn, as current Jitsi plugins do, for speakerstats, av_moderation,
 * room_metadata and end_conference loaded as VirtualHost modules), and every module it names loads.
 */
class TemplateLayoutIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    @Test
    void theRenderedVhostLoadsWithoutADeprecationWarningAndEveryModuleLoads() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String log = "/var/log/prosody/prosody.log";
        // the quick-install file the lab starts from still loads the old vhost modules: the check can fail. The lab's
        // reset has just restarted Prosody, which logs its modules' warnings as it loads them: wait for them.
        assertThat(lab.awaitLogLines(lab1, log, "deprecated", 0)).isNotEqualTo(0);
        lab.exec(lab1, "service prosody stop >/dev/null && : > " + log);

        CliRun apply = cli("apply", "-i", lab.inventory().toString(), "--yes", "--limit", "lab1");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        String loaded = lab.exec(lab1, "cat " + log);
        assertThat(loaded).as("the log of the Prosody that loaded the rendered vhost")
                .contains("mod_features_identity on lab1.jitsi.test")
                .contains("mod_muc_password_whitelist on conference.lab1.jitsi.test")
                .contains("mod_filesharing_component on filesharing.lab1.jitsi.test")
                .doesNotContain("Unable to load module")
                .doesNotContainPattern("module '[^']+' not found");
        // Prosody's own note on the installer's cross_domain_bosh (Prosody 0.12 replaced it by its CORS settings) is
        // the only deprecation left, and it is not a module's
        assertThat(loaded.lines().filter(line -> line.contains("deprecated")).toList())
                .allSatisfy(line -> assertThat(line).contains("mod_bosh").contains("'cross_domain_bosh' option"));
        String vhost = lab.exec(lab1, "cat /etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua");
        assertThat(vhost).contains("cross_domain_bosh = false").contains("protocol = \"tlsv1_2+\"")
                .contains("muc_password_whitelist = { \"focus@auth.lab1.jitsi.test\" }")
                .contains("smacks_hibernation_time = 15");
    }

    private static CliRun cli(String... args) {
        return CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), args);
    }
}
