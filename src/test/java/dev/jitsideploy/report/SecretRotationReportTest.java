package dev.jitsideploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.rollout.RolloutResult;
import dev.jitsideploy.rollout.SecretRotationResult;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.verify.HostVerification;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fleet verdict of a rotation, in particular the case the lab cannot stage on demand: a host not verified back. */
class SecretRotationReportTest {

    private static final Path FILE = Path.of("/srv/jitsi/app_secret");

    private static HostOutcome outcome(String host, HostOutcome.Status status) {
        return new HostOutcome(host, status, Optional.empty(), List.of(), List.of(), false,
                status == HostOutcome.Status.FAILED ? Optional.of(host + ": connect: cannot reach it")
                        : Optional.empty(),
                10);
    }

    /** A host whose rollback and verification failed: it could not be reached. */
    private static ApplyGate.Undo unreachableUndo(String host) {
        return new ApplyGate.Undo(outcome(host, HostOutcome.Status.FAILED),
                HostVerification.notStarted(host, "cannot reach it"), List.of());
    }

    @Test
    void aHostNotVerifiedBackIsNamedAndThePendingSecretIsPointedTo() {
        RolloutResult rollout = new RolloutResult(List.of(outcome("meet1", HostOutcome.Status.CHANGED),
                outcome("meet2", HostOutcome.Status.FAILED)), Map.of(),
                Map.of("meet1", unreachableUndo("meet1"), "meet2", unreachableUndo("meet2")));
        SecretRotationResult result = new SecretRotationResult(Optional.of(rollout), FILE, false,
                Optional.of("a host failed"), Optional.of(Path.of("/srv/jitsi/app_secret.next")));
        SecretRotationReport report = new SecretRotationReport(result);

        assertThat(report.failed()).isTrue();
        assertThat(report.verdict().get(0)).contains("NOT fully taken back", "meet1, meet2");
        assertThat(report.verdict().get(1)).contains("kept in /srv/jitsi/app_secret.next",
                "/srv/jitsi/app_secret is unchanged", "verify");
        assertThat(report.toJson(List.of())).contains("\"fleet_on_previous_secret\":false",
                "\"pending_kept\":\"/srv/jitsi/app_secret.next\"", "\"taken_back\":[\"meet1\",\"meet2\"]",
                "\"verified_back\":[]");
    }

    @Test
    void aRotationThatStoredTheSecretSaysWhereAndWhatToDoNext() {
        RolloutResult rollout = new RolloutResult(List.of(outcome("meet1", HostOutcome.Status.CHANGED)), Map.of(),
                Map.of());
        SecretRotationReport report = new SecretRotationReport(new SecretRotationResult(Optional.of(rollout), FILE,
                true, Optional.empty(), Optional.empty()));

        assertThat(report.failed()).isFalse();
        assertThat(report.verdict()).containsExactly("rotate: done: 1 host(s) run the new secret, each verified (a"
                        + " token signed with it accepted, one signed with the previous secret refused)",
                "rotate: stored in /srv/jitsi/app_secret (previous value in /srv/jitsi/app_secret.previous); switch"
                        + " your token issuers to it now");
        assertThat(report.toJson(List.of())).contains("\"rotated\":true", "\"pending_kept\":null");
    }
}
