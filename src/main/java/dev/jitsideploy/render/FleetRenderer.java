package dev.jitsideploy.render;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.SecretRef;
import dev.jitsideploy.secrets.AppSecretRules;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.PublicKeyFile;
import dev.jitsideploy.secrets.Secret;
import dev.jitsideploy.secrets.SecretResolver;
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

    /** What a secret that is not available looks like in files rendered only to check the templates. */
    private static final String PLACEHOLDER = "jitsi-deploy-placeholder-secret-not-checked-0000";

    private final SecretResolver secrets;

    public FleetRenderer(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /** The result: one rendering per host and the warnings found on the way (e.g. a secret that was not checked). */
    public record Outcome(List<RenderedHost> hosts, List<InputProblem> warnings) {
        public Outcome {
            hosts = List.copyOf(hosts);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Renders {@code hosts}.
     *
     * @param secretsRequired false for {@code validate}: a secret that is not available (an unset variable) is then a
     *                        warning and a placeholder is rendered instead; true for {@code render}: it is an error
     */
    public Outcome render(Inventory inventory, List<HostConfig> hosts, boolean secretsRequired)
            throws InvalidInputException {
        HostRenderer renderer = new HostRenderer(inventory.templates());
        List<InputProblem> problems = new ArrayList<>();
        List<InputProblem> warnings = new ArrayList<>();
        List<RenderedHost> rendered = new ArrayList<>();
        Map<Path, List<PublicKeyFile>> keyFiles = new HashMap<>();
        for (HostConfig host : hosts) {
            if (host.auth().isRs256()) {
                try {
                    List<PublicKeyFile> published = publicKeys(host, keyFiles);
                    rendered.add(renderer.render(host, null, published, CarriedOverValues.none(), null));
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                }
                continue;
            }
            SecretRef ref = host.auth().appSecret();
            Secret secret;
            if (!secretsRequired && !secrets.isAvailable(ref)) {
                // One warning per reference, not per host: hosts usually share the default's reference.
                warnings.add(ref.at().problem("warning: app secret not checked: " + ref.describe()
                        + " is not available here; render, plan and apply will need it"));
                secret = new Secret(PLACEHOLDER, "placeholder");
            } else {
                try {
                    secret = secrets.resolve(ref);
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                    continue;
                }
                List<InputProblem> secretProblems = AppSecretRules.check(secret, ref);
                if (!secretProblems.isEmpty()) {
                    problems.addAll(secretProblems);
                    continue;
                }
            }
            try {
                rendered.add(renderer.render(host, secret, CarriedOverValues.none(), null));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        List<InputProblem> distinct = problems.stream().distinct().toList();
        if (!distinct.isEmpty()) {
            throw new InvalidInputException(distinct);
        }
        return new Outcome(rendered, warnings.stream().distinct().toList());
    }

    /** The published key files of the host's key directory, read once per directory. */
    private static List<PublicKeyFile> publicKeys(HostConfig host, Map<Path, List<PublicKeyFile>> loaded)
            throws InvalidInputException {
        Path directory = host.auth().keysDir();
        List<PublicKeyFile> files = loaded.get(directory);
        if (files == null) {
            files = KeyRing.forHost(host).publicKeyFiles();
            loaded.put(directory, files);
        }
        return files;
    }
}
