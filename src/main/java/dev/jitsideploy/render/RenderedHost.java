package dev.jitsideploy.render;

import dev.jitsideploy.inventory.HostConfig;
import java.util.List;

/**
 * Every file rendered for one host, plus notes worth telling the operator (e.g. "no TURN secret to carry over").
 * The Prosody symlink ({@code paths().prosodyVhostLink()}) is not a file here; whoever applies creates it.
 * {@code ownedDirectories} are directories (the RS256 key server's) in which files not rendered here are deletions.
 */
public record RenderedHost(HostConfig host, List<RenderedFile> files, List<String> notes,
                           List<OwnedDirectory> ownedDirectories) {

    public RenderedHost {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
        ownedDirectories = List.copyOf(ownedDirectories);
    }

    /** A host with no owned directories (HS256). */
    public RenderedHost(HostConfig host, List<RenderedFile> files, List<String> notes) {
        this(host, files, notes, List.of());
    }
}
