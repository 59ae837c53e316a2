package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.remote.FilesInDirectory;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.render.OwnedDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The managed files of one host as they are now, read over its one SSH connection.
 *
 * @param files           managed path to the file there (empty when absent)
 * @param ownedFiles      the files now in the owned directories (path to file)
 * @param vhostLinkTarget where the conf.d link points now (empty when there is no link)
 * @param pendingRestarts restarts an earlier run left due (from the marker on the host)
 */
public record RemoteState(Map<String, Optional<RemoteFile>> files, Map<String, RemoteFile> ownedFiles,
                          Optional<String> vhostLinkTarget,
                          Set<Restart> pendingRestarts) {

    /** Exit status of the link check when there is no symlink at the path (a file there is replaced too). */
    private static final int NO_LINK = 3;

    public RemoteState {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        ownedFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ownedFiles));
        pendingRestarts = pendingRestarts.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(
                EnumSet.copyOf(pendingRestarts));
    }

    /** Reads the managed files, the marker and every file of {@code owned} in one command, then the link. */
    public static RemoteState read(RemoteHost remote, HostConfig host, List<OwnedDirectory> owned, Duration timeout)
            throws RemoteException {
        String marker = new HostStateFiles(host.domain()).pendingRestarts();
        List<String> managed = List.of(host.paths().prosodyVhost(), host.paths().configJs(),
                host.paths().jicofoConf(), marker);
        List<FilesInDirectory> directories = owned.stream()
                .map(d -> new FilesInDirectory(d.remotePath(), d.fileSuffix())).toList();
        Map<String, Optional<RemoteFile>> read = remote.readAll(managed, directories, timeout);
        Map<String, Optional<RemoteFile>> files = new LinkedHashMap<>();
        Map<String, RemoteFile> ownedFiles = new LinkedHashMap<>();
        read.forEach((path, file) -> {
            if (managed.contains(path) && !path.equals(marker)) {
                files.put(path, file);
            } else if (!managed.contains(path) && file.isPresent()) {
                ownedFiles.put(path, file.get());
            }
        });
        String link = dev.jitsideploy.remote.ShellQuoting.quote(host.paths().prosodyVhostLink());
        var answer = remote.runPrivileged("if [ -L " + link + " ]; then readlink -- " + link + "; else exit "
                + NO_LINK + "; fi", timeout);
        if (!answer.succeeded() && answer.exitStatus() != NO_LINK) {
            throw new RemoteException(host.name(), "read link " + host.paths().prosodyVhostLink(),
                    "exit status " + answer.exitStatus());
        }
        Optional<String> linkTarget = answer.succeeded() ? Optional.of(answer.stdoutText().strip())
                : Optional.empty();
        Set<Restart> pending = EnumSet.noneOf(Restart.class);
        Optional<RemoteFile> pendingFile = read.get(marker);
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
