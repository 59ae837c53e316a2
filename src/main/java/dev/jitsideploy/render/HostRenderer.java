package dev.jitsideploy.render;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.secrets.Secret;
import java.nio.file.Path;

/** Renders the managed files of one host from the templates. */
public final class HostRenderer {

    private final Path templates;

    /** @param templates the templates directory (the inventory's {@code templates}, else the built-in one) */
    public HostRenderer(Path templates) {
        this.templates = templates;
    }

    /**
     * Renders the Prosody vhost, config.js and jicofo.conf of {@code host}.
     *
     * @param appSecret        the resolved {@code auth.app_secret}
     * @param carriedOver      values read from the host's current vhost file ({@link CarriedOverValues#none()} if none)
     * @param currentJicofoConf the host's current jicofo.conf text, or null when it has none (then the documented
     *                         stock skeleton is used and a note says so)
     * @throws InvalidInputException when a template is missing, broken or refers to an unknown variable
     */
    public RenderedHost render(HostConfig host, Secret appSecret, CarriedOverValues carriedOver,
                               String currentJicofoConf) throws InvalidInputException {
        throw new UnsupportedOperationException("not implemented yet: " + templates);
    }
}
