package dev.jitsideploy.plan;

/**
 * Where jitsi-deploy keeps its own state on a host: the pending-restart marker and the per-run backups, under
 * {@code /var/lib/jitsi-deploy/<domain>/}. Keyed by the XMPP domain so that two Jitsi domains served from one
 * machine (or lab hosts sharing one /var/lib) never mix their backups or markers.
 */
public record HostStateFiles(String domain) {

    private static final String ROOT = "/var/lib/jitsi-deploy";

    public String directory() {
        return ROOT + "/" + domain;
    }

    /** Services whose restart is due; written before files are swapped, removed once every restart worked. */
    public String pendingRestarts() {
        return directory() + "/pending-restarts";
    }

    /** One directory per apply run that replaced files: {@code <run>/manifest} and {@code <run>/files/<path>}. */
    public String backups() {
        return directory() + "/backups";
    }

    /** Holds the name of the last run's backup directory. */
    public String lastBackup() {
        return backups() + "/last";
    }
}
