package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.verify.token.SigningKey;
import dev.jitsideploy.verify.token.TokenClaims;
import dev.jitsideploy.verify.token.TokenProfile;
import dev.jitsideploy.verify.xmpp.JoinOutcome;
import dev.jitsideploy.verify.xmpp.NoAnswer;
import dev.jitsideploy.verify.xmpp.SaslOutcome;
import dev.jitsideploy.verify.xmpp.StanzaError;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import dev.jitsideploy.verify.xmpp.XmlElement;
import dev.jitsideploy.verify.xmpp.XmppNamespaces;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ProbeCaseTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final SigningKey KEY = SigningKey.hmacSha256("Kx7Qm2Vb9Tn4Lr8Wc1Zp6Hs3Jd5Fg0Ay-SECRET_");

    private static ProbeTarget target(boolean allowEmpty, boolean checksAudience) throws Exception {
        return target(KEY, allowEmpty, checksAudience);
    }

    private static ProbeTarget target(SigningKey key, boolean allowEmpty, boolean checksAudience) throws Exception {
        return new ProbeTarget("lab1", "lab1.jitsi.test", "conference.lab1.jitsi.test", "focus.lab1.jitsi.test",
                URI.create("https://lab1.jitsi.test/"), TlsTrust.systemDefault(),
                new TokenProfile("app", "jitsi", "lab1.jitsi.test", key.algorithm()), key, "probe", allowEmpty, true,
                checksAudience, Duration.ofSeconds(30));
    }

    @Test
    void forgedRs256TokenCarriesTheRealKidButAnotherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey real = generator.generateKeyPair().getPrivate();
        ProbeTarget target = target(SigningKey.rsaSha256(real, "meet-a"), false, true);

        SigningKey forged = ProbeCase.OTHER_SECRET.key(target, new SecureRandom());
        assertThat(forged).isInstanceOfSatisfying(SigningKey.Rsa.class, rsa -> {
            assertThat(rsa.keyId()).isEqualTo("meet-a");
            assertThat(rsa.key().getEncoded()).isNotEqualTo(real.getEncoded());
        });
        assertThat(forged.describe()).isEqualTo("RS256, kid meet-a");
        assertThat(ProbeCase.OTHER_SECRET.expectation(target))
                .isEqualTo(new Expectation.SaslRefused("not-allowed", "Invalid signature"));
    }

    private static String json(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }

    @Test
    void algNoneIsTheValidTokenUnsignedWithAlgNone() throws Exception {
        ProbeTarget target = target(false, true);
        String[] parts = ProbeCase.ALG_NONE.token(target, "probe-1", NOW, new SecureRandom()).orElseThrow()
                .compact().split("\\.", -1);
        String[] valid = ProbeCase.VALID.token(target, "probe-1", NOW, new SecureRandom()).orElseThrow()
                .compact().split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(json(parts[0])).contains("\"alg\":\"none\"", "\"typ\":\"JWT\"");
        assertThat(parts[1]).isEqualTo(valid[1]);
        assertThat(parts[2]).isEmpty();
        assertThat(ProbeCase.ALG_NONE.expectation(target))
                .isEqualTo(new Expectation.SaslRefused("not-allowed", "Invalid or incorrect alg"));
        assertThat(ProbeCase.applicableTo(target)).contains(ProbeCase.ALG_NONE).doesNotContain(ProbeCase.KEY_CONFUSION);
    }

    @Test
    void keyConfusionIsAnHmacKeyedWithThePublishedPemText() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        ProbeTarget target = target(SigningKey.rsaSha256(pair.getPrivate(), "meet-a"), false, true);
        String compact = ProbeCase.KEY_CONFUSION.token(target, "probe-1", NOW, new SecureRandom()).orElseThrow()
                .compact();
        String[] parts = compact.split("\\.", -1);
        assertThat(json(parts[0])).contains("\"alg\":\"HS256\"", "\"kid\":\"meet-a\"", "\"typ\":\"JWT\"");
        assertThat(json(parts[1])).contains("\"room\":\"probe-1\"");

        // What a verifier that trusts the token's alg would compute with the key it fetched for the kid.
        byte[] published = ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(published, "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(parts[2]).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
        assertThat(ProbeCase.applicableTo(target)).contains(ProbeCase.KEY_CONFUSION, ProbeCase.ALG_NONE);
        assertThat(ProbeCase.KEY_CONFUSION.expectation(target))
                .isEqualTo(new Expectation.SaslRefused("not-allowed", "Invalid or incorrect alg"));
        // The server's refusal for the right reason passes; a refusal for the signature would mean alg was trusted.
        assertThat(ProbeCase.KEY_CONFUSION.expectation(target).judgeSasl(
                new SaslOutcome.Failure("not-allowed", "Invalid or incorrect alg"))).isEmpty();
        assertThat(ProbeCase.KEY_CONFUSION.expectation(target).judgeSasl(
                new SaslOutcome.Failure("not-allowed", "Invalid signature"))).isPresent();
        assertThat(ProbeCase.KEY_CONFUSION.expectation(target).judgeSasl(new SaslOutcome.Success()))
                .contains("the server ACCEPTED it");
    }

    @Test
    void eachCaseBreaksExactlyOneThing() throws Exception {
        ProbeTarget target = target(false, true);
        TokenClaims valid = ProbeCase.VALID.claims(target, "probe-1", NOW).orElseThrow();
        assertThat(valid.room()).isEqualTo("probe-1");
        assertThat(valid.expiresAt()).isAfter(NOW);

        assertThat(ProbeCase.NO_TOKEN.claims(target, "probe-1", NOW)).isEmpty();
        assertThat(ProbeCase.EXPIRED.claims(target, "probe-1", NOW).orElseThrow().expiresAt())
                .isBefore(NOW.minus(Duration.ofMinutes(5)));
        TokenClaims early = ProbeCase.NOT_YET_VALID.claims(target, "probe-1", NOW).orElseThrow();
        assertThat(early.notBefore()).isAfter(NOW.plus(Duration.ofMinutes(5)));
        assertThat(early.expiresAt()).isAfter(early.notBefore());
        assertThat(ProbeCase.WRONG_ISSUER.claims(target, "probe-1", NOW).orElseThrow())
                .isEqualTo(valid.withIssuer("not-app"));
        assertThat(ProbeCase.WRONG_AUDIENCE.claims(target, "probe-1", NOW).orElseThrow())
                .isEqualTo(valid.withAudience("not-jitsi"));
        assertThat(ProbeCase.OTHER_ROOM.claims(target, "probe-1", NOW).orElseThrow())
                .isEqualTo(valid.withRoom("probe-1-other"));
        assertThat(ProbeCase.OTHER_SECRET.key(target, new SecureRandom())).isNotEqualTo(KEY);
        assertThat(ProbeCase.VALID.key(target, new SecureRandom())).isEqualTo(KEY);
    }

    @Test
    void audienceCaseOnlyWhenTheHostChecksAudiences() throws Exception {
        assertThat(ProbeCase.applicableTo(target(false, true))).contains(ProbeCase.WRONG_AUDIENCE);
        assertThat(ProbeCase.applicableTo(target(false, false))).doesNotContain(ProbeCase.WRONG_AUDIENCE)
                .contains(ProbeCase.WRONG_ISSUER, ProbeCase.OTHER_ROOM);
    }

    @Test
    void refusalForTheWrongReasonFails() throws Exception {
        Expectation expired = ProbeCase.EXPIRED.expectation(target(false, true));
        assertThat(expired.judgeSasl(new SaslOutcome.Failure("not-allowed",
                "Not acceptable by exp (600 sec since expired)"))).isEmpty();
        assertThat(expired.judgeSasl(new SaslOutcome.Failure("not-allowed", "Invalid signature")))
                .contains("refused for another reason than expected");
        assertThat(expired.judgeSasl(new SaslOutcome.Success())).contains("the server ACCEPTED it");
        assertThat(expired.judgeSasl(new NoAnswer("waiting for SASL", Duration.ofSeconds(30))))
                .contains("the server did not answer");
        assertThat(expired.judgeSasl(new SaslOutcome.NotOffered("ANONYMOUS", List.of("PLAIN"))).orElseThrow())
                .contains("does not offer SASL ANONYMOUS");
    }

    @Test
    void allowEmptyTokenExpectsTheTokenlessSessionToBeAccepted() throws Exception {
        Expectation expectation = ProbeCase.NO_TOKEN.expectation(target(true, true));
        assertThat(expectation.judgeSasl(new SaslOutcome.Success())).isEmpty();
        assertThat(ProbeCase.NO_TOKEN.expectation(target(false, true)).judgeSasl(new SaslOutcome.Success()))
                .isPresent();
    }

    @Test
    void theLikelyCauseIsNamedForAnOpenHostAndForADifferentSecret() throws Exception {
        assertThat(ProbeCase.NO_TOKEN.expectation(target(false, true)).judgeSasl(new SaslOutcome.Success())
                .orElseThrow()).startsWith("the server ACCEPTED it without a token").contains("allow_empty_token");
        assertThat(ProbeCase.VALID.expectation(target(false, true)).judgeSasl(new SaslOutcome.Failure("not-allowed",
                "Invalid signature")).orElseThrow()).contains("app_secret").contains("not the inventory's");
        assertThat(ProbeCase.VALID.expectation(target(false, true)).judgeSasl(new SaslOutcome.Failure("not-allowed",
                "token required"))).contains("the server refused it");
    }

    @Test
    void aTokenWithoutRoomPassesOnSilenceOrTheNewestRefusalAndFailsWhenAccepted() throws Exception {
        ProbeTarget target = target(false, true);
        Expectation expectation = ProbeCase.NO_ROOM_CLAIM.expectation(target);
        assertThat(ProbeCase.NO_ROOM_CLAIM.claims(target, "probe-1", NOW).orElseThrow().room()).isNull();
        assertThat(ProbeCase.NO_ROOM_CLAIM.firstTransportOnly()).isTrue();
        assertThat(expectation.answerWait(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
        assertThat(expectation.judgeSasl(new NoAnswer("waiting", Duration.ofSeconds(3)))).isEmpty();
        assertThat(expectation.judgeSasl(new SaslOutcome.Failure("not-authorized", "room claim is missing")))
                .isEmpty();
        assertThat(expectation.judgeSasl(new SaslOutcome.Failure("not-allowed", "Invalid signature"))).isPresent();
        assertThat(expectation.judgeSasl(new SaslOutcome.Success())).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("the server ACCEPTED a token without a room claim"));
    }

    @Test
    void otherRoomMustBeRefusedAtJoinWithJitsisWords() throws Exception {
        Expectation expectation = ProbeCase.OTHER_ROOM.expectation(target(false, true));
        assertThat(expectation.joins()).isTrue();
        StanzaError mismatch = new StanzaError("cancel", "not-allowed", "Room and token mismatched", List.of());
        assertThat(expectation.judgeJoin(new JoinOutcome.Refused(mismatch))).isEmpty();
        StanzaError newer = new StanzaError("cancel", "not-allowed", "Room does not match the room from token",
                List.of(XmlElement.of("room-mismatch", XmppNamespaces.JITMEET)));
        assertThat(expectation.judgeJoin(new JoinOutcome.Refused(newer))).isEmpty();
        StanzaError restricted = new StanzaError("cancel", "not-allowed", "Room creation is restricted", List.of());
        assertThat(expectation.judgeJoin(new JoinOutcome.Refused(restricted))).isPresent();
        assertThat(expectation.judgeJoin(new JoinOutcome.Joined("r@c/n", Set.of(110), "none", "participant")))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("the MUC LET IT JOIN")
                        .contains("token_verification is not in the MUC's modules_enabled"));
    }

    @Test
    void websocketUrlIsDerivedFromThePublicUrl() {
        assertThat(ProbeTransport.WEBSOCKET.serviceUri(URI.create("https://lab1.jitsi.test/")))
                .isEqualTo(URI.create("wss://lab1.jitsi.test/xmpp-websocket"));
        assertThat(ProbeTransport.BOSH.serviceUri(URI.create("https://lab1.jitsi.test")))
                .isEqualTo(URI.create("https://lab1.jitsi.test/http-bind"));
    }
}
