package dev.jitsideploy.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The lab hosts are real, separate machines as far as SSH and Prosody are concerned. */
class LabHostsIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(2);

    @Test
    void sshWithStrictHostKeysReachesEveryHostAndEachSeesOnlyItsOwnProsodyConfig() throws Exception {
        RunningLab lab = LAB.lab();
        for (LabHost host : lab.hosts()) {
            try (SSHClient ssh = connect(lab, host, lab.knownHosts())) {
                assertThat(run(ssh, "ls /etc/prosody/conf.avail")).isEqualTo(host.domain() + ".cfg.lua\n");
                assertThat(run(ssh, "grep '^VirtualHost' /etc/prosody/conf.d/*.cfg.lua"))
                        .isEqualTo("VirtualHost \"" + host.domain() + "\"\nVirtualHost \"auth." + host.domain()
                                + "\"\n");
                assertThat(run(ssh, "ls /etc/jitsi/meet")).contains(host.domain() + "-config.js")
                        .doesNotContain(otherHost(lab, host).domain());
            }
        }
        // The machine itself (outside every host) has no lab configuration in the Debian paths.
        Path outside = Path.of("/etc/prosody/conf.avail");
        if (Files.isDirectory(outside)) {
            try (var files = Files.list(outside)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("jitsi.test"));
            }
        }
    }

    @Test
    void aWrongOrUnknownHostKeyIsRefused(@TempDir Path dir) throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        LabHost lab2 = lab.host(2);
        // lab2's key listed under lab1's address: what a client sees when someone else answers at that address.
        String lab2Key = Files.readAllLines(lab.knownHosts()).stream()
                .filter(line -> line.startsWith(lab2.address() + " ")).findFirst().orElseThrow()
                .substring(lab2.address().length() + 1);
        Path wrong = Files.writeString(dir.resolve("known_hosts_wrong"), lab1.address() + " " + lab2Key + "\n");
        assertThatThrownBy(() -> connect(lab, lab1, wrong).close()).isInstanceOf(TransportException.class)
                .hasMessageContaining("Could not verify");
        Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "");
        assertThatThrownBy(() -> connect(lab, lab1, empty).close()).isInstanceOf(TransportException.class);
    }

    @Test
    void restartingProsodyThroughTheServiceManagerReplacesTheProsodyProcess() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String lab2Prosody = lab.prosodyPid(lab.host(2));
        String before = lab.prosodyPid(lab1);
        try (SSHClient ssh = connect(lab, lab1, lab.knownHosts())) {
            run(ssh, lab.isSystemd(lab1) ? "sudo -n systemctl restart prosody" : "service prosody restart");
        }
        String after = lab.prosodyPid(lab1);
        assertThat(after).isNotEqualTo(before).isNotEqualTo("0");
        assertThat(lab.exec(lab1, "kill -0 " + before + " 2>/dev/null && echo alive || echo gone")).contains("gone");
        assertThat(lab.exec(lab1, "cat /proc/" + after + "/cmdline")).contains("prosody");
        assertThat(lab.isActive(lab1, "prosody")).isTrue();
        assertThat(lab.prosodyPid(lab.host(2))).isEqualTo(lab2Prosody);
    }

    @Test
    void aSystemdHostRunsItsOwnSystemdAsPid1AndRefusesRootLogins() throws Exception {
        RunningLab lab = LAB.lab();
        for (LabHost host : lab.hosts()) {
            if (!lab.isSystemd(host)) {
                continue;
            }
            try (SSHClient ssh = connect(lab, host, lab.knownHosts())) {
                assertThat(run(ssh, "cat /proc/1/comm")).isEqualTo("systemd\n");
                assertThat(run(ssh, "id -un")).isEqualTo("deploy\n");
                assertThat(run(ssh, "hostname")).isEqualTo(host.name() + "\n");
                // The login went through PAM as on a Debian server: pam_systemd registered it with logind (over
                // D-Bus), which started the login user's own systemd and its runtime directory.
                String uid = run(ssh, "id -u").strip();
                assertThat(run(ssh, "echo \"$XDG_RUNTIME_DIR\"; systemctl is-active user@" + uid + ".service"))
                        .isEqualTo("/run/user/" + uid + "\nactive\n");
                assertThat(run(ssh, "loginctl show-session \"$XDG_SESSION_ID\" -p Remote -p Service"))
                        .isEqualTo("Remote=yes\nService=sshd\n");
                String state = lab.exec(host, "systemctl is-system-running || true").strip();
                String failed = lab.exec(host, "systemctl list-units --failed --plain --no-legend");
                assertThat(state).as("failed units: %s", failed).isIn("running", "degraded");
                assertThat(failed).doesNotContain("prosody", "nginx", "ssh", "jicofo", "jitsi-videobridge2");
                if (lab.sudoPasswordHost().filter(host::equals).isEmpty()) {
                    assertThat(run(ssh, "sudo -n id -un")).isEqualTo("root\n");
                }
            }
            assertThatThrownBy(() -> connect(lab, host, lab.knownHosts(), "root").close())
                    .as("root login on %s", host.name())
                    .isInstanceOf(net.schmizz.sshj.userauth.UserAuthException.class);
        }
    }

    private static LabHost otherHost(RunningLab lab, LabHost host) {
        return lab.hosts().stream().filter(h -> !h.equals(host)).findFirst().orElseThrow();
    }

    static SSHClient connect(RunningLab lab, LabHost host, Path knownHosts) throws IOException {
        return connect(lab, host, knownHosts, lab.loginUser(host));
    }

    static SSHClient connect(RunningLab lab, LabHost host, Path knownHosts, String user) throws IOException {
        SSHClient ssh = new SSHClient();
        try {
            ssh.loadKnownHosts(knownHosts.toFile());
            ssh.setConnectTimeout(10_000);
            ssh.setTimeout(60_000);
            ssh.connect(host.address(), 22);
            ssh.authPublickey(user, ssh.loadKeys(lab.identityFile().toString()));
            return ssh;
        } catch (IOException | RuntimeException e) {
            ssh.close();
            throw e;
        }
    }

    /** Runs a command over SSH and returns its standard output; fails on a non-zero exit. */
    static String run(SSHClient ssh, String command) throws IOException {
        try (Session session = ssh.startSession()) {
            Session.Command cmd = session.exec(command);
            String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(cmd.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            cmd.join(60, TimeUnit.SECONDS);
            assertThat(cmd.getExitStatus()).as("exit status of '%s' (stderr: %s)", command, err).isZero();
            return out;
        }
    }
}
