package dev.jitsideploy.verify.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the BOSH client against an in-process HTTP server that answers with the XML Prosody sends (jitsi-token-auth.md
 * 4.3/4.5), and checks what went over the wire: where the token goes, rid sequencing, the session-creation body.
 */
class BoshTransportTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    private static final String FEATURES = "<body xmlns='http://jabber.org/protocol/httpbind' "
            + "xmlns:stream='http://etherx.jabber.org/streams' sid='s-1' wait='2' requests='2' hold='1' "
            + "secure='true' from='meet.example.com'><stream:features><mechanisms "
            + "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>ANONYMOUS</mechanism></mechanisms>"
            + "</stream:features></body>";
    private static final String TOKEN_REQUIRED = "<body xmlns='http://jabber.org/protocol/httpbind' sid='s-1'>"
            + "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-allowed/><text>token required</text>"
            + "</failure></body>";
    private static final String EMPTY = "<body xmlns='http://jabber.org/protocol/httpbind' sid='s-1'/>";

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private record Request(String rawQuery, XmlElement body) {
    }

    private URI start(Function<XmlElement, Reply> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/http-bind", exchange -> respond(exchange, answer));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/http-bind");
    }

    private record Reply(int status, String body) {
    }

    private void respond(HttpExchange exchange, Function<XmlElement, Reply> answer) throws IOException {
        try (exchange) {
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            XmlElement body;
            try {
                body = ElementReader.parseDocument(text);
            } catch (XmppException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            requests.add(new Request(exchange.getRequestURI().getRawQuery(), body));
            Reply reply = answer.apply(body);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private ServiceEndpoint endpoint(URI base, Duration timeout) throws XmppException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", "probe");
        query.put("token", TOKEN);
        return new ServiceEndpoint(ServiceEndpoint.withQuery(base, query),
                "meet.example.com", TlsTrust.systemDefault(), timeout);
    }

    @Test
    void tokenGoesOnTheCreatingRequestOnlyAndTheFailureIsReadFromTheXml() throws Exception {
        URI base = start(body -> body.child("auth", XmppNamespaces.SASL).isPresent() ? new Reply(200, TOKEN_REQUIRED)
                : body.attribute("sid").isEmpty() ? new Reply(200, FEATURES) : new Reply(200, EMPTY));

        SaslOutcome outcome;
        try (XmppSession session = XmppSession.openBosh(endpoint(base, Duration.ofSeconds(5)))) {
            assertThat(session.saslMechanisms()).containsExactly("ANONYMOUS");
            outcome = session.authenticateAnonymous();
        }

        assertThat(outcome).isEqualTo(new SaslOutcome.Failure("not-allowed", "token required"));
        assertThat(requests.get(0).rawQuery()).isEqualTo("room=probe&token=" + TOKEN);
        assertThat(requests.subList(1, requests.size())).allSatisfy(r -> assertThat(r.rawQuery()).isNull());

        XmlElement create = requests.get(0).body();
        assertThat(create.is("body", XmppNamespaces.HTTPBIND)).isTrue();
        assertThat(create.attributes()).containsEntry("to", "meet.example.com").containsEntry("hold", "1")
                .containsEntry("ver", "1.6").containsEntry("xmpp:version", "1.0").containsEntry("xml:lang", "en")
                .containsEntry("content", "text/xml; charset=utf-8").containsKey("wait").doesNotContainKey("sid");

        XmlElement auth = requests.get(1).body();
        assertThat(auth.attribute("sid")).contains("s-1");
        assertThat(Long.parseLong(auth.attribute("rid").orElseThrow()))
                .isEqualTo(Long.parseLong(create.attribute("rid").orElseThrow()) + 1);
        XmlElement authElement = auth.child("auth", XmppNamespaces.SASL).orElseThrow();
        assertThat(authElement.attribute("mechanism")).contains("ANONYMOUS");
        assertThat(authElement.text()).as("no initial response").isEmpty();

        XmlElement terminate = requests.get(requests.size() - 1).body();
        assertThat(terminate.attribute("type")).contains("terminate");
    }

    @Test
    void silenceAfterAuthIsANoAnswerOutcomeNamingTheStep() throws Exception {
        URI base = start(body -> body.attribute("sid").isEmpty() ? new Reply(200, FEATURES) : new Reply(200, EMPTY));

        try (XmppSession session = XmppSession.openBosh(endpoint(base, Duration.ofSeconds(1)))) {
            SaslOutcome outcome = session.authenticateAnonymous();
            assertThat(outcome).isInstanceOf(NoAnswer.class);
            assertThat(((NoAnswer) outcome).step()).contains("SASL ANONYMOUS").doesNotContain(TOKEN);
        }
    }

    @Test
    void httpErrorNamesTheStatusButNotTheToken() throws Exception {
        URI base = start(body -> new Reply(404, ""));

        assertThatThrownBy(() -> XmppSession.openBosh(endpoint(base, Duration.ofSeconds(5))))
                .isInstanceOf(XmppException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("creating the BOSH session")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void stanzasWithoutXmlnsInABodyAreJabberClient() throws Exception {
        XmlElement body = ElementReader.parseDocument("<body xmlns='http://jabber.org/protocol/httpbind'>"
                + "<iq type='result' id='a1'/></body>");
        XmlElement iq = BoshTransport.stanzaFromBody(body.children().get(0));
        assertThat(iq.is("iq", XmppNamespaces.CLIENT)).isTrue();
    }
}
