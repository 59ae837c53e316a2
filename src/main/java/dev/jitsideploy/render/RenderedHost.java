package dev.jitsideploy.render;

import dev.jitsideploy.inventory.HostConfig;
import java.util.List;

/**
 * Every file rendered for one host, plus notes worth telling the operator (e.g. "no TURN secret to carry over").
 * The Prosody symlink ({@code paths().prosodyVhostLink()}) is not a file here; whoever applies creates it.
 */
public record RenderedHost(HostConfig host, List<RenderedFile> files, List<String> notes) {

    public RenderedHost {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }
}
