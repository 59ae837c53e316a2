package dev.jitsideploy.verify.xmpp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One XMPP client session on one transport, driven step by step so a probe can stop after any step and judge what
 * the server said. Every step waits at most the endpoint's step timeout; silence becomes a {@code NoAnswer} outcome
 * (SASL, conference, join) or a {@link NoAnswerException} (stream set-up, bind, IQs) that names the step.
 *
 * <p>Elements that arrive while a step waits for something else are kept, in order, for later steps and for
 * {@link #receive(Duration)}. Not thread-safe: one thread drives a session.
 */
public final class XmppSession implements AutoCloseable {

    private static final Duration CONFERENCE_RETRY_PAUSE = Duration.ofSeconds(1);

    private final XmppTransport transport;
    private final String domain;
    private final Duration stepTimeout;
    private final List<XmlElement> backlog = new ArrayList<>();
    /** One for the run (SecureRandom is thread-safe): a new one per host or session seeds itself each time. */
    private static final SecureRandom RANDOM = new SecureRandom();
    private XmlElement features;
    private String jid;
    private long nextId;

    private XmppSession(XmppTransport transport, String domain, Duration stepTimeout) {
        this.transport = transport;
        this.domain = domain;
        this.stepTimeout = stepTimeout;
    }

    /** Creates a BOSH session; the endpoint's query (token, room) goes on the creating request only. */
    public static XmppSession openBosh(ServiceEndpoint endpoint) throws XmppException {
        return open(new BoshTransport(endpoint), endpoint.domain(), endpoint.stepTimeout());
    }

    /** Opens a WebSocket (subprotocol xmpp) with the endpoint's query on the upgrade request, then the stream. */
    public static XmppSession openWebSocket(ServiceEndpoint endpoint) throws XmppException {
        return open(new WebSocketTransport(endpoint), endpoint.domain(), endpoint.stepTimeout());
    }

    /** Connects over TCP, upgrades with STARTTLS (required) and opens the stream. */
    public static XmppSession openTcp(TcpEndpoint endpoint) throws XmppException {
        return open(new TcpTransport(endpoint), endpoint.domain(), endpoint.stepTimeout());
    }

    private static XmppSession open(XmppTransport transport, String domain, Duration stepTimeout)
            throws XmppException {
        XmppSession session = new XmppSession(transport, domain, stepTimeout);
        try {
            session.features = transport.open(stepTimeout);
            return session;
        } catch (XmppException e) {
            transport.close(Duration.ofSeconds(1));
            throw e;
        }
    }

    /** The stream features of the current stream. */
    public XmlElement features() {
        return features;
    }

    /** The SASL mechanisms the current features offer, in the server's order. */
    public List<String> saslMechanisms() {
        return features.child("mechanisms", XmppNamespaces.SASL)
                .map(m -> m.children("mechanism", XmppNamespaces.SASL).stream().map(XmlElement::text).toList())
                .orElse(List.of());
    }

    /** SASL ANONYMOUS with no initial response, as Jitsi's web client sends it (the token went in the URL). */
    public SaslOutcome authenticateAnonymous() throws XmppException {
        return authenticate("ANONYMOUS", null, stepTimeout);
    }

    /** SASL ANONYMOUS, waiting {@code wait} for the answer (a case where silence is the expected answer). */
    public SaslOutcome authenticateAnonymous(Duration wait) throws XmppException {
        return authenticate("ANONYMOUS", null, wait);
    }

    /** SASL PLAIN (RFC 4616) with an empty authorization identity. */
    public SaslOutcome authenticatePlain(String username, String password) throws XmppException {
        byte[] message = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return authenticate("PLAIN", Base64.getEncoder().encodeToString(message), stepTimeout);
    }

    private SaslOutcome authenticate(String mechanism, String initialResponse, Duration wait) throws XmppException {
        List<String> offered = saslMechanisms();
        if (!offered.contains(mechanism)) {
            return new SaslOutcome.NotOffered(mechanism, offered);
        }
        XmlElement auth = XmlElement.of("auth", XmppNamespaces.SASL).withAttribute("mechanism", mechanism);
        String step = "waiting for the answer to SASL " + mechanism + " (" + transport.describe() + ")";
        Optional<XmlElement> answer;
        try {
            transport.send(initialResponse == null ? auth : auth.withText(initialResponse));
            answer = await(e -> e.namespace().equals(XmppNamespaces.SASL)
                    && (e.name().equals("success") || e.name().equals("failure") || e.name().equals("challenge")),
                    wait);
        } catch (NoAnswerException e) {
            return NoAnswer.of(e);
        }
        if (answer.isEmpty()) {
            return new NoAnswer(step, wait);
        }
        XmlElement reply = answer.get();
        return switch (reply.name()) {
            case "success" -> new SaslOutcome.Success();
            case "failure" -> new SaslOutcome.Failure(StreamErrors.condition(reply, XmppNamespaces.SASL),
                    StreamErrors.text(reply, XmppNamespaces.SASL));
            default -> throw new XmppException("the server sent a SASL challenge to " + mechanism
                    + ", which takes none");
        };
    }

    /** Restarts the stream after SASL success and returns the new features. */
    public XmlElement restartStream() throws XmppException {
        features = transport.restart(stepTimeout);
        return features;
    }

    /**
     * Binds a resource (null lets the server pick one) and, where the server still requires it, opens the legacy
     * session. Returns our full JID.
     */
    public String bind(String resource) throws XmppException {
        if (features.child("bind", XmppNamespaces.BIND).isEmpty()) {
            throw new XmppException("the server offers no resource binding; was the stream restarted after SASL?");
        }
        XmlElement bind = XmlElement.of("bind", XmppNamespaces.BIND);
        if (resource != null) {
            bind = bind.withChild(XmlElement.of("resource", XmppNamespaces.BIND).withText(resource));
        }
        XmlElement reply = sendIq(iq("set", null, bind), "binding a resource");
        if (!"result".equals(reply.attribute("type").orElse(""))) {
            throw new XmppException("resource binding refused: " + StanzaError.of(reply));
        }
        jid = reply.child("bind", XmppNamespaces.BIND)
                .flatMap(b -> b.child("jid", XmppNamespaces.BIND))
                .map(XmlElement::text)
                .filter(text -> !text.isEmpty())
                .orElseThrow(() -> new XmppException("the bind result carries no JID"));
        Optional<XmlElement> session = features.child("session", XmppNamespaces.SESSION);
        if (session.isPresent() && session.get().child("optional", XmppNamespaces.SESSION).isEmpty()) {
            XmlElement sessionReply = sendIq(iq("set", null, XmlElement.of("session", XmppNamespaces.SESSION)),
                    "opening the session");
            if (!"result".equals(sessionReply.attribute("type").orElse(""))) {
                throw new XmppException("session establishment refused: " + StanzaError.of(sessionReply));
            }
        }
        return jid;
    }

    /** Our full JID once bound. */
    public Optional<String> jid() {
        return Optional.ofNullable(jid);
    }

    /** The XMPP domain this session talks to. */
    public String domain() {
        return domain;
    }

    /** An IQ of this type to {@code to} (null: our own server) with one child, and a fresh id. */
    public XmlElement iq(String type, String to, XmlElement child) {
        XmlElement iq = XmlElement.of("iq", XmppNamespaces.CLIENT)
                .withAttribute("type", type)
                .withAttribute("id", newId());
        return (to == null ? iq : iq.withAttribute("to", to)).withChild(child);
    }

    /** Sends an IQ (get or set, with an id) and returns the result or error that answers it. */
    public XmlElement sendIq(XmlElement iq, String step) throws XmppException {
        String id = iq.attribute("id").orElseThrow(() -> new IllegalArgumentException("an IQ needs an id"));
        transport.send(iq);
        Optional<XmlElement> reply = await(e -> e.is("iq", XmppNamespaces.CLIENT)
                && id.equals(e.attribute("id").orElse(""))
                && Set.of("result", "error").contains(e.attribute("type").orElse("")), stepTimeout);
        return reply.orElseThrow(() -> new NoAnswerException(step + " (" + transport.describe() + ")",
                stepTimeout));
    }

    /**
     * Asks the focus component to create (or find) a room, as Jitsi's web client does before joining, and repeats
     * the request while the focus answers {@code ready='false'} or is unavailable, for at most {@code timeout}.
     */
    public ConferenceOutcome requestConference(String focusJid, String roomJid, Duration timeout)
            throws XmppException {
        return requestConference(focusJid, roomJid, timeout, timeout);
    }

    /**
     * As {@link #requestConference(String, String, Duration)}, retrying a service-unavailable answer (no focus
     * logged in behind the component yet) only for {@code unavailableGrace}.
     */
    public ConferenceOutcome requestConference(String focusJid, String roomJid, Duration timeout,
                                               Duration unavailableGrace) throws XmppException {
        Instant start = Instant.now();
        Instant unavailableDeadline = start.plus(unavailableGrace);
        Instant deadline = start.plus(timeout);
        String machineUid = HexFormat.of().formatHex(randomBytes(16));
        int attempts = 0;
        while (true) {
            attempts++;
            XmlElement conference = XmlElement.of("conference", XmppNamespaces.FOCUS)
                    .withAttribute("room", roomJid)
                    .withAttribute("machine-uid", machineUid);
            XmlElement request = iq("set", focusJid, conference);
            String id = request.attribute("id").orElseThrow();
            Duration wait = min(stepTimeout, XmppTransport.remaining(deadline));
            Optional<XmlElement> reply;
            try {
                transport.send(request);
                reply = await(e -> e.is("iq", XmppNamespaces.CLIENT) && id.equals(e.attribute("id").orElse("")),
                        wait);
            } catch (NoAnswerException e) {
                return NoAnswer.of(e);
            }
            if (reply.isEmpty()) {
                return new NoAnswer("waiting for " + focusJid + " to answer the conference "
                        + "request for " + roomJid, wait);
            }
            if ("error".equals(reply.get().attribute("type").orElse(""))) {
                StanzaError error = StanzaError.of(reply.get());
                // client_proxy answers service-unavailable while the focus is not logged in (just restarted):
                // Jitsi's client retries then too
                if (!error.condition().equals("service-unavailable")
                        || XmppTransport.remaining(deadline).compareTo(CONFERENCE_RETRY_PAUSE) <= 0
                        || XmppTransport.remaining(unavailableDeadline).compareTo(CONFERENCE_RETRY_PAUSE) <= 0) {
                    return new ConferenceOutcome.Refused(error);
                }
                pause(CONFERENCE_RETRY_PAUSE);
                continue;
            }
            XmlElement answer = reply.get().child("conference", XmppNamespaces.FOCUS)
                    .orElseThrow(() -> new XmppException("the focus answered without a <conference/> element"));
            if ("true".equals(answer.attribute("ready").orElse(""))) {
                Map<String, String> properties = new LinkedHashMap<>();
                for (XmlElement property : answer.children("property", XmppNamespaces.FOCUS)) {
                    properties.put(property.attribute("name").orElse(""), property.attribute("value").orElse(""));
                }
                return new ConferenceOutcome.Ready(answer.attribute("focusjid").orElse(""), properties, attempts);
            }
            if (XmppTransport.remaining(deadline).compareTo(CONFERENCE_RETRY_PAUSE) <= 0) {
                return new ConferenceOutcome.NeverReady(attempts, Duration.between(start, Instant.now()));
            }
            pause(CONFERENCE_RETRY_PAUSE);
        }
    }

    /** Joins a MUC room (bare room JID) with this nick and waits for our own presence or an error. */
    public JoinOutcome joinRoom(String roomJid, String nick) throws XmppException {
        String occupant = roomJid + "/" + nick;
        XmlElement presence = XmlElement.of("presence", XmppNamespaces.CLIENT)
                .withAttribute("to", occupant)
                .withChild(XmlElement.of("x", XmppNamespaces.MUC));
        Optional<XmlElement> reply;
        try {
            transport.send(presence);
            reply = await(e -> e.is("presence", XmppNamespaces.CLIENT)
                    && sameOccupant(occupant, e.attribute("from").orElse(""))
                    && !"unavailable".equals(e.attribute("type").orElse("")), stepTimeout);
        } catch (NoAnswerException e) {
            return NoAnswer.of(e);
        }
        if (reply.isEmpty()) {
            return new NoAnswer("waiting for the MUC to answer our join of " + roomJid, stepTimeout);
        }
        XmlElement answer = reply.get();
        if ("error".equals(answer.attribute("type").orElse(""))) {
            return new JoinOutcome.Refused(StanzaError.of(answer));
        }
        Set<Integer> statusCodes = new HashSet<>();
        String affiliation = "";
        String role = "";
        Optional<XmlElement> user = answer.child("x", XmppNamespaces.MUC_USER);
        if (user.isPresent()) {
            for (XmlElement status : user.get().children("status", XmppNamespaces.MUC_USER)) {
                status.attribute("code").map(Integer::valueOf).ifPresent(statusCodes::add);
            }
            Optional<XmlElement> item = user.get().child("item", XmppNamespaces.MUC_USER);
            affiliation = item.flatMap(i -> i.attribute("affiliation")).orElse("");
            role = item.flatMap(i -> i.attribute("role")).orElse("");
        }
        return new JoinOutcome.Joined(answer.attribute("from").orElse(occupant), statusCodes, affiliation, role);
    }

    /** Leaves a room we joined with this nick; does not wait for the server's answer. */
    public void leaveRoom(String roomJid, String nick) throws XmppException {
        transport.send(XmlElement.of("presence", XmppNamespaces.CLIENT)
                .withAttribute("to", roomJid + "/" + nick)
                .withAttribute("type", "unavailable"));
    }

    /** Room JIDs are case-insensitive in their node and domain; the nick is compared exactly. */
    private static boolean sameOccupant(String expected, String actual) {
        int expectedSlash = expected.indexOf('/');
        int actualSlash = actual.indexOf('/');
        if (actualSlash < 0) {
            return false;
        }
        return expected.substring(0, expectedSlash).toLowerCase(Locale.ROOT)
                .equals(actual.substring(0, actualSlash).toLowerCase(Locale.ROOT))
                && expected.substring(expectedSlash).equals(actual.substring(actualSlash));
    }

    /** Sends any element (stanza) as it is. */
    public void send(XmlElement element) throws XmppException {
        transport.send(element);
    }

    /** The next element from the server (kept ones first), or empty after {@code timeout}. */
    public Optional<XmlElement> receive(Duration timeout) throws XmppException {
        return await(e -> true, timeout);
    }

    private Optional<XmlElement> await(Predicate<XmlElement> wanted, Duration timeout) throws XmppException {
        for (Iterator<XmlElement> kept = backlog.iterator(); kept.hasNext(); ) {
            XmlElement element = kept.next();
            if (wanted.test(element)) {
                kept.remove();
                return Optional.of(element);
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<XmlElement> next = transport.receive(XmppTransport.remaining(deadline));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            XmlElement element = next.get();
            if (element.is("error", XmppNamespaces.STREAMS)) {
                throw new XmppException("stream error " + StreamErrors.describe(element) + " from "
                        + transport.describe());
            }
            if (element.is("close", XmppNamespaces.FRAMING)) {
                throw new XmppException("the server closed the stream (" + transport.describe() + ")");
            }
            if (wanted.test(element)) {
                return Optional.of(element);
            }
            backlog.add(element);
        }
    }

    private String newId() {
        return "jd" + HexFormat.of().formatHex(randomBytes(4)) + "-" + nextId++;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration duration) throws XmppException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XmppException("interrupted while waiting to repeat the conference request");
        }
    }

    /** Transport and server, safe to show. */
    public String describe() {
        return transport.describe() + " (domain " + domain + ")";
    }

    /** Ends the stream politely (BOSH terminate, WebSocket close, closing stream tag), waiting at most 2 s. */
    @Override
    public void close() {
        transport.close(Duration.ofSeconds(2));
    }
}
