package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.SecretRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One HS256 secret rotation, checked before any host is touched: the selected hosts share one {@code app_secret}
 * reference, no host outside the selection uses it (it would be left on the old secret while the file holds the new
 * one), the reference can be written (a file, or an environment variable with {@code --secret-out FILE}), no earlier
 * rotation left its new secret pending, and a new one is generated. The current secret comes from the credentials
 * resolved with the inventory ({@link FleetCredentials}). Nothing is written until {@link #stage}.
 *
 * @param hosts     the hosts to rotate, in inventory order
 * @param reference the {@code app_secret} reference they share
 * @param storeTo   the file the new secret goes to: the reference's file, or {@code --secret-out}
 * @param current   the secret the hosts use now (to prove it is refused afterwards, and to roll back to)
 * @param next      the new secret
 */
public record AppSecretRotation(List<HostConfig> hosts, SecretRef reference, Path storeTo, Secret current,
                                Secret next) {

    public AppSecretRotation {
        hosts = List.copyOf(hosts);
    }

    /**
     * Checks the rotation of {@code selected} and generates the new secret.
     *
     * @param secretOut   where to write the new secret when the reference is an environment variable; null otherwise
     * @param credentials the selected hosts' credentials, resolved with the inventory (the current secret)
     * @throws InvalidInputException with every reason the rotation cannot run (nothing has been changed)
     */
    public static AppSecretRotation prepare(Inventory inventory, List<HostConfig> selected, Path secretOut,
                                            FleetCredentials credentials, AppSecretGenerator generator)
            throws InvalidInputException {
        List<InputProblem> problems = new ArrayList<>();
        List<String> rs256 = selected.stream().filter(h -> h.auth().isRs256()).map(HostConfig::name).toList();
        if (!rs256.isEmpty()) {
            problems.add(InputProblem.inFile(inventory.file(), "hosts " + String.join(", ", rs256) + " use RS256,"
                    + " which rotates keys, not a secret: use 'keys new' (docs/rotation.md), or leave them out with"
                    + " --limit"));
        }
        Map<String, List<HostConfig>> byReference = new LinkedHashMap<>();
        for (HostConfig host : selected) {
            if (!host.auth().isRs256()) {
                byReference.computeIfAbsent(host.auth().appSecret().describe(), d -> new ArrayList<>()).add(host);
            }
        }
        if (byReference.size() > 1) {
            problems.add(InputProblem.inFile(inventory.file(), "one rotation changes one secret, but the hosts use "
                    + byReference.size() + ": " + byReference.entrySet().stream()
                    .map(e -> e.getKey() + " (" + names(e.getValue()) + ")").collect(Collectors.joining("; "))
                    + "; rotate each with --limit"));
        }
        if (!problems.isEmpty() || byReference.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(InputProblem.inFile(inventory.file(), "no host selected to rotate"));
            }
            throw new InvalidInputException(problems);
        }
        String shared = byReference.keySet().iterator().next();
        List<HostConfig> hosts = byReference.get(shared);
        SecretRef reference = hosts.get(0).auth().appSecret();
        List<String> leftOut = inventory.hosts().stream().filter(h -> !hosts.contains(h))
                .filter(h -> !h.auth().isRs256() && h.auth().appSecret().describe().equals(shared))
                .map(HostConfig::name).toList();
        if (!leftOut.isEmpty()) {
            problems.add(reference.at().problem("hosts " + String.join(", ", leftOut) + " also use " + shared
                    + " but are not selected: they would stay on the old secret while it holds the new one; add"
                    + " them to --limit (or give them their own secret)"));
        }
        Path storeTo = null;
        if (reference instanceof SecretRef.File file) {
            storeTo = file.path();
            if (secretOut != null) {
                problems.add(InputProblem.inFile(inventory.file(), "--secret-out is only for an app_secret from an"
                        + " environment variable; the new secret goes to " + file.path()));
            }
        } else if (secretOut != null) {
            storeTo = secretOut.toAbsolutePath().normalize();
        } else {
            SecretFileStore.unwritable(reference).ifPresent(problems::add);
        }
        if (storeTo != null && java.nio.file.Files.exists(SecretFileStore.pendingOf(storeTo))) {
            problems.add(reference.at().problem("an earlier rotation did not finish: "
                    + SecretFileStore.pendingOf(storeTo) + " holds a new secret that some hosts may run. Run 'verify'"
                    + " (hosts on the stored secret pass); if some fail, move that file over " + storeTo
                    + " (they run it) and apply to the rest, else delete it; then rotate again"));
        }
        Secret current = credentials.of(hosts.get(0)).appSecret().orElseThrow();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new AppSecretRotation(hosts, reference, storeTo, current, generator.generate("new app secret for "
                + shared));
    }

    private static String names(List<HostConfig> hosts) {
        return hosts.stream().map(HostConfig::name).collect(Collectors.joining(", "));
    }

    /** Writes {@link #next} next to {@link #storeTo} ({@link SecretFileStore#stage}), before any host gets it. */
    public Path stage(SecretFileStore store) throws IOException {
        return store.stage(storeTo, next);
    }

    /**
     * Makes the staged secret the stored one, keeping the previous contents as its backup. Call it only once every
     * host runs with the new secret and has been verified.
     */
    public Path commit(SecretFileStore store) throws IOException {
        return store.commit(storeTo);
    }

    /** Throws the staged secret away once every host is back on the current one. */
    public void discard(SecretFileStore store) throws IOException {
        store.discard(storeTo);
    }

    @Override
    public String toString() {
        return "AppSecretRotation[" + names(hosts) + ", " + reference.describe() + " -> " + storeTo + "]";
    }
}
