package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.cli.ExitCode;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A token module that Prosody cannot load, as Jitsi's real one on a stock Debian 12 (jitsi-token-auth.md section 8:
 * its util library requires basexx, which Debian's package installs for Lua 5.1-5.3 only): verify says so, names
 * the library and the fix, and shows the log line that proves it although it scrolled out of the log's tail.
 */
class TokenModuleLoadIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(1);

    @Test
    void aTokenModuleThatDidNotLoadIsNamedWithTheMissingLibraryAndTheFix() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        CliRun apply = cli("apply", "-i", lab.inventory().toString(), "--yes", "--limit", "lab1");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        String util = "/usr/share/jitsi-meet/prosody-plugins/token/util.lib.lua";
        // the real util library's first dependency outside Prosody; then enough traffic to push the start out of
        // the tail of the log
        lab.exec(lab1, "sed -i '1i local basexx = require \"basexx\";' " + util);
        lab.restartProsodyAndJicofo(lab1);

        CliRun verify = cli("verify", "-i", lab.inventory().toString(), "--limit", "lab1");

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(verify.out()).contains("lab1: FAIL token module: Prosody could not load the token module: the Lua "
                        + "library 'basexx' is not found by Prosody's Lua")
                .contains("fix: install Jitsi's build of lua-basexx from its apt repository")
                .contains("LUA_PATH_5_4 in the prosody service's environment")
                .contains("lab1: FAIL bosh valid token, own room: SASL mechanism ANONYMOUS not offered")
                .containsPattern("lab1:   .*module 'basexx' not found");
        assertThat(verify.all()).doesNotContain(lab.appSecret());
    }

    private static CliRun cli(String... args) {
        return CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), args);
    }
}
