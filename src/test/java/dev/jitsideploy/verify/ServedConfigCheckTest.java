package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServedConfigCheckTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void namesTheFirstLineThatDiffers() {
        assertThat(ServedConfigCheck.difference(bytes("var config = {};\nx\n"), bytes("var config = {};\nx\n")))
                .isEmpty();
        assertThat(ServedConfigCheck.difference(bytes("a\nb\nc\n"), bytes("a\nB\nc\n"))).contains(2);
        assertThat(ServedConfigCheck.difference(bytes("a\nb"), bytes("a\nb\n"))).contains(3);
    }

    @Test
    void configJsLivesUnderThePublicUrl() {
        assertThat(ServedConfigCheck.configJsUri(URI.create("https://lab1.jitsi.test")))
                .isEqualTo(URI.create("https://lab1.jitsi.test/config.js"));
    }
}
