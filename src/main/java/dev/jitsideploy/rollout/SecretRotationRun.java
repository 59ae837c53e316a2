package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.secrets.AppSecretRotation;
import dev.jitsideploy.secrets.SecretFileStore;
import dev.jitsideploy.secrets.FleetCredentials;
import dev.jitsideploy.verify.KeyCheck;
import dev.jitsideploy.verify.token.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An HS256 rotation across the fleet, all or nothing. The new secret is staged next to the secret file before any
 * host gets it (a run killed half-way leaves it on disk, not nowhere); every host is then applied and verified (a
 * token signed with the new secret accepted, one signed with the previous secret refused); only when all passed is
 * the staged secret committed. When any host fails, every host this run changed goes back to the previous secret
 * and is verified with it (a token signed with the new secret refused), and the staged secret is thrown away.
 */
public final class SecretRotationRun {

    private final AppSecretRotation rotation;
    private final FleetRollout rollout;
    private final SecretFileStore store;

    /**
     * @param rollout renders with the new secret; its gate proves hosts with {@link #afterSwitch}/{@link #beforeSwitch}
     */
    public SecretRotationRun(AppSecretRotation rotation, FleetRollout rollout, SecretFileStore store) {
        this.rotation = rotation;
        this.rollout = rollout;
        this.store = store;
    }

    /** What proves a host runs the new secret: the probe matrix with it, and the previous secret refused. */
    public static ApplyGate.Proof afterSwitch(AppSecretRotation rotation, FleetCredentials current) {
        return new ApplyGate.Proof(rotated(rotation, current), List.of(KeyCheck.refusedForSignature("previous secret",
                SigningKey.hmacSha256(rotation.current().reveal()))));
    }

    /** What proves a host is back on the previous secret: the probe matrix with it, and the new one refused. */
    public static ApplyGate.Proof beforeSwitch(AppSecretRotation rotation, FleetCredentials current) {
        return new ApplyGate.Proof(current, List.of(KeyCheck.refusedForSignature("new secret",
                SigningKey.hmacSha256(rotation.next().reveal()))));
    }

    /** {@code current} with the rotated reference answering the new secret: what the deployment renders with. */
    public static FleetCredentials rotated(AppSecretRotation rotation, FleetCredentials current) {
        return current.withAppSecret(rotation.reference(), rotation.next());
    }

    /** Plans every host with the new secret; nothing is changed. */
    public List<HostOutcome> plan() throws InterruptedException {
        return rollout.plan(rotation.hosts());
    }

    /** Stages the secret, rolls it out, then commits it, or takes everything back. */
    public SecretRotationResult run(String run) throws InterruptedException {
        Path pending = SecretFileStore.pendingOf(rotation.storeTo());
        try {
            pending = rotation.stage(store);
        } catch (IOException e) {
            return SecretRotationResult.notStarted(rotation.storeTo(), "cannot write the new secret to " + pending
                    + " (" + e.getClass().getSimpleName() + "); no host was changed");
        }
        RolloutResult rolled = rollout.roll(rotation.hosts(), run);
        if (rolled.completed()) {
            try {
                return SecretRotationResult.rotated(rolled, rotation.commit(store));
            } catch (IOException e) {
                // The hosts run a secret that could not be stored: put them back rather than lose it.
                RolloutResult takenBack = new RolloutResult(rolled.hosts(), rolled.gates(), rollout.takeBack(
                        rotation.hosts(), rolled.hosts(), rolled.gates(), run));
                return takeBackEnded(takenBack, "cannot store the new secret in " + rotation.storeTo() + " ("
                        + e.getClass().getSimpleName() + ")", pending);
            }
        }
        return takeBackEnded(rolled, "a host failed", pending);
    }

    /**
     * The end of a run that was taken back. The staged secret goes only when every touched host is verified on the
     * previous one; otherwise some host may still run it, and it must stay where the operator can find it.
     */
    private SecretRotationResult takeBackEnded(RolloutResult rolled, String why, Path pending) {
        if (!rolled.fullyUndone()) {
            return SecretRotationResult.takenBack(rolled, rotation.storeTo(), why, Optional.of(pending));
        }
        try {
            rotation.discard(store);
            return SecretRotationResult.takenBack(rolled, rotation.storeTo(), why, Optional.empty());
        } catch (IOException e) {
            return SecretRotationResult.takenBack(rolled, rotation.storeTo(), why + "; the unused new secret in "
                    + pending + " could not be deleted (" + e.getClass().getSimpleName() + "): delete it",
                    Optional.of(pending));
        }
    }
}
