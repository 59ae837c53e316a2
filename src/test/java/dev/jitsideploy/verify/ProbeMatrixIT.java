package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.cli.CliRun;
import dev.jitsideploy.cli.ExitCode;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import dev.jitsideploy.secrets.SecretResolver;
import dev.jitsideploy.verify.token.SigningKey;
import dev.jitsideploy.verify.xmpp.SaslOutcome;
import dev.jitsideploy.verify.xmpp.ServiceEndpoint;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import dev.jitsideploy.verify.xmpp.XmppSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole probe matrix over BOSH and WebSocket through the lab's nginx, against token auth set up on lab1 as the
 * jitsi-meet-tokens package does it (plus the accepted issuer/audience lists the lab inventory names); the verify
 * and token commands on it and on the untouched quick-install lab2; then lab1 with the MUC's token_verification
 * taken out, which the matrix must catch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbeMatrixIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withHosts(2);

    private static ProbeTarget target;

    @BeforeAll
    static void tokenAuthOnLab1() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        String file = "/etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua";
        // The secret goes in on standard input, so it is never on a command line (and the host need not see the
        // checkout: a systemd host has a /tmp of its own).
        byte[] secret = Files.readAllBytes(lab.script().clientDirectory().resolve("app_secret"));
        lab.exec(lab1, "secret=$(cat) && sed -i"
                + " -e 's|authentication = \"jitsi-anonymous\" -- do not delete me"
                + "|authentication = \"token\" -- do not delete me|'"
                + " -e 's|--app_id=\"example_app_id\"|app_id=\"jitsi-deploy-lab\"|'"
                + " -e \"s|--app_secret=\\\"example_app_secret\\\"|app_secret=\\\"$secret\\\"|\""
                + " -e 's|--\"token_verification\";|\"token_verification\";|'"
                + " -e '1i asap_accepted_issuers = { \"jitsi-deploy-lab\" }\\nasap_accepted_audiences = { \"jitsi\" }'"
                + " " + file, secret);
        lab.restartProsodyAndJicofo(lab1);
        // config.js as apply would deploy it, so the served-config check has the deployed file to compare with
        Path rendered = Path.of("target", "probe-it-render").toAbsolutePath();
        CliRun render = CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), "render", "-i",
                lab.inventory().toString(), "-o", rendered.toString(), "--limit", lab1.name());
        assertThat(render.exitCode()).as(render.all()).isZero();
        String configJs = "/etc/jitsi/meet/" + lab1.domain() + "-config.js";
        lab.exec(lab1, "cat > " + configJs, Files.readAllBytes(rendered.resolve(lab1.name() + configJs)));
        HostConfig host = new InventoryLoader().load(lab.inventory()).hosts().stream()
                .filter(h -> h.name().equals(lab1.name())).findFirst().orElseThrow();
        target = ProbeTarget.of(host, SigningKey.hmacSha256(new SecretResolver(System.getenv())
                .resolve(host.auth().appSecret()).reveal()), TlsTrust.caFile(lab.caFile()),
                ProbeTarget.DEFAULT_STEP_TIMEOUT);
    }

    @Test
    @Order(1)
    void everyCasePassesOverBoshAndWebSocketOnAnEnforcingHost() throws Exception {
        List<CaseResult> results = new ProbeRunner(Clock.systemUTC()).runAll(target,
                List.of(ProbeTransport.BOSH, ProbeTransport.WEBSOCKET));
        writeFigures("probe-matrix-enforcing.txt", results);

        // all but KEY_CONFUSION (RS256 only); the no-room case is decided at SASL alone, on the first transport only
        assertThat(results).hasSize(2 * (ProbeCase.values().length - 1) - 1);
        assertThat(results).extracting(CaseResult::probeCase).contains(ProbeCase.ALG_NONE, ProbeCase.NO_ROOM_CLAIM);
        assertThat(results).allSatisfy(result -> assertThat(result.passed()).as(result.toString()).isTrue());
        assertThat(results).filteredOn(result -> result.probeCase() == ProbeCase.NO_ROOM_CLAIM).singleElement()
                .satisfies(result -> assertThat(result.observed()).startsWith(
                        "no SASL answer, as Jitsi's token module does for a token without room (no answer within "));
        assertThat(results).allSatisfy(result -> assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10)));
    }

    @Test
    @Order(2)
    void verifyCommandPassesTheEnforcingHostAndFailsTheQuickInstallOne() {
        Path checkout = Path.of("").toAbsolutePath();
        String inventory = LAB.lab().inventory().toString();

        CliRun enforcing = CliRun.run(checkout, System.getenv(), "verify", "-i", inventory, "--limit", "lab1");
        assertThat(enforcing.exitCode()).as(enforcing.all()).isZero();
        assertThat(enforcing.out()).contains("lab1: ok (19/19 cases passed)");

        CliRun open = CliRun.run(checkout, System.getenv(), "verify", "-i", inventory, "--limit", "lab2",
                "--transport", "websocket");
        assertThat(open.exitCode()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(open.out()).contains("lab2: FAIL websocket no token: SASL success — the server ACCEPTED it")
                .contains("lab2: FAIL config.js: the config.js served at https://lab2.jitsi.test/config.js is not"
                        + " the one")
                .contains("lab2: FAILED");
        assertThat(enforcing.all() + open.all()).doesNotContain(secret());
    }

    @Test
    @Order(3)
    void tokenCommandOutputIsAcceptedByTheHost() throws Exception {
        RunningLab lab = LAB.lab();
        CliRun minted = CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), "token", "-i",
                lab.inventory().toString(), "--host", "lab1", "--room", "daily", "--ttl", "5m");
        assertThat(minted.exitCode()).as(minted.err()).isZero();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", "daily");
        query.put("token", minted.out().strip());
        ServiceEndpoint endpoint = new ServiceEndpoint(ServiceEndpoint.withQuery(
                URI.create(lab.host(1).publicUrl() + "http-bind"), query), lab.host(1).domain(),
                TlsTrust.caFile(lab.caFile()), Duration.ofSeconds(30));
        try (XmppSession session = XmppSession.openBosh(endpoint)) {
            assertThat(session.authenticateAnonymous()).isEqualTo(new SaslOutcome.Success());
        }
    }

    private static String secret() {
        try {
            return LAB.lab().appSecret();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(4)
    void aMucWithoutTokenVerificationIsCaughtByTheOtherRoomCase() throws Exception {
        RunningLab lab = LAB.lab();
        LabHost lab1 = lab.host(1);
        lab.exec(lab1, "sed -i 's|^\\(\\s*\\)\"token_verification\";|\\1--\"token_verification\";|'"
                + " /etc/prosody/conf.avail/" + lab1.domain() + ".cfg.lua");
        lab.restartProsodyAndJicofo(lab1);

        ProbeRunner runner = new ProbeRunner(Clock.systemUTC());
        List<CaseResult> results = List.of(
                runner.run(target, ProbeCase.OTHER_ROOM, ProbeTransport.BOSH),
                runner.run(target, ProbeCase.OTHER_ROOM, ProbeTransport.WEBSOCKET),
                runner.run(target, ProbeCase.EXPIRED, ProbeTransport.BOSH));
        writeFigures("probe-matrix-no-token-verification.txt", results);

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).problem()).startsWith("the MUC LET IT JOIN").contains("token_verification");
        assertThat(results.get(1).problem()).startsWith("the MUC LET IT JOIN").contains("token_verification");
        assertThat(results.get(2).passed()).as("SASL still checks the token").isTrue();
    }

    private static void writeFigures(String name, List<CaseResult> results) throws Exception {
        Path out = Path.of("target", "probe-figures");
        Files.createDirectories(out);
        Files.writeString(out.resolve(name), results.stream().map(CaseResult::toString)
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
    }
}
