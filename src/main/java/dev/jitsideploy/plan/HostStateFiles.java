package dev.jitsideploy.plan;

/** Where jitsi-deploy keeps its own state on a host: the pending-restart marker and the per-run backups. */
public final class HostStateFiles {

    public static final String DIRECTORY = "/var/lib/jitsi-deploy";
    /** Services whose restart is due; written before files are swapped, removed once every restart worked. */
    public static final String PENDING_RESTARTS = DIRECTORY + "/pending-restarts";
    /** One directory per apply run that replaced files: {@code <run>/manifest} and {@code <run>/files/<path>}. */
    public static final String BACKUPS = DIRECTORY + "/backups";
    /** Holds the name of the last run's backup directory. */
    public static final String LAST_BACKUP = BACKUPS + "/last";

    private HostStateFiles() {
    }
}
