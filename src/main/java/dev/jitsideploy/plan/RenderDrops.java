package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the rendered vhost and config.js would drop from the host's current ones ({@link VhostDrops},
 * {@link ConfigJsDrops}), and why the vhost could not be compared when it could not.
 *
 * @param vhostProblem why the current vhost could not be read as a configuration; empty when it was compared
 */
public record RenderDrops(List<Drop> configJs, List<Drop> vhost, Optional<String> vhostProblem) {

    public RenderDrops {
        configJs = List.copyOf(configJs);
        vhost = List.copyOf(vhost);
    }

    /**
     * @param currentVhost    the host's vhost file, or null when it has none (nothing to drop)
     * @param currentConfigJs the host's config.js, or null when it has none
     */
    public static RenderDrops of(HostConfig host, byte[] currentVhost, byte[] renderedVhost, byte[] currentConfigJs,
                                 byte[] renderedConfigJs) {
        // A file the render leaves byte for byte as it is loses nothing: no need to run it (Rhino, LuaJ), which is
        // what a host already applied (the usual plan) and half of every apply's fixed-point check come to.
        List<Drop> configJs = currentConfigJs == null || Arrays.equals(currentConfigJs, renderedConfigJs) ? List.of()
                : ConfigJsDrops.of(currentConfigJs, renderedConfigJs);
        if (currentVhost == null || Arrays.equals(currentVhost, renderedVhost)) {
            return new RenderDrops(configJs, List.of(), Optional.empty());
        }
        ProsodyConfig.Outcome current = ProsodyConfig.read(currentVhost);
        ProsodyConfig.Outcome planned = ProsodyConfig.read(renderedVhost);
        if (current.config().isEmpty()) {
            return new RenderDrops(configJs, List.of(), Optional.of(current.problem()));
        }
        if (planned.config().isEmpty()) {
            return new RenderDrops(configJs, List.of(), Optional.of("the rendered file: " + planned.problem()));
        }
        return new RenderDrops(configJs, VhostDrops.of(host, current.config().get(), planned.config().get()),
                Optional.empty());
    }

    /** Both files' drops, config.js first. */
    public List<Drop> all() {
        List<Drop> all = new ArrayList<>(configJs);
        all.addAll(vhost);
        return all;
    }

    /** The plan's notes: one per file that loses something, and one when the vhost could not be compared. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        Drop.note("config.js", configJs).ifPresent(notes::add);
        Drop.note("vhost", vhost).ifPresent(notes::add);
        vhostProblem.ifPresent(problem -> notes.add("vhost: the host's current file could not be read as a Prosody"
                + " configuration here (" + problem + "), so what the render drops from it is not listed"));
        return notes;
    }
}
