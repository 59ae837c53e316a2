package dev.jitsideploy.verify.xmpp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * XMPP over BOSH (XEP-0124 + XEP-0206), as a browser does it: {@code hold='1'}, so at most two requests are in
 * flight (the one the server holds and one carrying data, which makes the server answer the held one at once),
 * answers read strictly in {@code rid} order, {@code rid} counting up from a random start, the session id from the
 * creation reply, {@code xmpp:restart} after SASL. Only the session-creating POST carries the endpoint's query string:
 * that is where the server reads the token, and later requests need not repeat it.
 */
final class BoshTransport implements XmppTransport {

    private static final int MAX_WAIT_SECONDS = 20;
    /** What Prosody announces as {@code requests}: one held poll plus one carrying data. */
    private static final int MAX_REQUESTS = 2;

    /** One for the run (SecureRandom is thread-safe): a new one per host or session seeds itself each time. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceEndpoint endpoint;
    private final HttpClient http;
    private final int waitSeconds;
    private final Deque<XmlElement> inbox = new ArrayDeque<>();
    private final Deque<Pending> inflight = new ArrayDeque<>();
    private long rid;
    private String sid;
    private boolean ended;

    BoshTransport(ServiceEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = endpoint.trust().httpClient(endpoint.stepTimeout());
        // The server holds a poll at most this long, so a poll never outlasts the step that waits on it.
        this.waitSeconds = (int) Math.max(1, Math.min(MAX_WAIT_SECONDS, endpoint.stepTimeout().toSeconds()));
        // XEP-0124 asks for a large random start that cannot reach 2^53 while the session lives.
        this.rid = 1 + RANDOM.nextLong(1L << 40);
    }

    /** The session-creation body of XEP-0206 (exposed for tests that compare it with the wire format). */
    static XmlElement creationBody(long rid, String domain, int waitSeconds) {
        return XmlElement.of("body", XmppNamespaces.HTTPBIND)
                .withAttribute("xmlns:xmpp", XmppNamespaces.XBOSH)
                .withAttribute("content", "text/xml; charset=utf-8")
                .withAttribute("hold", "1")
                .withAttribute("rid", Long.toString(rid))
                .withAttribute("to", domain)
                .withAttribute("ver", "1.6")
                .withAttribute("wait", Integer.toString(waitSeconds))
                .withAttribute("xml:lang", "en")
                .withAttribute("xmpp:version", "1.0");
    }

    static XmlElement restartBody(long rid, String sid, String domain) {
        return XmlElement.of("body", XmppNamespaces.HTTPBIND)
                .withAttribute("xmlns:xmpp", XmppNamespaces.XBOSH)
                .withAttribute("rid", Long.toString(rid))
                .withAttribute("sid", sid)
                .withAttribute("to", domain)
                .withAttribute("xml:lang", "en")
                .withAttribute("xmpp:restart", "true");
    }

    static XmlElement payloadBody(long rid, String sid) {
        return XmlElement.of("body", XmppNamespaces.HTTPBIND)
                .withAttribute("rid", Long.toString(rid))
                .withAttribute("sid", sid);
    }

    /**
     * Stanzas inside a body are in {@code jabber:client} (XEP-0206 section 9); a server that leaves the xmlns off
     * makes them inherit the body's namespace, so put them back where they belong.
     */
    static XmlElement stanzaFromBody(XmlElement child) {
        return child.namespace().equals(XmppNamespaces.HTTPBIND) ? child.withNamespace(XmppNamespaces.CLIENT) : child;
    }

    @Override
    public XmlElement open(Duration timeout) throws XmppException {
        Pending creation = fire(endpoint.uri(), creationBody(rid++, endpoint.domain(), waitSeconds), timeout,
                "creating the BOSH session");
        XmlElement reply = collect(creation, timeout).orElseThrow(() -> new NoAnswerException(
                "creating the BOSH session (" + describe() + ")", timeout));
        sid = reply.attribute("sid").orElseThrow(() -> new XmppException(
                "the BOSH session-creation reply from " + endpoint.redactedUri() + " has no sid"));
        return awaitFeatures(timeout, "waiting for stream features on the new BOSH session");
    }

    @Override
    public XmlElement restart(Duration timeout) throws XmppException {
        makeRoom();
        fire(base(), restartBody(rid++, sid, endpoint.domain()), pollTimeout(), "restarting the BOSH stream");
        return awaitFeatures(timeout, "waiting for stream features after the BOSH stream restart");
    }

    private XmlElement awaitFeatures(Duration timeout, String step) throws XmppException {
        return XmppTransport.requireFeatures(receive(timeout), step, timeout);
    }

    /**
     * Sends without waiting for the answer: a request with nothing to return is held by the server for up to
     * {@code wait} seconds, and that time must not count against the step that sent it. The answer is read, in
     * request order, by {@link #receive(Duration)}.
     */
    @Override
    public void send(XmlElement element) throws XmppException {
        makeRoom();
        fire(base(), payloadBody(rid++, sid).withChild(element), pollTimeout(), "sending " + element);
    }

    /** The server allows two requests at a time; before a third, the oldest must have come back. */
    private void makeRoom() throws XmppException {
        while (inflight.size() >= MAX_REQUESTS) {
            Pending oldest = inflight.peek();
            if (collect(oldest, pollTimeout()).isEmpty()) {
                ended = true;
                throw new NoAnswerException(oldest.step() + " (" + describe() + ")", pollTimeout());
            }
        }
    }

    @Override
    public Optional<XmlElement> receive(Duration timeout) throws XmppException {
        Instant deadline = Instant.now().plus(timeout);
        while (inbox.isEmpty()) {
            if (ended) {
                throw new XmppException("the BOSH session at " + endpoint.redactedUri() + " has ended");
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            if (inflight.isEmpty()) {
                fire(base(), payloadBody(rid++, sid), pollTimeout(), "polling the BOSH session");
            }
            if (collect(inflight.peek(), left).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(inbox.poll());
    }

    @Override
    public void close(Duration timeout) {
        if (ended || sid == null) {
            inflight.forEach(p -> p.future().cancel(true));
            return;
        }
        XmlElement terminate = payloadBody(rid++, sid).withAttribute("type", "terminate")
                .withChild(XmlElement.of("presence", XmppNamespaces.CLIENT).withAttribute("type", "unavailable"));
        Instant deadline = Instant.now().plus(timeout);
        try {
            fire(base(), terminate, timeout, "terminating the BOSH session");
            // the server answers held requests before the terminate; read them all so none is left hanging
            while (!inflight.isEmpty() && Instant.now().isBefore(deadline)) {
                if (collect(inflight.peek(), Duration.between(Instant.now(), deadline)).isEmpty()) {
                    break;
                }
            }
        } catch (XmppException e) {
            // Nothing left to do: the server drops an abandoned session after its inactivity timeout anyway.
            ended = true;
        }
        inflight.forEach(p -> p.future().cancel(true));
        inflight.clear();
        ended = true;
    }

    @Override
    public String describe() {
        return "BOSH " + endpoint.redactedUri();
    }

    private URI base() {
        return endpoint.redactedUri();
    }

    /** A held poll answers within the negotiated wait; allow the step timeout on top for the network. */
    private Duration pollTimeout() {
        return Duration.ofSeconds(waitSeconds).plus(endpoint.stepTimeout());
    }

    /** One request on its way: what it was for and its answer to come. */
    private record Pending(CompletableFuture<HttpResponse<String>> future, String step, Duration timeout) {
    }

    private Pending fire(URI uri, XmlElement body, Duration timeout, String step) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toXml(), StandardCharsets.UTF_8))
                .build();
        // Java 17 passes every sendAsync answer through CompletableFuture's default executor, which on a JVM with
        // fewer than 3 cores is a new thread per answer; the launchers make it the common pool of 2 threads (their
        // comment says why; AsyncAnswerThreadsTest holds them to it).
        Pending pending = new Pending(http.sendAsync(request, HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8)), step, timeout);
        inflight.add(pending);
        return pending;
    }

    /**
     * Waits at most {@code wait} for the oldest request's answer and takes in what it carries; empty when it has
     * not come yet (it stays pending). Requests are always collected oldest first, so elements keep their order.
     */
    private Optional<XmlElement> collect(Pending pending, Duration wait) throws XmppException {
        HttpResponse<String> response;
        try {
            response = pending.future().get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            inflight.remove(pending);
            ended = true;
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new NoAnswerException(pending.step() + " (" + describe() + ")", pending.timeout());
            }
            throw new XmppException(pending.step() + " failed: " + describe() + ": " + safeMessage(e.getCause()),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            throw new XmppException(pending.step() + " was interrupted");
        }
        inflight.remove(pending);
        if (response.statusCode() != 200) {
            ended = true;
            throw new XmppException("HTTP " + response.statusCode() + " from " + describe() + " while "
                    + pending.step());
        }
        XmlElement reply = ElementReader.parseDocument(response.body());
        if (!reply.is("body", XmppNamespaces.HTTPBIND)) {
            ended = true;
            throw new XmppException("expected a BOSH <body> but got " + reply + " while " + pending.step());
        }
        for (XmlElement child : reply.children()) {
            inbox.add(stanzaFromBody(child));
        }
        if ("terminate".equals(reply.attribute("type").orElse(""))) {
            ended = true;
            if (inbox.isEmpty()) {
                throw new XmppException("the server ended the BOSH session (condition '"
                        + reply.attribute("condition").orElse("none") + "') while " + pending.step());
            }
        }
        return Optional.of(reply);
    }

    private String safeMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String query = endpoint.uri().getRawQuery();
        return query == null ? message : message.replace(query, "«query redacted»");
    }
}
