package dev.jitsideploy.rollout;

import dev.jitsideploy.secrets.KeyRotation;
import java.time.Instant;
import java.util.Optional;

/**
 * How an RS256 key rotation ended.
 *
 * @param rollout      the hosts' outcomes
 * @param rotation     which keys: the previous and the new
 * @param rotated      every host publishes the new key next to the previous one, verified with both
 * @param problem      why it did not rotate; empty when it did
 * @param issuersMaySwitchAt when every host was verified: from then on the issuers may sign with the new key
 */
public record KeyRotationResult(RolloutResult rollout, KeyRotation rotation, boolean rotated,
                                Optional<String> problem, Optional<Instant> issuersMaySwitchAt) {
}
