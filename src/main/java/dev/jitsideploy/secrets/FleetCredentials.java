package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.AuthSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.SecretRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token credentials of the hosts of a run, by host name. {@link #resolve} is the one place that reads an
 * {@code auth.app_secret} reference and checks a secret and a key directory against their rules; everything after
 * it (render, plan, probe, rotation) asks this for a host's {@link HostCredentials}.
 */
public final class FleetCredentials {

    /** What a secret that is not available looks like in files rendered only to check the templates. */
    private static final String PLACEHOLDER = "jitsi-deploy-placeholder-secret-not-checked-0000";

    private final Map<String, HostCredentials> byHost;
    private final List<InputProblem> warnings;

    private FleetCredentials(Map<String, HostCredentials> byHost, List<InputProblem> warnings) {
        this.byHost = Map.copyOf(byHost);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Resolves the credentials of {@code hosts}. Each problem (a variable not set, a file missing or too open, a
     * secret breaking {@link AppSecretRules}, a key directory that cannot be used or publishes no key) is added to
     * {@code problems}, located at the inventory key that names it, so the caller reports them with the
     * inventory's own; a host with a problem has no credentials here.
     *
     * @param secretsRequired false for {@code validate}: an app secret that is not available here (an unset
     *                        variable, a file on another machine) is then a warning and a placeholder stands in
     */
    public static FleetCredentials resolve(List<HostConfig> hosts, SecretResolver resolver, boolean secretsRequired,
                                           List<InputProblem> problems) {
        Map<String, HostCredentials> byHost = new LinkedHashMap<>();
        List<InputProblem> warnings = new ArrayList<>();
        Map<Path, Boolean> usableKeyDirectories = new HashMap<>();
        for (HostConfig host : hosts) {
            AuthSettings auth = host.auth();
            if (auth == null) {
                continue; // the inventory's own problems say why
            }
            if (auth.isRs256()) {
                if (auth.keysDir() == null) {
                    continue;
                }
                HostCredentials.Rs256 keys = HostCredentials.Rs256.of(host);
                if (usableKeyDirectories.computeIfAbsent(auth.keysDir(), d -> usable(keys, problems))) {
                    byHost.put(host.name(), keys);
                }
                continue;
            }
            SecretRef ref = auth.appSecret();
            if (ref == null) {
                continue;
            }
            if (!secretsRequired && !resolver.isAvailable(ref)) {
                warnings.add(ref.at().problem("warning: app secret not checked: " + ref.describe()
                        + " is not available here; render, plan and apply will need it"));
                byHost.put(host.name(), new HostCredentials.Hs256(ref, new Secret(PLACEHOLDER, "placeholder")));
                continue;
            }
            try {
                Secret secret = resolver.resolve(ref);
                List<InputProblem> broken = AppSecretRules.check(secret, ref);
                if (broken.isEmpty()) {
                    byHost.put(host.name(), new HostCredentials.Hs256(ref, secret));
                } else {
                    problems.addAll(broken);
                }
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        return new FleetCredentials(byHost, warnings.stream().distinct().toList());
    }

    /** Whether the key directory can be used and publishes a key; when not, why is added to {@code problems}. */
    private static boolean usable(HostCredentials.Rs256 keys, List<InputProblem> problems) {
        try {
            keys.publishedKeys();
            return true;
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return false;
        }
    }

    /**
     * @throws IllegalStateException when the host was not among those resolved, or had a problem (then the caller
     *                               should have stopped at the problems)
     */
    public HostCredentials of(HostConfig host) {
        HostCredentials credentials = byHost.get(host.name());
        if (credentials == null) {
            throw new IllegalStateException("no credentials were resolved for host " + host.name());
        }
        return credentials;
    }

    /** Things allowed but worth a line on stderr (an app secret {@code validate} could not check). */
    public List<InputProblem> warnings() {
        return warnings;
    }

    /**
     * These credentials with every HS256 host of {@code reference} on {@code next} (the secret it held stays
     * redacted): what a rotation renders and probes with before the new secret is stored.
     */
    public FleetCredentials withAppSecret(SecretRef reference, Secret next) {
        Map<String, HostCredentials> rotated = new LinkedHashMap<>(byHost);
        rotated.replaceAll((name, credentials) -> credentials instanceof HostCredentials.Hs256 hs256
                && hs256.reference().describe().equals(reference.describe()) ? hs256.answering(next) : credentials);
        return new FleetCredentials(rotated, warnings);
    }
}
