package dev.jitsideploy.deploy;

import static dev.jitsideploy.remote.ShellQuoting.quote;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
import java.time.Duration;
import java.util.Locale;

/**
 * Restarts a service through the host's service manager and waits until it is ready: the service manager says it
 * runs and, for Prosody, its client port (5222) listens on the host's address or on all addresses.
 */
final class ServiceControl {

    private static final int PROSODY_C2S_PORT = 5222;

    private final RemoteHost remote;
    private final HostConfig host;
    private final Duration timeout;

    ServiceControl(RemoteHost remote, HostConfig host, Duration timeout) {
        this.remote = remote;
        this.host = host;
        this.timeout = timeout;
    }

    /** Restarts and waits; returns null when the service is ready, else why not (no service output: it may leak). */
    String restart(Restart restart) throws RemoteException {
        String name = quote(restart.serviceName(host.services()));
        boolean sysv = host.serviceManager() == ServiceManager.SYSV;
        String command = sysv ? "service " + name + " restart" : "systemctl restart -- " + name;
        CommandResult restarted = remote.runPrivileged("restart " + restart.key(), command + " >/dev/null 2>&1",
                timeout);
        if (!restarted.succeeded()) {
            return restart.key() + " restart failed (exit status " + restarted.exitStatus() + ")";
        }
        String running = sysv ? "service " + name + " status >/dev/null 2>&1"
                : "systemctl is-active --quiet -- " + name;
        String ready = restart == Restart.PROSODY ? running + " && " + listening() : running;
        long tries = Math.max(1, timeout.toMillis() / 250);
        CommandResult waited = remote.runPrivileged("wait until " + restart.key() + " is ready", "i=0; while [ $i -lt " + tries + " ]; do if " + ready
                + "; then exit 0; fi; sleep 0.25; i=$((i+1)); done; exit 1", timeout.plusSeconds(5));
        return waited.succeeded() ? null
                : restart.key() + " did not become ready within " + timeout.toSeconds() + " s";
    }

    /** A LISTEN socket on the c2s port in /proc/net/tcp{,6}: needs no tool on the host. */
    private String listening() {
        String port = String.format(Locale.ROOT, ":%04X ", PROSODY_C2S_PORT);
        String own = hostAddressHex();
        return "grep -Eq '^ *[0-9]+: (00000000|" + (own.isEmpty() ? "" : own + "|") + "0{32})" + port + "[0-9A-F]+:[0-9A-F]+ 0A ' /proc/net/tcp /proc/net/tcp6 2>/dev/null";
    }

    /** The host's IPv4 address as /proc/net/tcp writes it (little-endian hex), or "" for a name or IPv6. */
    private String hostAddressHex() {
        String[] parts = host.ssh().address().split("\\.");
        if (parts.length != 4 || !host.ssh().address().matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return "";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            hex.append(String.format(Locale.ROOT, "%02X", Integer.parseInt(parts[i]) & 0xFF));
        }
        return hex.toString();
    }
}
