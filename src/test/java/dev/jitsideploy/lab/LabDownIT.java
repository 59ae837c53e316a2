package dev.jitsideploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lab down} leaves nothing behind: no process of any host, no mount, no /etc/hosts entry, no open port. */
class LabDownIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(2);

    @Test
    void downStopsEveryLabProcessAndLeavesNoMount() throws Exception {
        RunningLab lab = LAB.lab();
        Set<String> namespaces = new HashSet<>();
        for (LabHost host : lab.hosts()) {
            namespaces.add(Files.readSymbolicLink(Path.of("/proc/" + lab.namespacePid(host) + "/ns/mnt")).toString());
        }
        List<Long> labProcesses = processesIn(namespaces);
        // holder, sshd, prosody, nginx master + worker, jicofo, videobridge stand-in: at least 6 per host
        assertThat(labProcesses).hasSizeGreaterThanOrEqualTo(6 * lab.hosts().size());
        assertThat(Files.readString(Path.of("/etc/hosts"))).contains("# BEGIN jitsi-deploy lab");

        List<String> output = new ArrayList<>();
        assertThat(lab.script().run(LabScript.Action.DOWN, null, output::add)).as("%s", output).isZero();
        try {
            assertThat(processesIn(namespaces)).isEmpty();
            assertThat(labProcesses).noneMatch(RunningLab::isRunning);
            assertThat(Files.readAllLines(Path.of("/proc/self/mounts")))
                    .noneMatch(line -> line.contains(RunningLab.STATE.toString()))
                    .noneMatch(line -> line.contains(" /etc/prosody ") || line.contains(" /usr/share/jitsi-meet "));
            assertThat(Path.of("/sys/fs/cgroup/systemd/jitsi-deploy-lab")).as("systemd hosts' cgroups").doesNotExist();
            assertThat(Path.of("/sys/fs/cgroup/unified/jitsi-deploy-lab")).doesNotExist();
            assertThat(Files.readString(Path.of("/etc/hosts"))).doesNotContain("jitsi-deploy lab")
                    .doesNotContain("jitsi.test");
            for (LabHost host : lab.hosts()) {
                for (int port : new int[] {22, 443, 5222, 5280}) {
                    assertThat(listening(host.address(), port)).as("%s:%d", host.address(), port).isFalse();
                }
            }
            List<String> status = new ArrayList<>();
            assertThat(lab.script().run(LabScript.Action.STATUS, null, status::add)).isEqualTo(LabScript.NOT_RUNNING);
        } finally {
            // Later test classes expect a lab; bring the same one back.
            assertThat(lab.script().run(LabScript.Action.UP, lab.hosts().size(), output::add)).as("%s", output)
                    .isZero();
        }
    }

    /** Pids of every process whose mount namespace is one of these. */
    private static List<Long> processesIn(Set<String> namespaces) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (namespaces.contains(Files.readSymbolicLink(dir.resolve("ns/mnt")).toString())) {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // The process ended while we looked, or is a kernel thread without a namespace link: not ours.
                    continue;
                }
            }
        }
        return pids;
    }

    private static boolean listening(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
