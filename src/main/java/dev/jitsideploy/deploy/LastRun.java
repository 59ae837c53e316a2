package dev.jitsideploy.deploy;

import dev.jitsideploy.plan.AuthSwitch;
import java.util.List;
import java.util.Optional;

/**
 * The run a host's rollback would undo: its id, the token credentials it deployed and replaced (empty for a backup
 * made before these were recorded), and the paths it changed.
 */
public record LastRun(String run, Optional<AuthSwitch> auth, List<String> paths) {

    public LastRun {
        paths = List.copyOf(paths);
    }
}
