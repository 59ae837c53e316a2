package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One RS256 key rotation, checked before any key is made or host touched: the selected hosts all use RS256 and one
 * key directory, no host outside the selection uses that directory (it would not publish the new key the issuers
 * switch to), the directory has a key to rotate from, and the new kid is valid and was never used.
 *
 * @param hosts    the hosts to rotate, in inventory order
 * @param keys     their key directory
 * @param previous the newest key now, which tokens are signed with until the issuers switch
 * @param next     the kid of the key this rotation makes
 */
public record KeyRotation(List<HostConfig> hosts, KeyDirectory keys, KeyId previous, KeyId next) {

    private static final DateTimeFormatter GENERATED_KID = DateTimeFormatter.ofPattern("'k'yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public KeyRotation {
        hosts = List.copyOf(hosts);
    }

    /**
     * @param requestedKid the new key's kid, or null for one made from the time ({@code k20261123T120000Z})
     * @throws InvalidInputException with every reason the rotation cannot run (nothing has been changed)
     */
    public static KeyRotation prepare(Inventory inventory, List<HostConfig> selected, String requestedKid,
                                      Instant now) throws InvalidInputException {
        List<InputProblem> problems = new ArrayList<>();
        List<String> hs256 = selected.stream().filter(h -> !h.auth().isRs256()).map(HostConfig::name).toList();
        if (!hs256.isEmpty()) {
            problems.add(InputProblem.inFile(inventory.file(), "hosts " + String.join(", ", hs256) + " use HS256,"
                    + " which rotates a secret, not a key: rotate them in a run of their own with --limit"));
        }
        List<Path> directories = selected.stream().map(h -> h.auth().keysDir()).distinct().toList();
        if (directories.size() > 1) {
            problems.add(InputProblem.inFile(inventory.file(), "one rotation changes one key directory, but the"
                    + " hosts use " + directories.size() + ": " + directories.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + "; rotate each with --limit"));
        }
        if (!problems.isEmpty() || selected.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(InputProblem.inFile(inventory.file(), "no host selected to rotate"));
            }
            throw new InvalidInputException(problems);
        }
        HostConfig first = selected.get(0);
        Path directory = first.auth().keysDir();
        List<String> leftOut = inventory.hosts().stream().filter(h -> !selected.contains(h))
                .filter(h -> h.auth().isRs256() && h.auth().keysDir().equals(directory))
                .map(HostConfig::name).toList();
        if (!leftOut.isEmpty()) {
            problems.add(first.sources().of("auth.keys_dir").problem("hosts " + String.join(", ", leftOut)
                    + " also use key directory " + directory + " but are not selected: they would not publish the"
                    + " new key the issuers switch to; add them to --limit"));
        }
        KeyRing ring = KeyRing.forHost(first);
        Optional<StoredKey> newest = ring.newest();
        if (newest.isEmpty()) {
            problems.add(first.sources().of("auth.keys_dir").problem("key directory " + directory + " publishes no"
                    + " key to rotate from; make the first one with 'keys new --kid KID' and apply"));
        }
        String kid = requestedKid != null ? requestedKid : GENERATED_KID.format(now);
        Optional<String> kidProblem = KeyId.problem(kid);
        if (kidProblem.isPresent()) {
            problems.add(InputProblem.inFile(inventory.file(), "--kid: " + kidProblem.get()));
        } else if (ring.published().stream().anyMatch(k -> k.kid().value().equals(kid))
                || ring.retired().stream().anyMatch(k -> k.kid().value().equals(kid))) {
            problems.add(InputProblem.inFile(inventory.file(), "--kid: key " + kid + " exists or was retired in "
                    + directory + "; pick a new kid (a kid is never reused: Prosody caches public keys by kid)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new KeyRotation(selected, new KeyDirectory(directory), newest.get().kid(), new KeyId(kid));
    }

    /** The previous key's private key, to prove its tokens are still accepted while both are published. */
    public RsaSigningKey previousSigningKey() throws KeyRingException, IOException {
        return keys.load().signingKey(previous);
    }
}
