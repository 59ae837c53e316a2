package dev.jitsideploy.plan;

import dev.jitsideploy.remote.OwnerAndMode;
import dev.jitsideploy.render.RenderedFile;
import java.util.Optional;

/**
 * What apply would do to one managed file.
 *
 * @param file           the file as rendered (its bytes are what gets written)
 * @param kind           created, changed or unchanged
 * @param contentChanged the bytes differ (a changed secret can make that true while the redacted diff is empty)
 * @param target         owner and mode the file gets
 * @param current        owner and mode it has now (empty when it does not exist)
 * @param redactedDiff   unified diff with every secret shown as «redacted»; empty when nothing visible changes
 * @param currentSha256  sha256 of the bytes on the host now (empty when it does not exist): a saved plan checks it
 */
public record FileChange(RenderedFile file, Kind kind, boolean contentChanged, OwnerAndMode target,
                         Optional<OwnerAndMode> current, String redactedDiff, Optional<String> currentSha256) {

    public enum Kind { CREATED, CHANGED, UNCHANGED }

    public String path() {
        return file.remotePath();
    }

    public boolean attributesChanged() {
        return current.isPresent() && !current.get().equals(target);
    }
}
