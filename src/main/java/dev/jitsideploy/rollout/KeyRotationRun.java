package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.secrets.KeyRingException;
import dev.jitsideploy.secrets.KeyRotation;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.verify.KeyCheck;
import dev.jitsideploy.verify.token.SigningKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * An RS256 key rotation without downtime: a new key pair is made locally, its public key published on every host
 * next to the previous one (key files feed no service: nothing restarts), and each host verified with tokens of the
 * new key (the probe matrix) and of the previous key (still accepted, as clients holding such tokens need). When any
 * host fails, every host this run changed stops publishing the new key and is verified with the previous one, and
 * the new key is retired locally: it is never used, and since rolled-back hosts may have cached it, its kid is never
 * reused.
 */
public final class KeyRotationRun {

    private final KeyRotation rotation;
    private final FleetRollout rollout;
    private final Clock clock;

    public KeyRotationRun(KeyRotation rotation, FleetRollout rollout, Clock clock) {
        this.rotation = rotation;
        this.rollout = rollout;
        this.clock = clock;
    }

    /** What proves a host publishes both keys: the matrix signed with the new (newest) key, the previous accepted. */
    public static ApplyGate.Proof afterPublishing(KeyRotation rotation, FleetCredentials credentials,
                                                  SigningKey previous) {
        return new ApplyGate.Proof(credentials, List.of(KeyCheck.accepted("previous key " + rotation.previous(),
                previous)));
    }

    /** What proves a host is back to the previous keys: the matrix signed with the previous key. */
    public static ApplyGate.Proof beforePublishing(FleetCredentials credentials, SigningKey previous) {
        return new ApplyGate.Proof(credentials, Optional.of(previous), List.of());
    }

    /** Makes the new key pair in the key directory (private key 0600, never uploaded); it becomes the newest. */
    public void createKey(int bits) throws KeyRingException, IOException {
        rotation.keys().create(rotation.next(), bits, clock.instant(), new SecureRandom());
    }

    /** Plans every host: each is to publish the new key; nothing is changed. */
    public List<HostOutcome> plan() throws InterruptedException {
        return rollout.plan(rotation.hosts());
    }

    /**
     * Takes the new key out of use when the run does not go on (a host could not be planned, the operator said no):
     * retired, not deleted, so its kid is not reused.
     */
    public void abandon() throws KeyRingException, IOException {
        rotation.keys().retire(rotation.next(), clock.instant());
    }

    /** Publishes and verifies host by host (or in batches); on any failure takes the run back. */
    public KeyRotationResult run(String run) throws InterruptedException {
        RolloutResult rolled = rollout.roll(rotation.hosts(), run);
        if (rolled.completed()) {
            return new KeyRotationResult(rolled, rotation, true, Optional.empty(), Optional.of(clock.instant()));
        }
        try {
            abandon();
            return new KeyRotationResult(rolled, rotation, false, Optional.of("a host failed"), Optional.empty());
        } catch (KeyRingException | IOException e) {
            return new KeyRotationResult(rolled, rotation, false, Optional.of("a host failed; retiring the new key "
                    + rotation.next() + " locally failed too (" + e.getMessage() + "): run 'keys retire --kid "
                    + rotation.next() + "' so nothing signs with it"), Optional.empty());
        }
    }
}
