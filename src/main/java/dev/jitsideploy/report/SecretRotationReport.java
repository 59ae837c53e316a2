package dev.jitsideploy.report;

import dev.jitsideploy.rollout.RolloutResult;
import dev.jitsideploy.rollout.SecretRotationResult;
import dev.jitsideploy.secrets.SecretFileStore;
import java.util.List;

/**
 * An HS256 rotation for people and machines: the per-host recap (apply, gate, rollbacks) and the verdict for the
 * fleet: rotated and stored, or back on the previous secret with the file unchanged, or (the case to act on) hosts
 * that could not be verified back, with where the new secret was kept.
 */
public record SecretRotationReport(SecretRotationResult result) implements RotationReport {

    @Override
    public RolloutResult rollout() {
        return result.rolloutOrEmpty();
    }

    @Override
    public List<String> verdict() {
        String file = result.secretFile().toString();
        int hosts = result.rolloutOrEmpty().hosts().size();
        if (result.rotated()) {
            return List.of("rotate: done: " + hosts + " host(s) run the new secret, each verified (a token signed"
                            + " with it accepted, one signed with the previous secret refused)",
                    "rotate: stored in " + file + " (previous value in " + SecretFileStore.backupOf(
                            result.secretFile()) + "); switch your token issuers to it now");
        }
        String why = result.problem().orElse("a host failed");
        if (result.fleetOnPreviousSecret()) {
            return List.of("rotate: FAILED (" + why + "): every host this run changed is back on the previous secret"
                    + " and verified with it; " + file + " is unchanged");
        }
        List<String> unverified = result.rolloutOrEmpty().notVerifiedBack();
        return List.of("rotate: FAILED (" + why + ") and NOT fully taken back: "
                        + (unverified.isEmpty() ? "a host" : String.join(", ", unverified)) + " could not be verified"
                        + " on the previous secret and may still run the new one",
                "rotate: the new secret is kept in " + result.pendingKept().map(Object::toString).orElse("?") + "; "
                        + file + " is unchanged. When the host is reachable run 'verify': if it fails there, run"
                        + " 'rollback --limit HOST', or move the kept file over " + file + " and apply to the rest");
    }

    @Override
    public boolean failed() {
        return !result.rotated();
    }

    @Override
    public RunDocument.RotationJson rotationJson() {
        return new Rotation(result.rotated(), result.secretFile().toString(), result.fleetOnPreviousSecret(),
                result.pendingKept().map(Object::toString).orElse(null), result.problem().orElse(null), takenBack(),
                rollout().verifiedBack());
    }

    /** The {@code rotation} object of an HS256 rotation. */
    record Rotation(boolean rotated, String secretFile, boolean fleetOnPreviousSecret, String pendingKept,
                    String problem, List<String> takenBack, List<String> verifiedBack)
            implements RunDocument.RotationJson {
    }
}
