package dev.jitsideploy.rollout;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an HS256 rotation ended.
 *
 * @param rollout     the hosts' outcomes (empty when the run stopped before any host)
 * @param secretFile  the file that holds the secret the fleet uses: the new one when rotated, else unchanged
 * @param rotated     every host runs the new secret, verified, and it is stored
 * @param problem     why it did not rotate; empty when it did
 * @param pendingKept the staged new secret, kept because some host may still run it (could not be verified back)
 */
public record SecretRotationResult(Optional<RolloutResult> rollout, Path secretFile, boolean rotated,
                                   Optional<String> problem, Optional<Path> pendingKept) {

    static SecretRotationResult notStarted(Path secretFile, String problem) {
        return new SecretRotationResult(Optional.empty(), secretFile, false, Optional.of(problem), Optional.empty());
    }

    static SecretRotationResult rotated(RolloutResult rollout, Path secretFile) {
        return new SecretRotationResult(Optional.of(rollout), secretFile, true, Optional.empty(), Optional.empty());
    }

    static SecretRotationResult takenBack(RolloutResult rollout, Path secretFile, String why,
                                          Optional<Path> pendingKept) {
        return new SecretRotationResult(Optional.of(rollout), secretFile, false, Optional.of(why), pendingKept);
    }

    /** After a failure: every host this run touched is back on the previous secret and verified with it. */
    public boolean fleetOnPreviousSecret() {
        return !rotated && pendingKept.isEmpty();
    }

    /** The rollout's outcomes, or none. */
    public RolloutResult rolloutOrEmpty() {
        return rollout.orElse(new RolloutResult(List.of(), Map.of(), Map.of()));
    }
}
