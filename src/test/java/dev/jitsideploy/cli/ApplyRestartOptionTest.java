package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitsideploy.plan.Planner;
import dev.jitsideploy.plan.Restart;
import java.util.Map;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apply --restart}: the service names it takes and what each restart brings along. */
class ApplyRestartOptionTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void takesTheServiceNamesCommaSeparated() throws Exception {
        assertThat(ApplyCommand.requestedRestarts(null)).isEmpty();
        assertThat(ApplyCommand.requestedRestarts("prosody")).containsExactly(Restart.PROSODY);
        assertThat(ApplyCommand.requestedRestarts("jitsi-videobridge2, jicofo"))
                .containsExactly(Restart.JICOFO, Restart.VIDEOBRIDGE);
        assertThatThrownBy(() -> ApplyCommand.requestedRestarts("nginx")).isInstanceOf(ParseException.class)
                .hasMessageContaining("prosody, jicofo and jitsi-videobridge2").hasMessageContaining("'nginx'");
        assertThatThrownBy(() -> ApplyCommand.requestedRestarts("prosody,")).isInstanceOf(ParseException.class);
    }

    @Test
    void aProsodyRestartBringsJicofoAndTheBridgeAlong() {
        assertThat(Planner.restartsFor(Restart.PROSODY)).containsExactly(Restart.PROSODY, Restart.JICOFO,
                Restart.VIDEOBRIDGE);
        assertThat(Planner.restartsFor(Restart.JICOFO)).containsExactly(Restart.JICOFO);
        assertThat(Planner.restartsFor(Restart.VIDEOBRIDGE)).containsExactly(Restart.VIDEOBRIDGE);
    }

    @Test
    void anUnknownServiceStopsApplyBeforeAnyHostIsContacted() {
        CliRun run = CliRun.run(dir, Map.of(), "apply", "-i", "missing.yml", "--yes", "--restart", "nginx");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--restart takes prosody, jicofo and jitsi-videobridge2");
    }
}
