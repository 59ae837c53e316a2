package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.remote.FilesInDirectory;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.render.OwnedDirectory;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The managed files of one host as they are now, read in the same command as preflight ({@link Planner}).
 *
 * @param files           managed path to the file there (empty when absent)
 * @param ownedFiles      the files now in the owned directories (path to file)
 * @param vhostLinkTarget where the conf.d link points now (empty when there is no link)
 * @param pendingRestarts restarts an earlier run left due (from the marker on the host)
 */
public record RemoteState(Map<String, Optional<RemoteFile>> files, Map<String, RemoteFile> ownedFiles,
                          Optional<String> vhostLinkTarget,
                          Set<Restart> pendingRestarts) {

    private static final HostScript READ_LINK = HostScript.named("read-link");

    public RemoteState {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        ownedFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ownedFiles));
        pendingRestarts = pendingRestarts.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(
                EnumSet.copyOf(pendingRestarts));
    }

    /** The paths the state is read from: the managed files and the pending-restart marker. */
    static List<String> paths(HostConfig host) {
        return List.of(host.paths().prosodyVhost(), host.paths().configJs(), host.paths().jicofoConf(),
                new HostStateFiles(host.domain()).pendingRestarts());
    }

    static List<FilesInDirectory> directories(List<OwnedDirectory> owned) {
        return owned.stream().map(d -> new FilesInDirectory(d.remotePath(), d.fileSuffix())).toList();
    }

    /** Answers {@code link TARGET} when the conf.d link is a symlink, else nothing (a file there is replaced too). */
    static String linkCommand(HostConfig host) {
        return READ_LINK.command(List.of(host.paths().prosodyVhostLink()));
    }

    /**
     * The state from what was read: {@code read} as {@link #paths} and {@link #directories} gave it, {@code link}
     * the answer of {@link #linkCommand}.
     */
    static RemoteState of(HostConfig host, Map<String, Optional<RemoteFile>> read, CommandResult link) {
        List<String> managed = paths(host);
        String marker = new HostStateFiles(host.domain()).pendingRestarts();
        Map<String, Optional<RemoteFile>> files = new LinkedHashMap<>();
        Map<String, RemoteFile> ownedFiles = new LinkedHashMap<>();
        read.forEach((path, file) -> {
            if (managed.contains(path) && !path.equals(marker)) {
                files.put(path, file);
            } else if (!managed.contains(path) && file.isPresent()) {
                ownedFiles.put(path, file.get());
            }
        });
        String linkAnswer = link.stdoutText();
        Optional<String> linkTarget = linkAnswer.startsWith("link ")
                ? Optional.of(linkAnswer.substring(5).strip()) : Optional.empty();
        Set<Restart> pending = EnumSet.noneOf(Restart.class);
        Optional<RemoteFile> pendingFile = read.getOrDefault(marker, Optional.empty());
        if (pendingFile.isPresent()) {
            for (String line : new String(pendingFile.get().content(), StandardCharsets.UTF_8).split("\n")) {
                for (Restart restart : Restart.values()) {
                    if (restart.key().equals(line.strip())) {
                        pending.add(restart);
                    }
                }
            }
        }
        return new RemoteState(files, ownedFiles, linkTarget, pending);
    }

    /** A managed file or a file of an owned directory; empty when there is none. */
    public Optional<RemoteFile> file(String path) {
        return files.getOrDefault(path, Optional.ofNullable(ownedFiles.get(path)));
    }
}
