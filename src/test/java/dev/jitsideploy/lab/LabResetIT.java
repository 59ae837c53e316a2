package dev.jitsideploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lab reset} undoes what a test did to a host; a second {@code lab up} reuses or refuses, never breaks. */
class LabResetIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(2);

    @Test
    void resetPutsManagedFilesBackAndRestartsTheServices() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String vhost = "/etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua";
        lab.exec(lab1, "echo '-- edited by a test' >> " + vhost + " && sed -i 's/jitsi-anonymous/token/' " + vhost
                + " && echo changed > /etc/jitsi/jicofo/jicofo.conf && rm /etc/nginx/sites-enabled/" + lab1.domain()
                + ".conf");
        String prosodyBefore = lab.prosodyPid(lab1);
        // The tool's state directory is each host's own: lab2 does not see what lab1 keeps there.
        lab.exec(lab1, "mkdir -p /var/lib/jitsi-deploy/backups && echo lab1 > /var/lib/jitsi-deploy/last");
        assertThat(lab.exec(lab.host(2), "ls -A /var/lib/jitsi-deploy")).isEmpty();

        List<String> output = new ArrayList<>();
        assertThat(lab.script().run(LabScript.Action.RESET, null, output::add)).as("%s", output).isZero();

        // the quick install's file as lab.sh writes it from src/lab/host/jitsi-meet.cfg.lua
        assertThat(lab.exec(lab1, "cat " + vhost))
                .contains("authentication = \"jitsi-anonymous\" -- do not delete me")
                .contains("--app_id=\"example_app_id\"").doesNotContain("edited by a test");
        assertThat(lab.exec(lab1, "cat /etc/jitsi/jicofo/jicofo.conf")).contains("username: \"focus\"");
        assertThat(lab.exec(lab1, "ls /etc/nginx/sites-enabled")).contains(lab1.domain() + ".conf");
        assertThat(lab.prosodyPid(lab1)).isNotEqualTo(prosodyBefore);
        for (String service : List.of("prosody", "nginx", "jicofo", "jitsi-videobridge2")) {
            assertThat(lab.isActive(lab1, service)).as(service).isTrue();
        }
        assertThat(lab.exec(lab1, "ls -A /var/lib/jitsi-deploy")).as("reset clears the tool's state").isEmpty();
    }

    @Test
    void secondUpReusesARunningLabOfTheSameSizeAndRefusesAnotherSize() throws Exception {
        RunningLab lab = LAB.lab();
        int size = lab.hosts().size();
        List<String> same = new ArrayList<>();
        assertThat(lab.script().run(LabScript.Action.UP, size, same::add)).isZero();
        assertThat(same).anyMatch(line -> line.contains("already running with " + size + " hosts"));
        List<String> other = new ArrayList<>();
        assertThat(lab.script().run(LabScript.Action.UP, size == 10 ? 1 : size + 1, other::add)).isEqualTo(1);
        assertThat(other).anyMatch(line -> line.contains("is already running; run 'lab down' first"));
        List<String> status = new ArrayList<>();
        assertThat(lab.script().run(LabScript.Action.STATUS, null, status::add)).isZero();
        assertThat(status).filteredOn(line -> line.startsWith("lab")).hasSize(size)
                .allSatisfy(line -> assertThat(line).doesNotContain("DOWN"));
    }
}
