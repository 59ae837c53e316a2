package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a host planned afresh is not the saved plan, and what the operator is told. */
class SavedHostPlanTest {

    private static final String VHOST = "/etc/prosody/conf.avail/lab2.jitsi.test.cfg.lua";
    private static final String OLD = "a".repeat(64);
    private static final String NEW = "b".repeat(64);

    private static SavedHostPlan host(String current, String planned, List<SavedHostPlan.Deletion> deletions,
                                      List<String> restarts) {
        return new SavedHostPlan("lab2", "lab2.jitsi.test", List.of(new SavedHostPlan.File(VHOST, "changed", current,
                planned, "root:prosody 0640", "root:prosody 0640")), deletions, false,
                "../conf.avail/lab2.jitsi.test.cfg.lua", restarts);
    }

    @Test
    void theSameHostAndRenderingIsNoDifference() {
        SavedHostPlan saved = host(OLD, NEW, List.of(), List.of("prosody"));
        assertThat(saved.differencesFrom(host(OLD, NEW, List.of(), List.of("prosody")))).isEmpty();
    }

    @Test
    void aFileEditedOnTheHostIsNamedWithBothHashes() {
        SavedHostPlan saved = host(OLD, NEW, List.of(), List.of("prosody"));
        String edited = "c".repeat(64);
        // The edit also changes what is rendered (carried-over values): only the host's own change is told.
        assertThat(saved.differencesFrom(host(edited, "d".repeat(64), List.of(), List.of("prosody"))))
                .containsExactly("lab2 changed since the plan was made: " + VHOST + " sha256 aaaaaaaaaaaa now "
                        + "cccccccccccc");
        assertThat(saved.differencesFrom(host(null, NEW, List.of(), List.of("prosody"))))
                .containsExactly("lab2 changed since the plan was made: " + VHOST + " sha256 aaaaaaaaaaaa now absent");
    }

    @Test
    void aDifferentRenderingOfAnUnchangedHostIsTold() {
        SavedHostPlan saved = host(OLD, NEW, List.of(), List.of("prosody"));
        assertThat(saved.differencesFrom(host(OLD, "e".repeat(64), List.of(), List.of("prosody"))))
                .singleElement().asString().startsWith("lab2 renders differently than when the plan was made")
                .endsWith(VHOST + " planned sha256 bbbbbbbbbbbb now eeeeeeeeeeee");
    }

    @Test
    void deletionsAndDueRestartsMustMatchToo() {
        var retired = new SavedHostPlan.Deletion("/keys/old.pem", OLD, "root:prosody 0640");
        SavedHostPlan saved = host(OLD, NEW, List.of(retired), List.of("prosody"));
        assertThat(saved.differencesFrom(host(OLD, NEW, List.of(), List.of("prosody")))).singleElement().asString()
                .contains("/keys/old.pem (to be deleted) is gone");
        var stranger = new SavedHostPlan.Deletion("/keys/new.pem", NEW, "root:prosody 0640");
        assertThat(saved.differencesFrom(host(OLD, NEW, List.of(retired, stranger), List.of("prosody"))))
                .singleElement().asString().contains("/keys/new.pem appeared");
        assertThat(saved.differencesFrom(host(OLD, NEW, List.of(retired), List.of("prosody", "jicofo"))))
                .singleElement().asString().contains("restarts prosody now prosody,jicofo");
    }
}
