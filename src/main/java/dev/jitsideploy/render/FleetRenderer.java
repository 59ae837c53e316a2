package dev.jitsideploy.render;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.secrets.HostCredentials;
import dev.jitsideploy.secrets.PublicKeyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders hosts of an inventory offline (no remote state: nothing carried over, jicofo.conf from the skeleton), as
 * {@code validate} and {@code render} do. Problems of all hosts are collected and thrown together.
 */
public final class FleetRenderer {

    private final FleetCredentials credentials;

    /** @param credentials the token credentials of the hosts to render (placeholders where validate lets them be) */
    public FleetRenderer(FleetCredentials credentials) {
        this.credentials = credentials;
    }

    /** The result: one rendering per host and the warnings found on the way (e.g. a secret that was not checked). */
    public record Outcome(List<RenderedHost> hosts, List<InputProblem> warnings) {
        public Outcome {
            hosts = List.copyOf(hosts);
            warnings = List.copyOf(warnings);
        }
    }

    /** Renders {@code hosts}; the warnings are those of their credentials. */
    public Outcome render(Inventory inventory, List<HostConfig> hosts) throws InvalidInputException {
        HostRenderer renderer = new HostRenderer(inventory.templates());
        List<InputProblem> problems = new ArrayList<>();
        List<RenderedHost> rendered = new ArrayList<>();
        Map<Path, List<PublicKeyFile>> keyFiles = new HashMap<>();
        for (HostConfig host : hosts) {
            HostCredentials hostCredentials = credentials.of(host);
            try {
                rendered.add(renderer.render(host, hostCredentials.appSecret().orElse(null),
                        publicKeys(hostCredentials, keyFiles), CarriedOverValues.none(), null));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        List<InputProblem> distinct = problems.stream().distinct().toList();
        if (!distinct.isEmpty()) {
            throw new InvalidInputException(distinct);
        }
        return new Outcome(rendered, credentials.warnings());
    }

    /** The published key files of the host's key directory, read once per directory (none for HS256). */
    private static List<PublicKeyFile> publicKeys(HostCredentials hostCredentials,
                                                  Map<Path, List<PublicKeyFile>> loaded) throws InvalidInputException {
        if (!(hostCredentials instanceof HostCredentials.Rs256 keys)) {
            return hostCredentials.publishedKeys();
        }
        List<PublicKeyFile> files = loaded.get(keys.keysDir());
        if (files == null) {
            files = keys.publishedKeys();
            loaded.put(keys.keysDir(), files);
        }
        return files;
    }
}
