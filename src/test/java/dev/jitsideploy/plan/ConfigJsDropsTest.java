package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lab's quick-install config.js (as the installer leaves it) against config.js as the template renders it. */
class ConfigJsDropsTest {

    private static final String RENDERED = """
            var config = {
                hosts: {
                    domain: "lab1.jitsi.test",
                    muc: "conference.lab1.jitsi.test"
                },
                bosh: "https://lab1.jitsi.test/http-bind",
                websocket: "wss://lab1.jitsi.test/xmpp-websocket",
                p2p: {
                    enabled: true
                },
            %s
                jitsiDeployManaged: true
            };
            """;

    @Test
    void everySettingTheRenderDropsIsListedWithTheKeyThatKeepsIt() throws Exception {
        byte[] installed = quickInstallConfigJs();

        assertThat(ConfigJsDrops.of(installed, RENDERED.formatted("").getBytes(StandardCharsets.UTF_8)).stream()
                .map(Drop::text))
                .containsExactly("testing (keep it with config_js.extra.testing)",
                        "enableNoAudioDetection (keep it with config_js.extra.enableNoAudioDetection)",
                        "enableNoisyMicDetection (keep it with config_js.extra.enableNoisyMicDetection)",
                        "p2p.stunServers (keep it with config_js.extra.p2p)",
                        "analytics (keep it with config_js.extra.analytics)",
                        "logging (keep it with config_js.extra.logging)",
                        "hosts.muc uses SSI (tenant URLs /<tenant>/<room>) (no inventory key keeps it: edit your"
                                + " copy of config.js.ftl)",
                        "bosh uses SSI (tenant URLs /<tenant>/<room>) (no inventory key keeps it: edit your copy of"
                                + " config.js.ftl)",
                        "websocket uses SSI (tenant URLs /<tenant>/<room>) (no inventory key keeps it: edit your"
                                + " copy of config.js.ftl)");
    }

    @Test
    void extrasThatCarryTheSettingsOverLeaveOnlyTheSsi() throws Exception {
        // config_js.extra renders after the template's own p2p, and the later key wins in a JavaScript object
        String extras = """
                    testing: { p2pTestMode: false },
                    enableNoAudioDetection: true,
                    enableNoisyMicDetection: true,
                    p2p: { enabled: true, stunServers: [ { urls: "stun:meet-jit-si-turnrelay.jitsi.net:443" } ] },
                    analytics: {},
                    logging: { defaultLogLevel: "info" },
                """;
        assertThat(ConfigJsDrops.of(quickInstallConfigJs(), RENDERED.formatted(extras)
                .getBytes(StandardCharsets.UTF_8))).allSatisfy(drop -> assertThat(drop.what()).contains("uses SSI"));
    }

    @Test
    void aFileThatDoesNotEvaluateDropsNothingItCanName() {
        assertThat(ConfigJsDrops.of("var config = {".getBytes(StandardCharsets.UTF_8),
                RENDERED.formatted("").getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private static byte[] quickInstallConfigJs() throws Exception {
        return Files.readString(Path.of("src/lab/host/config.js")).replace("@DOMAIN@", "lab1.jitsi.test")
                .replace("@K@", "1").getBytes(StandardCharsets.UTF_8);
    }
}
