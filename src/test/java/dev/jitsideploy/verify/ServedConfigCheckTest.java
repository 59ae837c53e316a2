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
        // An SSI literal carried over by apply is single-quoted; verify's own render writes the same string with
        // double quotes: the same value for a browser.
        assertThat(ServedConfigCheck.difference(bytes("  muc: 'conference.lab1.jitsi.test'\n"),
                bytes("  muc: \"conference.lab1.jitsi.test\"\n"))).isEmpty();
        assertThat(ServedConfigCheck.difference(bytes("  muc: 'conference.lab2.jitsi.test'\n"),
                bytes("  muc: \"conference.lab1.jitsi.test\"\n"))).contains(1);
        assertThat(ServedConfigCheck.difference(bytes("  x: 'it\\'s'\n"), bytes("  x: \"it's\"\n"))).contains(1);
    }

    @Test
    void configJsLivesUnderThePublicUrl() {
        assertThat(ServedConfigCheck.configJsUri(URI.create("https://lab1.jitsi.test")))
                .isEqualTo(URI.create("https://lab1.jitsi.test/config.js"));
    }
}
