package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.secrets.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void knownSecretsAndValuesOfSecretSettingsAreReplaced() {
        String lua = """
                app_id = "meet"
                    app_secret = "known-one"
                external_service_secret = 'unknown-turn';
                --app_secret="old-commented"
                -- the known-one appears in a comment too
                """;
        String redacted = SecretRedaction.redact(lua, List.of(new Secret("known-one", "test")));
        assertThat(redacted).doesNotContain("known-one").doesNotContain("unknown-turn")
                .doesNotContain("old-commented").contains("app_id = \"meet\"")
                .contains("app_secret = \"«redacted»\"").contains("external_service_secret = '«redacted»';");
    }

    @Test
    void hoconPasswordsAreReplacedWhateverTheSyntax() {
        String hocon = """
                jicofo { xmpp { client {
                  password = "focus-pass"
                  "password": bare-pass
                } } }
                """;
        assertThat(SecretRedaction.redact(hocon, List.of())).doesNotContain("focus-pass").doesNotContain("bare-pass");
    }
}
