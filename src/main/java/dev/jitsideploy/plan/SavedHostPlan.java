package dev.jitsideploy.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One host's part of a saved plan ({@link SavedPlan}): what each managed file is now and what apply makes of it, by
 * sha256 and owner/mode, never by content (the files hold the app secret and the installer's secrets).
 *
 * @param host       the inventory's name of the host
 * @param domain     its Jitsi domain
 * @param files      every managed file, in write order
 * @param deletions  files of the owned directories apply deletes (retired keys)
 * @param linkToFix  whether apply (re)points the conf.d link
 * @param linkTarget what the link points at afterwards
 * @param restarts   the services apply restarts, in order
 */
public record SavedHostPlan(String host, String domain, List<File> files, List<Deletion> deletions,
                            boolean linkToFix, String linkTarget, List<String> restarts) {

    public SavedHostPlan {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(linkTarget, "link_target");
        files = List.copyOf(files);
        deletions = List.copyOf(deletions);
        restarts = List.copyOf(restarts);
    }

    /**
     * A managed file.
     *
     * @param path            absolute path on the host
     * @param change          created, changed or unchanged
     * @param currentSha256   sha256 of its bytes on the host when the plan was made; null when it did not exist
     * @param plannedSha256   sha256 of the bytes apply writes (the file rendered from the inventory)
     * @param ownerMode       owner, group and mode it gets ({@code root:prosody 0640})
     * @param ownerModeBefore owner, group and mode it had; null when it did not exist
     */
    public record File(String path, String change, String currentSha256, String plannedSha256, String ownerMode,
                       String ownerModeBefore) {
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(plannedSha256, "planned_sha256");
            Objects.requireNonNull(ownerMode, "owner_mode");
        }
    }

    /** A file apply deletes, with the sha256 and owner/mode it had when the plan was made. */
    public record Deletion(String path, String currentSha256, String ownerModeBefore) {
        public Deletion {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(currentSha256, "current_sha256");
            Objects.requireNonNull(ownerModeBefore, "owner_mode_before");
        }
    }

    /** The saved form of a plan just made. */
    public static SavedHostPlan of(HostPlan plan) {
        List<File> files = plan.changes().stream().map(change -> new File(change.path(),
                change.kind().name().toLowerCase(java.util.Locale.ROOT), change.currentSha256().orElse(null),
                Sha256.hex(change.file().bytes()), change.target().toString(),
                change.current().map(Object::toString).orElse(null))).toList();
        List<Deletion> deletions = plan.deletions().stream().map(deletion -> new Deletion(deletion.path(),
                deletion.currentSha256(), deletion.current().toString())).toList();
        return new SavedHostPlan(plan.host().name(), plan.host().domain(), files, deletions, plan.linkToFix(),
                plan.linkTarget(), plan.restarts().stream().map(Restart::key).toList());
    }

    /**
     * Why {@code now} (this host planned afresh) is not this saved plan, one line each; empty when applying {@code
     * now} does exactly what was saved. The host's own changes come first ("changed since the plan was made"); what
     * the inventory renders differently is told only when the host itself is as it was, since a changed host changes
     * what is rendered too (carried-over values, the merged jicofo.conf).
     */
    public List<String> differencesFrom(SavedHostPlan now) {
        List<String> hostChanged = new ArrayList<>();
        String changed = host + " changed since the plan was made: ";
        Map<String, File> nowFiles = byPath(now.files);
        for (File saved : files) {
            File fresh = nowFiles.get(saved.path());
            if (fresh == null) {
                continue; // a file the inventory no longer renders: reported below as a rendering difference
            }
            if (!Objects.equals(saved.currentSha256(), fresh.currentSha256())) {
                hostChanged.add(changed + saved.path() + " sha256 " + shortHash(saved.currentSha256()) + " now "
                        + shortHash(fresh.currentSha256()));
            } else if (!Objects.equals(saved.ownerModeBefore(), fresh.ownerModeBefore())) {
                hostChanged.add(changed + saved.path() + " owner/mode " + saved.ownerModeBefore() + " now "
                        + fresh.ownerModeBefore());
            }
        }
        Map<String, Deletion> nowDeletions = new LinkedHashMap<>();
        now.deletions.forEach(deletion -> nowDeletions.put(deletion.path(), deletion));
        for (Deletion saved : deletions) {
            Deletion fresh = nowDeletions.remove(saved.path());
            if (fresh == null) {
                hostChanged.add(changed + saved.path() + " (to be deleted) is gone or no longer to be deleted");
            } else if (!saved.equals(fresh)) {
                hostChanged.add(changed + saved.path() + " (to be deleted) sha256 " + shortHash(saved.currentSha256())
                        + " " + saved.ownerModeBefore() + " now " + shortHash(fresh.currentSha256()) + " "
                        + fresh.ownerModeBefore());
            }
        }
        nowDeletions.keySet().forEach(path -> hostChanged.add(changed + path + " appeared (apply would delete it)"));
        if (linkToFix != now.linkToFix) {
            hostChanged.add(changed + "the conf.d link " + (linkToFix ? "was to be fixed and is right now"
                    : "was right and now needs fixing"));
        }
        if (!restarts.equals(now.restarts)) {
            hostChanged.add(changed + "restarts " + shown(restarts) + " now " + shown(now.restarts)
                    + " (an earlier run's due restarts)");
        }
        if (!hostChanged.isEmpty()) {
            return hostChanged;
        }
        List<String> renderedDifferently = new ArrayList<>();
        String rendered = host + " renders differently than when the plan was made (the inventory, a secret it"
                + " points at or a template changed): ";
        for (File saved : files) {
            File fresh = nowFiles.get(saved.path());
            if (fresh == null) {
                renderedDifferently.add(rendered + saved.path() + " is no longer rendered");
            } else if (!saved.plannedSha256().equals(fresh.plannedSha256())) {
                renderedDifferently.add(rendered + saved.path() + " planned sha256 " + shortHash(saved.plannedSha256())
                        + " now " + shortHash(fresh.plannedSha256()));
            } else if (!saved.ownerMode().equals(fresh.ownerMode())) {
                renderedDifferently.add(rendered + saved.path() + " planned owner/mode " + saved.ownerMode()
                        + " now " + fresh.ownerMode());
            }
        }
        Map<String, File> savedFiles = byPath(files);
        now.files.stream().filter(file -> !savedFiles.containsKey(file.path())).forEach(file ->
                renderedDifferently.add(rendered + file.path() + " is rendered now and was not in the plan"));
        if (!linkTarget.equals(now.linkTarget)) {
            renderedDifferently.add(rendered + "the conf.d link target " + linkTarget + " now " + now.linkTarget);
        }
        return renderedDifferently;
    }

    private static Map<String, File> byPath(List<File> files) {
        Map<String, File> byPath = new LinkedHashMap<>();
        files.forEach(file -> byPath.put(file.path(), file));
        return byPath;
    }

    /** Enough of a sha256 to tell two apart on one line; a missing file is "absent". */
    private static String shortHash(String sha256) {
        return Optional.ofNullable(sha256).map(hash -> hash.substring(0, Math.min(12, hash.length())))
                .orElse("absent");
    }

    private static String shown(List<String> restarts) {
        return restarts.isEmpty() ? "none" : String.join(",", restarts);
    }
}
