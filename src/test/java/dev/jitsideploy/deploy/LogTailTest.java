package dev.jitsideploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.secrets.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTailTest {

    private static final String SECRET = "lab-secret-0123456789abcdefghijklmnopqrstuv";

    @Test
    void aTokenInTheLogBecomesAPlaceholderAndHostNamesStay() {
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJyb29tIjoicHJvYmUifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
        String log = "Nov 23 10:00:00 conference.lab1.jitsi.test:token_verification warn Token " + token
                + " rejected for room probe@conference.lab1.jitsi.test\n";

        String shown = LogTail.redact(log, List.of());

        assertThat(shown).doesNotContain(token).doesNotContain("eyJ")
                .contains("Token «token» rejected for room probe@conference.lab1.jitsi.test")
                .startsWith("Nov 23 10:00:00 conference.lab1.jitsi.test:token_verification");
    }

    @Test
    void aTokenWithoutTheUsualHeaderIsCaughtByItsLongParts() {
        String token = "abcdefghijklmnopqrstuvwx.ABCDEFGHIJKLMNOPQRSTUVWX.0123456789_-0123456789";

        assertThat(LogTail.redact("query token=" + token + " end", List.of())).isEqualTo("query token=«token» end");
    }

    @Test
    void knownSecretsAndSecretSettingsAreRedacted() {
        String log = "debug: loaded app_secret = \"" + SECRET + "\"\nsomething quoted the secret " + SECRET + "\n"
                + "external_service_secret = \"turn-secret-the-tool-never-saw\"\n";

        String shown = LogTail.redact(log, List.of(new Secret(SECRET, "test")));

        assertThat(shown).doesNotContain(SECRET).doesNotContain("turn-secret-the-tool-never-saw")
                .contains("something quoted the secret «redacted»");
    }
}
