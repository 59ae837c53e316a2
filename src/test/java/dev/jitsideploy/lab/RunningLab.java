package dev.jitsideploy.lab;

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

    /** Pid of the process holding the host's mount namespace. */
    public long namespacePid(LabHost host) throws IOException {
        return Long.parseLong(Files.readString(STATE.resolve(host.name()).resolve("namespace.pid")).strip());
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
     * Runs {@code sh -c command} inside the host's mount namespace (as root, without SSH) and returns its standard
     * output; fails on a non-zero exit or after 60 s.
     */
    public String exec(LabHost host, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("nsenter", "-t", Long.toString(namespacePid(host)), "-m", "--",
                "sh", "-c", command).redirectErrorStream(true).start();
        process.getOutputStream().close();
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

    /** Host K's sshd log, as its sshd writes it (the host's private /var/log). */
    public Path sshdLog(LabHost host) {
        return STATE.resolve(host.name()).resolve("var/log/sshd.log");
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
            pids.add(exec(host, "cat /run/prosody/prosody.pid").strip());
        }
        return pids;
    }

    /**
     * Takes the host's sshd away with every session it serves (the listener's children first, then the listener),
     * as when a host is lost: a connection the tool already holds drops too.
     */
    public void loseSshd(LabHost host) throws IOException, InterruptedException {
        exec(host, "listener=$(cat /run/sshd.pid); pkill -P \"$listener\"; kill \"$listener\"");
    }

    /** Starts the host's sshd again unless it runs (after {@link #loseSshd}). */
    public void restoreSshd(LabHost host) throws IOException, InterruptedException {
        exec(host, "[ -s /run/sshd.pid ] && kill -0 $(cat /run/sshd.pid) 2>/dev/null || /usr/sbin/sshd -f "
                + STATE.resolve(host.name()).resolve("ssh/sshd_config") + " -E /var/log/sshd.log");
    }
}
