package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import java.util.List;
import java.util.Set;

/**
 * What apply would do on one host.
 *
 * @param host        the host
 * @param preflight   the checks made before anything is touched
 * @param changes     one entry per managed file, in the order they are written
 * @param deletions   files in owned directories that are not rendered any more (retired keys); they restart nothing
 * @param linkToFix   the conf.d link is missing or points elsewhere (it gets {@code linkTarget})
 * @param linkTarget  what the conf.d link must point at
 * @param restarts    services to restart, in restart order (changed files plus restarts left due by a failed run)
 * @param pendingFromEarlierRun restarts that are due because an earlier run did not finish them
 * @param notes       things worth telling the operator (from rendering)
 * @param auth        the token credentials this plan deploys and those the host runs now (fingerprints)
 */
public record HostPlan(HostConfig host, List<PreflightCheck> preflight, List<FileChange> changes,
                       List<FileDeletion> deletions, boolean linkToFix,
                       String linkTarget, List<Restart> restarts, Set<Restart> pendingFromEarlierRun,
                       List<String> notes, AuthSwitch auth) {

    public HostPlan {
        preflight = List.copyOf(preflight);
        changes = List.copyOf(changes);
        deletions = List.copyOf(deletions);
        restarts = List.copyOf(restarts);
        pendingFromEarlierRun = Set.copyOf(pendingFromEarlierRun);
        notes = List.copyOf(notes);
    }

    public boolean preflightPassed() {
        return preflight.stream().allMatch(PreflightCheck::passed);
    }

    /** Files to write: new content or new owner/mode. */
    public List<FileChange> filesToWrite() {
        return changes.stream().filter(c -> c.kind() != FileChange.Kind.UNCHANGED).toList();
    }

    /** Every path apply writes or deletes: what its backup must hold. */
    public List<String> pathsToChange() {
        return java.util.stream.Stream.concat(filesToWrite().stream().map(FileChange::path),
                deletions.stream().map(FileDeletion::path)).toList();
    }

    public boolean hasChanges() {
        return !filesToWrite().isEmpty() || !deletions.isEmpty() || linkToFix || !restarts.isEmpty();
    }
}
