package dev.jitsideploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.verify.xmpp.ConferenceOutcome;
import dev.jitsideploy.verify.xmpp.JoinOutcome;
import dev.jitsideploy.verify.xmpp.SaslOutcome;
import dev.jitsideploy.verify.xmpp.ServiceEndpoint;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import dev.jitsideploy.verify.xmpp.XmppSession;
import io.jsonwebtoken.Jwts;
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
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
                "sed -i -e 's|authentication = \"jitsi-anonymous\" -- do not delete me|authentication = \"token\" -- do not delete me|'"
                        + " -e 's|--app_id=\"example_app_id\"|app_id=\"" + APP_ID + "\"|'"
                        + " -e \"s|--app_secret=\\\"example_app_secret\\\"|app_secret=\\\"$(cat)\\\"|\""
                        + " -e 's|--\"token_verification\";|\"token_verification\";|' " + file,
                "service prosody restart", "service jicofo restart");
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
    void theOtherHostStillHasTheQuickInstallsAnonymousLogin() throws Exception {
        assertThat(authenticate(LAB.lab().host(2), null, "probe")).isEqualTo(new SaslOutcome.Success());
    }

    private static SaslOutcome authenticate(LabHost host, String token, String room) throws Exception {
        try (XmppSession session = XmppSession.openBosh(endpoint(host, token, room))) {
            return session.authenticateAnonymous();
        }
    }

    private static ServiceEndpoint endpoint(LabHost host, String token, String room) throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", room);
        if (token != null) {
            query.put("token", token);
        }
        URI uri = ServiceEndpoint.withQuery(URI.create(host.publicUrl() + "http-bind"), query);
        return new ServiceEndpoint(uri, host.domain(), TlsTrust.caFile(LAB.lab().caFile()), STEP);
    }

    /** A token as Jitsi wants it from jjwt: typ JWT, HS256 chosen explicitly, one-string aud, times in seconds. */
    private static String mint(LabHost host, String room, Instant expiresAt) throws Exception {
        Instant now = Instant.now();
        return Jwts.builder()
                .header().type("JWT").and()
                .issuer(APP_ID)
                .audience().single("jitsi")
                .subject(host.domain())
                .claim("room", room)
                .issuedAt(Date.from(now.minusSeconds(600)))
                .notBefore(Date.from(now.minusSeconds(30)))
                .expiration(Date.from(expiresAt))
                .signWith(Keys.hmacShaKeyFor(LAB.lab().appSecret().getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
