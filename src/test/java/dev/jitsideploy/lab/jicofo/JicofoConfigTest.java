package dev.jitsideploy.lab.jicofo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JicofoConfigTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("jicofo.conf"), text);
    }

    @Test
    void readsAQuickInstallFileWithJwtAuthentication() throws Exception {
        JicofoConfig config = JicofoConfig.load(write("""
                jicofo {
                  authentication: {
                    enabled: true
                    type: JWT
                    login-url: lab1.jitsi.test
                  }
                  xmpp: {
                    client: {
                      client-proxy: focus.lab1.jitsi.test
                      xmpp-domain: lab1.jitsi.test
                      domain: auth.lab1.jitsi.test
                      username: focus
                      password: "s3cr3t-Focus"
                      hostname: 127.0.0.2
                      disable-certificate-verification: true
                    }
                    trusted-domains: [ "recorder.lab1.jitsi.test" ]
                  }
                }
                """));

        assertThat(config.hostname()).isEqualTo("127.0.0.2");
        assertThat(config.port()).isEqualTo(5222);
        assertThat(config.domain()).isEqualTo("auth.lab1.jitsi.test");
        assertThat(config.xmppDomain()).isEqualTo("lab1.jitsi.test");
        assertThat(config.password()).isEqualTo("s3cr3t-Focus");
        assertThat(config.trustAnyCertificate()).isTrue();
        assertThat(config.clientProxy()).isEqualTo("focus.lab1.jitsi.test");
        assertThat(config.authentication()).isEqualTo(new JicofoConfig.Authentication(true, "JWT",
                "lab1.jitsi.test"));
        assertThat(config.toString()).doesNotContain("s3cr3t-Focus");
    }

    @Test
    void withoutAnAuthenticationSectionRoomCreationIsOpen() throws Exception {
        JicofoConfig config = JicofoConfig.load(write(
                "jicofo.xmpp.client { domain = auth.x.test, password = p }\n"));
        assertThat(config.authentication().restrictsRoomCreation()).isFalse();
        assertThat(config.hostname()).isEqualTo("localhost");
        assertThat(config.username()).isEqualTo("focus");
    }

    @Test
    void brokenHoconIsRefusedWithoutQuotingTheFile() throws Exception {
        Path file = write("jicofo { xmpp { client { domain = auth.x.test\n  password = \"topSecret\n}\n");
        assertThatThrownBy(() -> JicofoConfig.load(file))
                .isInstanceOf(JicofoConfigException.class)
                .hasMessageContaining("not valid HOCON")
                .hasMessageNotContaining("topSecret");
    }

    @Test
    void jwtWithoutLoginUrlIsRefused() throws Exception {
        Path file = write("jicofo { authentication { enabled = true, type = JWT }\n"
                + "xmpp.client { domain = auth.x.test, password = p } }\n");
        assertThatThrownBy(() -> JicofoConfig.load(file))
                .isInstanceOf(JicofoConfigException.class)
                .hasMessageContaining("login-url");
    }

    @Test
    void missingPasswordIsRefused() throws Exception {
        Path file = write("jicofo.xmpp.client { domain = auth.x.test }\n");
        assertThatThrownBy(() -> JicofoConfig.load(file))
                .isInstanceOf(JicofoConfigException.class)
                .hasMessageContaining("password");
    }
}
