package dev.jitsideploy.report;

import dev.jitsideploy.rollout.KeyRotationResult;
import dev.jitsideploy.rollout.RolloutResult;
import java.util.List;

/**
 * An RS256 key rotation for people and machines: the per-host recap and the verdict: both keys published and
 * accepted everywhere, when the issuers may switch and how to retire the previous key later; or the new key taken
 * back everywhere (and retired locally), with any host that could not be verified back named.
 */
public record KeyRotationReport(KeyRotationResult result) implements RotationReport {

    @Override
    public RolloutResult rollout() {
        return result.rollout();
    }

    @Override
    public List<String> verdict() {
        String previous = result.rotation().previous().value();
        String next = result.rotation().next().value();
        if (result.rotated()) {
            return List.of("rotate: done: " + result.rollout().hosts().size() + " host(s) publish key " + next
                            + " next to " + previous + ", each verified (the probe matrix signed with " + next
                            + ", a token signed with " + previous + " accepted); nothing was restarted",
                    "rotate: token issuers may switch to kid " + next + " now (verified at "
                            + result.issuersMaySwitchAt().orElseThrow() + "); its private key: "
                            + result.rotation().keys().path().resolve(next).resolve("private.pem"),
                    "rotate: keep " + previous + " published until every token signed with it has expired, then run"
                            + " 'keys retire --kid " + previous + "' and 'apply --restart prosody' (a running Prosody"
                            + " caches keys until it restarts; the restart ends running meetings)");
        }
        String why = result.problem().orElse("a host failed");
        List<String> unverified = result.rollout().notVerifiedBack();
        if (unverified.isEmpty()) {
            return List.of("rotate: FAILED (" + why + "): every host this run changed no longer publishes " + next
                    + " and was verified with " + previous + "; " + next + " is retired locally (a kid is never"
                    + " reused); issuers keep signing with " + previous);
        }
        return List.of("rotate: FAILED (" + why + ") and NOT fully taken back: " + String.join(", ", unverified)
                        + " could not be verified with " + previous,
                "rotate: " + next + " is retired locally, so nothing signs with it; when those hosts are reachable run"
                        + " 'apply' (removes its .pem there) and 'verify'");
    }

    @Override
    public boolean failed() {
        return !result.rotated();
    }

    @Override
    public RunDocument.RotationJson rotationJson() {
        return new Rotation("RS256", result.rotated(), result.rotation().previous().value(),
                result.rotation().next().value(), result.issuersMaySwitchAt().map(Object::toString).orElse(null),
                result.problem().orElse(null), takenBack(), rollout().verifiedBack());
    }

    /** The {@code rotation} object of an RS256 key rotation. */
    record Rotation(String algorithm, boolean rotated, String previousKid, String newKid, String issuersMaySwitchAt,
                    String problem, List<String> takenBack, List<String> verifiedBack)
            implements RunDocument.RotationJson {
    }
}
