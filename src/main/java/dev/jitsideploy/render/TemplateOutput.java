package dev.jitsideploy.render;

import dev.jitsideploy.inventory.Location;
import java.util.List;

/**
 * The text a template rendered and, for each of its lines, the template line that wrote the line's first character,
 * so an error found in the rendered file (a Lua syntax error) can point at the template the operator edits.
 *
 * @param origins one per line of {@code text}, in order
 */
record TemplateOutput(String text, List<Location> origins) {

    TemplateOutput {
        origins = List.copyOf(origins);
    }

    /** The template location that wrote 1-based {@code renderedLine} (the last line's for a line past the end). */
    Location originOf(int renderedLine, Location fallback) {
        if (origins.isEmpty()) {
            return fallback;
        }
        return origins.get(Math.max(0, Math.min(renderedLine, origins.size()) - 1));
    }
}
