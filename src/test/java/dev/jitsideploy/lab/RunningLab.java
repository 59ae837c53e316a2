package dev.jitsideploy.lab;

import dev.jitsideploy.remote.ShellQuoting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** A lab that {@link LabExtension} made sure is running: its hosts, client files and a way into each host. */
public final class RunningLab {

    /** Where lab.sh keeps each host's directories; the namespace holder's pid is in labK/namespace.pid. */
    public static final Path STATE = Path.of("/var/lib/jitsi-deploy-lab");

    private final LabScript script;
    private final List<LabHost> hosts;

    RunningLab(LabScript script, int hostCount) {
        this.script = script;
        this.hosts = IntStream.rangeClosed(1, hostCount).mapToObj(LabHost::of).toList();
    }

    public List<LabHost> hosts() {
        return hosts;
    }

    /** Host labK, K from 1. */
    public LabHost host(int number) {
        return hosts.get(number - 1);
    }

    public LabScript script() {
        return script;
    }

    public Path inventory() {
        return script.inventory();
    }

    public Path identityFile() {
        return script.clientDirectory().resolve("id_ed25519");
    }

    public Path knownHosts() {
        return script.clientDirectory().resolve("known_hosts");
    }

    public Path caFile() {
        return script.clientDirectory().resolve("ca.crt");
    }

    /** The HS256 app secret the lab inventory names (a test secret; never print it). */
    public String appSecret() throws IOException {
        return Files.readString(script.clientDirectory().resolve("app_secret"), StandardCharsets.UTF_8).strip();
    }

    /**
     * Pid (as seen from this machine) of the process holding the host's namespaces: a systemd host's systemd, PID 1
     * inside it; a SysV host's holder process.
     */
    public long namespacePid(LabHost host) throws IOException {
        return Long.parseLong(Files.readString(STATE.resolve(host.name()).resolve("namespace.pid")).strip());
    }

    /** Whether the host runs its own systemd (a PID namespace of its own), rather than SysV init scripts. */
    public boolean isSystemd(LabHost host) throws IOException {
        return !Files.readSymbolicLink(Path.of("/proc/" + namespacePid(host) + "/ns/pid"))
                .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));
    }

    /** The user the lab inventory logs in as: deploy (through sudo) on systemd hosts, root on SysV hosts. */
    public String loginUser(LabHost host) throws IOException {
        return isSystemd(host) ? "deploy" : "root";
    }

    /** The host whose sudo wants a password ({@code lab up --sudo-password}), if any. */
    public java.util.Optional<LabHost> sudoPasswordHost() throws IOException {
        Path file = STATE.resolve("sudo-password-host");
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        String name = Files.readString(file).strip();
        return hosts.stream().filter(host -> host.name().equals(name)).findFirst();
    }

    /** That host's sudo password file (inventories/lab/sudo_password, 0600); never print its content. */
    public Path sudoPasswordFile() {
        return script.clientDirectory().resolve("sudo_password");
    }

    /**
     * Whether a process with this pid runs. A zombie counts as gone: this machine's init may reap the lab's
     * orphaned daemons only a while after they exit.
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false; // no /proc entry: no such process
        }
    }

    /**
     * Runs {@code sh -c command} inside the host (its mount namespace, and on a systemd host its PID and UTS
     * namespaces too, so that systemctl, pids and the host name are the host's own), as root and without SSH, and
     * returns its standard output; fails on a non-zero exit or after 60 s.
     */
    public String exec(LabHost host, String command) throws IOException, InterruptedException {
        return exec(host, command, new byte[0]);
    }

    /**
     * Restarts Prosody, then jicofo, in {@code host} and returns once Prosody listens again on the host's address:
     * c2s (5222) and HTTP (5280: BOSH and WebSocket behind nginx), or after 30 s. {@code service prosody restart}
     * returns as soon as Prosody's process has started, before it has read its configuration and opened its ports,
     * and a verify started at once (a few hundred ms on a fast machine) met nginx's 502 for every probe.
     */
    public void restartProsodyAndJicofo(LabHost host) throws IOException, InterruptedException {
        exec(host, "service prosody restart >/dev/null && service jicofo restart >/dev/null");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(listens(host, 5222) && listens(host, 5280)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** How many lines of {@code file} in {@code host} match {@code pattern} (grep's basic regex); 0 without it. */
    public int logLines(LabHost host, String file, String pattern) throws IOException, InterruptedException {
        return Integer.parseInt(exec(host, "grep -c -- " + ShellQuoting.quote(pattern) + " " + ShellQuoting.quote(file)
                + " || true").strip());
    }

    /**
     * {@link #logLines} after waiting up to 30 s for more than {@code above}: a service that was just restarted writes
     * its log lines as it starts.
     */
    public int awaitLogLines(LabHost host, String file, String pattern, int above)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int lines = logLines(host, file, pattern);
        while (lines <= above && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lines = logLines(host, file, pattern);
        }
        return lines;
    }

    /** Whether a TCP socket listens on the host's address and {@code port} (the hosts share this network namespace). */
    private static boolean listens(LabHost host, int port) throws IOException {
        String[] octets = host.address().split("\\.");
        String local = String.format("%02X%02X%02X%02X:%04X", Integer.parseInt(octets[3]), Integer.parseInt(octets[2]),
                Integer.parseInt(octets[1]), Integer.parseInt(octets[0]), port);
        try (var lines = Files.lines(Path.of("/proc/net/tcp"))) {
            return lines.map(String::trim).map(line -> line.split("\\s+"))
                    .anyMatch(fields -> fields.length > 3 && fields[1].equals(local) && fields[3].equals("0A"));
        }
    }

    /**
     * As {@link #exec(LabHost, String)}, with {@code input} on the command's standard input: the way to hand a host a
     * local file (the checkout may be where a host cannot see it, e.g. under /tmp, which each systemd host has of
     * its own) or a secret (never on a command line).
     */
    public String exec(LabHost host, String command, byte[] input) throws IOException, InterruptedException {
        List<String> enter = new java.util.ArrayList<>(List.of("nsenter", "-t", Long.toString(namespacePid(host)),
                "-m"));
        if (isSystemd(host)) {
            enter.addAll(List.of("-p", "-u"));
        }
        enter.addAll(List.of("--", "sh", "-c", command));
        Process process = new ProcessBuilder(enter).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("'" + command + "' on " + host.name() + " did not finish within 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("'" + command + "' on " + host.name() + " exited " + process.exitValue() + ": "
                    + text);
        }
        return text;
    }

    /**
     * Starts the lab's bastion host (src/lab/bastion.sh, as {@code lab up --bastion} does) for this lab's hosts; it
     * is also stopped by {@code lab down}.
     */
    public void startBastion() throws IOException, InterruptedException {
        bastion("up", Integer.toString(hosts.size()));
    }

    public void stopBastion() throws IOException, InterruptedException {
        bastion("down");
    }

    /** The bastion sshd's log (LogLevel VERBOSE): one "Accepted publickey for jump" line per login. */
    public Path bastionLog() {
        return STATE.resolve("bastion/sshd.log");
    }

    /** Host K's sshd log, as its sshd writes it (the host's private /var/log, read inside the host). */
    public List<String> sshdLog(LabHost host) throws IOException, InterruptedException {
        return exec(host, "cat /var/log/sshd.log 2>/dev/null || true").lines().toList();
    }

    private void bastion(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash",
                script.home().resolve("src/lab/bastion.sh").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JITSIDEPLOY_HOME", script.home().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("bastion.sh " + String.join(" ", arguments) + " failed: " + output);
        }
    }

    /** Every host's Prosody pid, in host order: a restart shows as a changed pid. */
    public List<String> prosodyPids() throws IOException, InterruptedException {
        List<String> pids = new java.util.ArrayList<>();
        for (LabHost host : hosts) {
            pids.add(prosodyPid(host));
        }
        return pids;
    }

    /**
     * The host's Prosody pid: systemd's MainPID of prosody.service on a systemd host ("0" when it does not run), the
     * pid file on a SysV host. A restart shows as a changed pid.
     */
    public String prosodyPid(LabHost host) throws IOException, InterruptedException {
        return mainPid(host, "prosody");
    }

    /** The main pid of a service (systemd: MainPID; SysV: its pid file), as the host numbers its processes. */
    public String mainPid(LabHost host, String service) throws IOException, InterruptedException {
        if (isSystemd(host)) {
            return exec(host, "systemctl show -p MainPID --value " + service + ".service").strip();
        }
        String pidFile = service.equals("prosody") ? "/run/prosody/prosody.pid" : "/run/" + service + ".pid";
        return exec(host, "cat " + pidFile).strip();
    }

    /** Whether the host's service manager says the service runs. */
    public boolean isActive(LabHost host, String service) throws IOException, InterruptedException {
        String check = isSystemd(host) ? "systemctl is-active --quiet " + service + ".service"
                : "service " + service + " status >/dev/null";
        return exec(host, check + " && echo yes || echo no").strip().equals("yes");
    }

    /**
     * Takes the host's sshd away with every session it serves, as when a host is lost: a connection the tool already
     * holds drops too. On a systemd host the service is stopped and every sshd left in the host (the sessions, which
     * ssh.service's KillMode=process leaves alone) is killed; on a SysV host the listener's children, then the
     * listener.
     */
    public void loseSshd(LabHost host) throws IOException, InterruptedException {
        if (isSystemd(host)) {
            exec(host, "systemctl stop ssh.service; pkill -KILL -x sshd || true");
            return;
        }
        exec(host, "listener=$(cat /run/sshd.pid); pkill -P \"$listener\"; kill \"$listener\"");
    }

    /** Starts the host's sshd again unless it runs (after {@link #loseSshd}). */
    public void restoreSshd(LabHost host) throws IOException, InterruptedException {
        if (isSystemd(host)) {
            exec(host, "systemctl start ssh.service");
            return;
        }
        exec(host, "[ -s /run/sshd.pid ] && kill -0 $(cat /run/sshd.pid) 2>/dev/null || /usr/sbin/sshd -f "
                + STATE.resolve(host.name()).resolve("ssh/sshd_config") + " -E /var/log/sshd.log");
    }
}
