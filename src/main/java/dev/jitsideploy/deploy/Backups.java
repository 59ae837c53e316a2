package dev.jitsideploy.deploy;

import static dev.jitsideploy.remote.ShellQuoting.quote;

import dev.jitsideploy.plan.HostStateFiles;
import java.util.List;

/**
 * The shell side of per-run backups on the host: {@code backups/<run>/files/<path>} holds each file as it was,
 * {@code backups/<run>/manifest} says per path whether it was replaced or created, {@code backups/last} names the
 * run. The backup directory is root-only (the files hold secrets).
 */
final class Backups {

    static final String REPLACED = "replaced";
    static final String CREATED = "created";

    private Backups() {
    }

    /** Saves each path that exists and records the others as created; then points {@code last} at this run. */
    static String save(HostStateFiles state, String run, List<String> paths) {
        String dir = state.backups() + "/" + run;
        StringBuilder script = new StringBuilder("set -e; umask 077; mkdir -p " + quote(dir + "/files") + "; : > "
                + quote(dir + "/manifest") + "; ");
        for (String path : paths) {
            String copy = quote(dir + "/files" + path);
            script.append("if [ -e ").append(quote(path)).append(" ]; then mkdir -p \"$(dirname ").append(copy)
                    .append(")\"; cp -pL -- ").append(quote(path)).append(' ').append(copy).append("; echo ")
                    .append(quote(REPLACED + " " + path)).append("; else echo ").append(quote(CREATED + " " + path))
                    .append("; fi >> ").append(quote(dir + "/manifest")).append("; ");
        }
        script.append("printf '%s\\n' ").append(quote(run)).append(" > ")
                .append(quote(state.lastBackup() + ".tmp")).append("; mv -f -- ")
                .append(quote(state.lastBackup() + ".tmp")).append(' ')
                .append(quote(state.lastBackup()));
        return script.toString();
    }

    /**
     * Puts every path of the run back as it was: a replaced file is copied beside the target with its saved owner
     * and mode and renamed over it; a created file is removed.
     */
    static String restore(HostStateFiles state, String run) {
        String dir = state.backups() + "/" + run;
        return "set -e; while read -r kind path; do case \"$kind\" in "
                + REPLACED + ") t=\"$(dirname \"$path\")/.$(basename \"$path\").jitsi-deploy-restore.tmp\";"
                + " cp -p -- " + quote(dir + "/files") + "\"$path\" \"$t\"; mv -f -- \"$t\" \"$path\";; "
                + CREATED + ") rm -f -- \"$path\";; esac; done < " + quote(dir + "/manifest");
    }

    /** Prints the last run's name and its manifest, or exits 1 when there is none. */
    static String describeLast(HostStateFiles state) {
        return "[ -s " + quote(state.lastBackup()) + " ] || exit 1; r=\"$(cat "
                + quote(state.lastBackup()) + ")\"; echo \"$r\"; cat -- " + quote(state.backups())
                + "/\"$r\"/manifest";
    }

    /** After a rollback the run is spent: a second rollback must not restore it again. */
    static String forgetLast(HostStateFiles state) {
        return "mv -f -- " + quote(state.lastBackup()) + " " + quote(state.lastBackup()
                + ".rolled-back");
    }
}
