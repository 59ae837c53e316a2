package dev.jitsideploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fingerprints a backup keeps: stable, never the secret, and what a rollback compares. */
class AuthFingerprintTest {

    private static final Secret OLD = new Secret("old-secret-0123456789abcdefghijklmnopqrstu", "test");
    private static final Secret NEW = new Secret("new-secret-0123456789abcdefghijklmnopqrstu", "test");

    @Test
    void aSecretsFingerprintIsStableAndDoesNotContainIt() {
        AuthFingerprint old = AuthFingerprint.of(OLD);
        assertThat(old).isEqualTo(AuthFingerprint.of(new Secret(OLD.reveal(), "elsewhere")));
        assertThat(old).isNotEqualTo(AuthFingerprint.of(NEW));
        assertThat(old.text()).matches("HS256 [0-9a-f]{16}").doesNotContain("secret");
        assertThat(AuthFingerprint.parse(old.text())).contains(old);
        assertThat(AuthFingerprint.parse("none")).contains(AuthFingerprint.none());
        assertThat(AuthFingerprint.parse("HS256 not hex")).isEmpty();
    }

    @Test
    void aHostAcceptsTheInventorysCredentialsOnlyWithTheSameSecretOrAKeySetHoldingTheSigningKey() {
        assertThat(AuthFingerprint.of(OLD).accepts(AuthFingerprint.of(OLD))).isTrue();
        assertThat(AuthFingerprint.of(OLD).accepts(AuthFingerprint.of(NEW))).isFalse();
        AuthFingerprint twoKeys = AuthFingerprint.ofKeyFiles(List.of("/keys/" + "a".repeat(64) + ".pem",
                "/keys/" + "b".repeat(64) + ".pem"));
        assertThat(AuthFingerprint.parse(twoKeys.text())).contains(twoKeys);
        assertThat(twoKeys.accepts(AuthFingerprint.ofKeyFiles(List.of("b".repeat(64) + ".pem")))).isTrue();
        assertThat(twoKeys.accepts(AuthFingerprint.ofKeyFiles(List.of("c".repeat(64) + ".pem")))).isFalse();
        assertThat(twoKeys.accepts(AuthFingerprint.of(OLD))).isFalse();
        assertThat(AuthFingerprint.none().accepts(AuthFingerprint.of(OLD))).isFalse();
    }
}
