package dev.jitsideploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.verify.xmpp.ConferenceOutcome;
import dev.jitsideploy.verify.xmpp.JoinOutcome;
import dev.jitsideploy.verify.xmpp.NoAnswer;
import dev.jitsideploy.verify.xmpp.SaslOutcome;
import dev.jitsideploy.verify.xmpp.ServiceEndpoint;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import dev.jitsideploy.verify.xmpp.XmppSession;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.Keys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Token auth configured by hand on lab1 (as the jitsi-meet-tokens package would do it) is enforced by the lab's
 * token stand-in through nginx, BOSH and the MUC, with Jitsi's answers.
 */
class LabTokenAuthIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(2);

    private static final String APP_ID = "jitsi-deploy-lab";
    private static final Duration STEP = Duration.ofSeconds(30);

    @BeforeAll
    static void configureTokenAuthByHandOnLab1() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String file = "/etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua";
        // What the jitsi-meet-tokens postinst does with sed, plus the MUC's token_verification.
        String script = String.join(" && ",
                "sed -i -e 's|authentication = \"jitsi-anonymous\" -- do not delete me"
                        + "|authentication = \"token\" -- do not delete me|'"
                        + " -e 's|--app_id=\"example_app_id\"|app_id=\"" + APP_ID + "\"|'"
                        + " -e \"s|--app_secret=\\\"example_app_secret\\\"|app_secret=\\\"$(cat)\\\"|\""
                        + " -e 's|--\"token_verification\";|\"token_verification\";|' " + file,
                "service prosody restart", "service jicofo restart");
        if (!lab.loginUser(lab1).equals("root")) {
            // As an operator does it: through sudo (the lab's deploy user needs no password for it).
            script = "sudo -n sh -c " + dev.jitsideploy.remote.ShellQuoting.quote(script);
        }
        try (SSHClient ssh = LabHostsIT.connect(lab, lab1, lab.knownHosts());
             var session = ssh.startSession()) {
            var command = session.exec(script);
            command.getOutputStream().write(lab.appSecret().getBytes(StandardCharsets.US_ASCII));
            command.getOutputStream().close();
            String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(command.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            command.join();
            assertThat(command.getExitStatus()).as("configuring token auth: %s %s", out, err).isZero();
        }
        assertThat(lab.exec(lab1, "grep -c 'authentication = \"token\" -- do not delete me' " + file).strip())
                .isEqualTo("1");
    }

    @Test
    void boshSessionWithoutTokenIsRefusedWithTokenRequired() throws Exception {
        assertThat(authenticate(LAB.lab().host(1), null, "probe"))
                .isEqualTo(new SaslOutcome.Failure("not-allowed", "token required"));
    }

    @Test
    void validHs256TokenIsAccepted() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        String token = mint(lab1, "probe", Instant.now().plusSeconds(300));
        assertThat(authenticate(lab1, token, "probe")).isEqualTo(new SaslOutcome.Success());
    }

    @Test
    void expiredTokenIsRefusedWithNotAcceptableByExp() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        String token = mint(lab1, "probe", Instant.now().minusSeconds(120));
        SaslOutcome outcome = authenticate(lab1, token, "probe");
        assertThat(outcome).isInstanceOf(SaslOutcome.Failure.class);
        SaslOutcome.Failure failure = (SaslOutcome.Failure) outcome;
        assertThat(failure.condition()).isEqualTo("not-allowed");
        assertThat(failure.text()).startsWith("Not acceptable by exp");
    }

    @Test
    void tokenForAnotherRoomIsRefusedAtJoinAfterJicofoCreatedTheRoom() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        String room = "probe" + HexFormat.of().formatHex(randomBytes(4));
        String token = mint(lab1, "someotherroom", Instant.now().plusSeconds(300));
        try (XmppSession session = XmppSession.openBosh(endpoint(lab1, token, room))) {
            assertThat(session.authenticateAnonymous()).isEqualTo(new SaslOutcome.Success());
            session.restartStream();
            session.bind("probe");
            String roomJid = room + "@conference." + lab1.domain();
            ConferenceOutcome conference = session.requestConference("focus." + lab1.domain(), roomJid, STEP);
            assertThat(conference).isInstanceOf(ConferenceOutcome.Ready.class);
            JoinOutcome join = session.joinRoom(roomJid, "probe");
            assertThat(join).isInstanceOf(JoinOutcome.Refused.class);
            var error = ((JoinOutcome.Refused) join).error();
            assertThat(error.type()).isEqualTo("cancel");
            assertThat(error.condition()).isEqualTo("not-allowed");
            assertThat(error.text()).isEqualTo("Room and token mismatched");
        }
    }

    @Test
    void webSocketSessionsReadTheTokenFromTheUpgradeRequestToo() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        URI webSocket = URI.create("wss://" + lab1.domain() + "/xmpp-websocket");
        String valid = mint(lab1, "probe", Instant.now().plusSeconds(300));
        try (XmppSession session = XmppSession.openWebSocket(endpoint(lab1, valid, "probe", webSocket))) {
            assertThat(session.saslMechanisms()).containsExactly("ANONYMOUS");
            assertThat(session.authenticateAnonymous()).isEqualTo(new SaslOutcome.Success());
        }
        try (XmppSession session = XmppSession.openWebSocket(endpoint(lab1, null, "probe", webSocket))) {
            assertThat(session.authenticateAnonymous())
                    .isEqualTo(new SaslOutcome.Failure("not-allowed", "token required"));
        }
    }

    @Test
    void theOtherHostStillHasTheQuickInstallsAnonymousLogin() throws Exception {
        assertThat(authenticate(LAB.lab().host(2), null, "probe")).isEqualTo(new SaslOutcome.Success());
    }

    private static SaslOutcome authenticate(LabHost host, String token, String room) throws Exception {
        try (XmppSession session = XmppSession.openBosh(endpoint(host, token, room))) {
            return session.authenticateAnonymous();
        }
    }

    private static ServiceEndpoint endpoint(LabHost host, String token, String room) throws Exception {
        return endpoint(host, token, room, URI.create(host.publicUrl() + "http-bind"));
    }

    private static ServiceEndpoint endpoint(LabHost host, String token, String room, URI base) throws Exception {
        return endpoint(host, token, room, base, STEP);
    }

    /** The public BOSH or WebSocket URL with ?room=...[&token=...], trusting the lab CA. */
    private static ServiceEndpoint endpoint(LabHost host, String token, String room, URI base, Duration step)
            throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", room);
        if (token != null) {
            query.put("token", token);
        }
        return new ServiceEndpoint(ServiceEndpoint.withQuery(base, query), host.domain(),
                TlsTrust.caFile(LAB.lab().caFile()), step);
    }

    /** A token as Jitsi wants it from jjwt: typ JWT, HS256 chosen explicitly, one-string aud, times in seconds. */
    private static String mint(LabHost host, String room, Instant expiresAt) throws Exception {
        Instant now = Instant.now();
        return sign(new Claims(APP_ID, "jitsi", host.domain(), room, now.minusSeconds(30), expiresAt), true,
                Jwts.SIG.HS256, LAB.lab().appSecret());
    }

    /** The claims of a test token; a null one is left out. */
    private record Claims(String issuer, String audience, String subject, String room, Instant notBefore,
                          Instant expiresAt) {
        static Claims valid(LabHost host) {
            Instant now = Instant.now();
            return new Claims(APP_ID, "jitsi", host.domain(), "probe", now.minusSeconds(30), now.plusSeconds(300));
        }
    }

    private static String sign(Claims claims, boolean typJwt, MacAlgorithm algorithm, String secret) {
        JwtBuilder builder = Jwts.builder();
        if (typJwt) {
            builder.header().type("JWT");
        }
        if (claims.issuer() != null) {
            builder.issuer(claims.issuer());
        }
        if (claims.audience() != null) {
            builder.audience().single(claims.audience());
        }
        if (claims.subject() != null) {
            builder.subject(claims.subject());
        }
        if (claims.room() != null) {
            builder.claim("room", claims.room());
        }
        builder.notBefore(Date.from(claims.notBefore())).expiration(Date.from(claims.expiresAt()));
        return builder.signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), algorithm).compact();
    }

    static Stream<Arguments> refusedTokens() {
        LabHost lab1 = LabHost.of(1);
        Instant now = Instant.now();
        Claims valid = Claims.valid(lab1);
        String wrongSecret = "x".repeat(64);
        return Stream.of(
                Arguments.of("wrong secret", valid, true, Jwts.SIG.HS256, wrongSecret, "not-allowed",
                        "Invalid signature"),
                Arguments.of("HS512 while HS256 is configured", valid, true, Jwts.SIG.HS512, null, "not-allowed",
                        "Invalid or incorrect alg"),
                Arguments.of("no typ", valid, false, Jwts.SIG.HS256, null, "not-allowed", "Invalid typ"),
                Arguments.of("nbf in the future", new Claims(APP_ID, "jitsi", lab1.domain(), "probe",
                        now.plusSeconds(120), now.plusSeconds(300)), true, Jwts.SIG.HS256, null, "not-allowed",
                        "Not acceptable by nbf"),
                Arguments.of("wrong iss", new Claims("someone-else", "jitsi", lab1.domain(), "probe",
                        valid.notBefore(), valid.expiresAt()), true, Jwts.SIG.HS256, null, "not-allowed",
                        "invalid 'iss' claim"),
                Arguments.of("no iss", new Claims(null, "jitsi", lab1.domain(), "probe",
                        valid.notBefore(), valid.expiresAt()), true, Jwts.SIG.HS256, null, "not-allowed",
                        "'iss' claim is missing"),
                Arguments.of("no aud", new Claims(APP_ID, null, lab1.domain(), "probe",
                        valid.notBefore(), valid.expiresAt()), true, Jwts.SIG.HS256, null, "not-allowed",
                        "'aud' claim is missing"));
    }

    /**
     * As stable 10532 in Prosody 0.12 (jitsi-token-auth.md sections 8, 9): the server sends no SASL answer at all for
     * a token without {@code room}, and the session is still there (a valid token on a new one still works).
     */
    @Test
    void tokenWithoutRoomClaimGetsNoSaslAnswer() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        Claims valid = Claims.valid(lab1);
        String token = sign(new Claims(APP_ID, "jitsi", lab1.domain(), null, valid.notBefore(), valid.expiresAt()),
                true, Jwts.SIG.HS256, LAB.lab().appSecret());
        SaslOutcome outcome;
        try (XmppSession session = XmppSession.openBosh(endpoint(lab1, token, "probe"))) {
            outcome = session.authenticateAnonymous(Duration.ofSeconds(5));
        }
        assertThat(outcome).isInstanceOf(NoAnswer.class);
        assertThat(LAB.lab().exec(lab1, "grep -c 'invalid tag name' /var/log/prosody/prosody.log || true").strip())
                .as("Prosody failed while building the refusal, as with Jitsi's module").isNotEqualTo("0");
        assertThat(authenticate(lab1, mint(lab1, "probe", Instant.now().plusSeconds(300)), "probe"))
                .isEqualTo(new SaslOutcome.Success());
    }

    /** A token without {@code sub} passes SASL; the MUC join, where Jitsi's plugin stumbles over it, gets no answer. */
    @Test
    void tokenWithoutSubIsAcceptedAtLoginAndItsJoinIsNeverAnswered() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        Claims valid = Claims.valid(lab1);
        String room = "probe" + HexFormat.of().formatHex(randomBytes(4));
        String token = sign(new Claims(APP_ID, "jitsi", null, room, valid.notBefore(), valid.expiresAt()),
                true, Jwts.SIG.HS256, LAB.lab().appSecret());
        try (XmppSession session = XmppSession.openBosh(endpoint(lab1, token, room, URI.create(lab1.publicUrl()
                + "http-bind"), Duration.ofSeconds(5)))) {
            assertThat(session.authenticateAnonymous()).isEqualTo(new SaslOutcome.Success());
            session.restartStream();
            session.bind("probe");
            String roomJid = room + "@conference." + lab1.domain();
            assertThat(session.requestConference("focus." + lab1.domain(), roomJid, STEP))
                    .isInstanceOf(ConferenceOutcome.Ready.class);
            assertThat(session.joinRoom(roomJid, "probe")).isInstanceOf(NoAnswer.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void refusedTokensGetJitsisSaslAnswer(String name, Claims claims, boolean typJwt, MacAlgorithm algorithm,
                                          String secret, String condition, String text) throws Exception {
        String token = sign(claims, typJwt, algorithm, secret == null ? LAB.lab().appSecret() : secret);
        assertThat(authenticate(LAB.lab().host(1), token, "probe"))
                .isEqualTo(new SaslOutcome.Failure(condition, text));
    }

    @Test
    void garbageIsAnInvalidToken() throws Exception {
        assertThat(authenticate(LAB.lab().host(1), "not-a-jwt", "probe"))
                .isEqualTo(new SaslOutcome.Failure("not-allowed", "Invalid token"));
    }

    @Test
    void tokenForTheRoomJoinsIt() throws Exception {
        LabHost lab1 = LAB.lab().host(1);
        String room = "probe" + HexFormat.of().formatHex(randomBytes(4));
        String token = mint(lab1, room, Instant.now().plusSeconds(300));
        try (XmppSession session = XmppSession.openBosh(endpoint(lab1, token, room))) {
            assertThat(session.authenticateAnonymous()).isEqualTo(new SaslOutcome.Success());
            session.restartStream();
            session.bind("probe");
            String roomJid = room + "@conference." + lab1.domain();
            assertThat(session.requestConference("focus." + lab1.domain(), roomJid, STEP))
                    .isInstanceOf(ConferenceOutcome.Ready.class);
            assertThat(session.joinRoom(roomJid, "probe")).isInstanceOf(JoinOutcome.Joined.class);
        }
    }

    @Test
    void focusComponentAnswersServiceUnavailableWhileJicofoIsDown() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String room = "probe" + HexFormat.of().formatHex(randomBytes(4));
        lab.exec(lab1, "service jicofo stop");
        try (XmppSession session = XmppSession.openBosh(endpoint(lab1, mint(lab1, room,
                Instant.now().plusSeconds(300)), room))) {
            assertThat(session.authenticateAnonymous()).isEqualTo(new SaslOutcome.Success());
            session.restartStream();
            session.bind("probe");
            ConferenceOutcome outcome = session.requestConference("focus." + lab1.domain(),
                    room + "@conference." + lab1.domain(), STEP);
            assertThat(outcome).isInstanceOf(ConferenceOutcome.Refused.class);
            assertThat(((ConferenceOutcome.Refused) outcome).error().condition()).isEqualTo("service-unavailable");
        } finally {
            // Later tests need the focus back: wait until the stand-in has logged in again.
            String loggedIn = "grep -c 'logged in as focus' /var/log/jitsi/jicofo.log || true";
            int before = Integer.parseInt(lab.exec(lab1, loggedIn).strip());
            lab.exec(lab1, "service jicofo start");
            Instant deadline = Instant.now().plus(STEP);
            while (Integer.parseInt(lab.exec(lab1, loggedIn).strip()) == before && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
