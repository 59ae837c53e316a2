package dev.jitsideploy.deploy;

import dev.jitsideploy.plan.AuthSwitch;
import dev.jitsideploy.plan.HostStateFiles;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.secrets.AuthFingerprint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Per-run backups on the host, done by the scripts {@code host/backup-*.sh}: {@code backups/<run>/files/<path>} holds
 * each file as it was, {@code backups/<run>/entries} per path whether it was replaced or created and the hash of what
 * the run wrote there (NUL-separated: a path may end in blanks), {@code backups/<run>/auth} the fingerprints of the
 * token credentials the run deployed and replaced, {@code backups/last} names the run. Root-only (they hold secrets).
 */
final class Backups {

    static final String REPLACED = "replaced";
    static final String CREATED = "created";
    /** What an entry says the run wrote where it deleted the file. */
    static final String DELETED = "deleted";
    /** The exit status of backup-describe.sh when there is no backup to describe. */
    static final int NO_BACKUP = 3;

    private static final HostScript SAVE = HostScript.named("backup-save");
    private static final HostScript DESCRIBE = HostScript.named("backup-describe");
    private static final HostScript RESTORE = HostScript.named("backup-restore");
    private static final HostScript PRUNE = HostScript.named("backup-prune");
    private static final HostScript FORGET = HostScript.named("backup-forget");

    /** What a run does to one path: the sha256 (hex) of the bytes it writes there, or {@link #DELETED}. */
    record Written(String path, String sha256) {
    }

    /** One path of a run's backup: replaced or created, and what the run wrote there. */
    record Entry(String kind, String path, String written) {
    }

    /** A run's backup as the host holds it. */
    record Run(String run, Optional<AuthSwitch> auth, List<Entry> entries) {
        List<String> paths() {
            return entries.stream().map(Entry::path).toList();
        }
    }

    /** What the restore did with each path. */
    record Restored(List<String> restored, List<String> removed, List<String> kept) {
        List<String> changed() {
            List<String> all = new ArrayList<>(restored);
            all.addAll(removed);
            return all;
        }
    }

    private Backups() {
    }

    /** Saves each path that exists, records the others as created, then points {@code last} at this run. */
    static String save(String backups, String run, AuthSwitch auth, List<Written> paths) {
        List<String> arguments = new ArrayList<>(List.of(backups, run, auth.deployed().text(),
                auth.replaced().text()));
        for (Written path : paths) {
            arguments.add(path.path());
            arguments.add(path.sha256());
        }
        return SAVE.command(arguments);
    }

    /** Describes the last run's backup ({@link #parse}); exits {@link #NO_BACKUP} when there is none. */
    static String describeLast(String backups) {
        return DESCRIBE.command(List.of(backups));
    }

    /** The description printed by {@link #describeLast}. */
    static Run parse(byte[] description) {
        int separator = indexOf(description, "\n--\n".getBytes(StandardCharsets.US_ASCII));
        if (separator < 0) {
            throw new IllegalArgumentException("the backup description has no '--' line");
        }
        String run = null;
        AuthFingerprint deployed = null;
        AuthFingerprint replaced = null;
        for (String line : new String(description, 0, separator, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("run ")) {
                run = line.substring(4);
            } else if (line.startsWith("deployed ")) {
                deployed = AuthFingerprint.parse(line.substring(9)).orElse(null);
            } else if (line.startsWith("replaced ")) {
                replaced = AuthFingerprint.parse(line.substring(9)).orElse(null);
            }
        }
        if (run == null) {
            throw new IllegalArgumentException("the backup description names no run");
        }
        List<String> fields = nulFields(Arrays.copyOfRange(description, separator + 4, description.length));
        if (fields.size() % 3 != 0) {
            throw new IllegalArgumentException("backup " + run + ": its entries file is cut short");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < fields.size(); i += 3) {
            entries.add(new Entry(fields.get(i), fields.get(i + 1), fields.get(i + 2)));
        }
        Optional<AuthSwitch> auth = deployed != null && replaced != null
                ? Optional.of(new AuthSwitch(deployed, replaced)) : Optional.empty();
        return new Run(run, auth, entries);
    }

    /** Puts back every path of the run that still holds what the run left there ({@link #parseRestored}). */
    static String restore(String backups, Run run) {
        List<String> arguments = new ArrayList<>(List.of(backups + "/" + run.run()));
        for (Entry entry : run.entries()) {
            arguments.addAll(List.of(entry.kind(), entry.path(), entry.written()));
        }
        return RESTORE.command(arguments);
    }

    static Restored parseRestored(byte[] output) {
        List<String> fields = nulFields(output);
        List<String> restored = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            switch (fields.get(i)) {
                case "restored" -> restored.add(fields.get(i + 1));
                case "removed" -> removed.add(fields.get(i + 1));
                default -> kept.add(fields.get(i + 1));
            }
        }
        return new Restored(restored, removed, kept);
    }

    /** Deletes all but the {@code keep} newest run backups (and the last one); prints the runs deleted. */
    static String prune(String backups, int keep) {
        return PRUNE.command(List.of(backups, Integer.toString(keep)));
    }

    /** After a rollback the run is spent: a second rollback must not restore it again. */
    static String forgetLast(HostStateFiles state) {
        return FORGET.command(List.of(state.lastBackup()));
    }

    private static List<String> nulFields(byte[] bytes) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                fields.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return fields;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
