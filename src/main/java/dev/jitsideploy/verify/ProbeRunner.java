package dev.jitsideploy.verify;

import dev.jitsideploy.verify.token.SignedToken;
import dev.jitsideploy.verify.token.TokenClaims;
import dev.jitsideploy.verify.token.TokenMinter;
import dev.jitsideploy.verify.xmpp.ConferenceOutcome;
import dev.jitsideploy.verify.xmpp.JoinOutcome;
import dev.jitsideploy.verify.xmpp.NoAnswer;
import dev.jitsideploy.verify.xmpp.SaslOutcome;
import dev.jitsideploy.verify.xmpp.ServiceEndpoint;
import dev.jitsideploy.verify.xmpp.XmppException;
import dev.jitsideploy.verify.xmpp.XmppSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs probe cases the way Jitsi's web client connects: the token and room in the query of the session-creating
 * request, SASL ANONYMOUS, then for the join cases a stream restart, bind, the conference request to the focus
 * and the MUC join. One fresh session per case; verdicts come only from the XML the server sent.
 */
public final class ProbeRunner {

    private static final String NICK = "jitsi-deploy-probe";

    /**
     * How long a conference request is retried while {@code focus.<domain>} answers service-unavailable, by default:
     * long enough for a jicofo that was just restarted to log in and announce itself.
     */
    public static final Duration RESTART_FOCUS_GRACE = Duration.ofSeconds(15);

    private final Clock clock;
    private final Duration focusGrace;
    /** One for the run (SecureRandom is thread-safe): a new one per host or session seeds itself each time. */
    private static final SecureRandom RANDOM = new SecureRandom();
    // The first join case whose conference request found no focus: every later join case fails fast on it.
    private Optional<FocusUnreachable> focusUnreachable = Optional.empty();

    public ProbeRunner(Clock clock) {
        this(clock, RESTART_FOCUS_GRACE);
    }

    /** @param focusGrace how long a service-unavailable focus is retried before the join cases give up on it */
    public ProbeRunner(Clock clock, Duration focusGrace) {
        this.clock = clock;
        this.focusGrace = focusGrace;
    }

    /** Why the focus could not be reached, once a join case found that out. */
    public Optional<FocusUnreachable> focusUnreachable() {
        return focusUnreachable;
    }

    /** Every case that applies to the host, on each transport, in order. */
    public List<CaseResult> runAll(ProbeTarget target, List<ProbeTransport> transports) {
        List<CaseResult> results = new ArrayList<>();
        for (ProbeTransport transport : transports) {
            for (ProbeCase probeCase : ProbeCase.applicableTo(target)) {
                if (transport == transports.get(0) || !probeCase.firstTransportOnly()) {
                    results.add(run(target, probeCase, transport));
                }
            }
        }
        return results;
    }

    public CaseResult run(ProbeTarget target, ProbeCase probeCase, ProbeTransport transport) {
        Instant start = clock.instant();
        Expectation expectation = probeCase.expectation(target);
        String room = freshRoom(target);
        List<String> observed = new ArrayList<>();
        Optional<String> problem;
        try {
            problem = drive(target, probeCase, transport, expectation, room, observed,
                    probeCase.description() + " (" + transport.label() + ")");
        } catch (XmppException e) {
            observed.add(e.getMessage());
            problem = Optional.of("the exchange broke off");
        }
        return new CaseResult(probeCase, transport, problem.isEmpty(), expectation.toString(),
                String.join("; ", observed), problem.orElse(""), Duration.between(start, clock.instant()));
    }

    /**
     * A valid token for a fresh room, signed with the check's key, judged at SASL (where the signature is checked):
     * passed when the server answered as the check expects.
     */
    public HostCheck run(ProbeTarget target, KeyCheck check, ProbeTransport transport) {
        String room = freshRoom(target);
        List<String> observed = new ArrayList<>();
        Optional<String> problem;
        try {
            TokenClaims claims = ProbeCase.VALID.claims(target, room, clock.instant()).orElseThrow();
            problem = drive(target, Optional.of(TokenMinter.mint(claims, check.key())), transport,
                    check.expectation(), room, observed, check.name() + " (" + transport.label() + ")");
        } catch (XmppException e) {
            observed.add(e.getMessage());
            problem = Optional.of("the exchange broke off");
        }
        String detail = "a token signed with the " + check.name() + " (" + transport.label() + "): "
                + String.join("; ", observed);
        return problem.map(p -> HostCheck.failed(check.checkName(), detail + " — " + p + "; expected "
                + check.expectation())).orElse(HostCheck.ok(check.checkName(), detail));
    }

    private String freshRoom(ProbeTarget target) {
        return target.roomPrefix().toLowerCase(java.util.Locale.ROOT) + "-" + HexFormat.of().formatHex(randomBytes(5));
    }

    private Optional<String> drive(ProbeTarget target, ProbeCase probeCase, ProbeTransport transport,
                                   Expectation expectation, String room, List<String> observed, String label)
            throws XmppException {
        return drive(target, probeCase.token(target, room, clock.instant(), RANDOM), transport, expectation, room,
                observed, label);
    }

    private Optional<String> drive(ProbeTarget target, Optional<SignedToken> token, ProbeTransport transport,
                                   Expectation expectation, String room, List<String> observed, String label)
            throws XmppException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", room);
        token.ifPresent(signed -> query.put("token", signed.compact()));
        ServiceEndpoint endpoint = new ServiceEndpoint(
                ServiceEndpoint.withQuery(transport.serviceUri(target.publicUrl()), query), target.domain(),
                target.trust(), target.stepTimeout());
        try (XmppSession session = transport.open(endpoint)) {
            SaslOutcome sasl = session.authenticateAnonymous(expectation.answerWait(target.stepTimeout()));
            observed.add(sasl instanceof NoAnswer && expectation instanceof Expectation.SaslSilentOrRefused
                    ? Expectation.SaslSilentOrRefused.NO_ANSWER_MEANING + " (" + sasl + ")" : sasl.toString());
            Optional<String> saslProblem = expectation.judgeSasl(sasl);
            if (saslProblem.isPresent() || !expectation.joins()) {
                return saslProblem;
            }
            if (focusUnreachable.isPresent()) {
                observed.add("conference request not sent");
                return Optional.of("focus is not reachable through " + target.focus() + " (found in "
                        + focusUnreachable.get().firstCase() + "), so the join could not be tested");
            }
            session.restartStream();
            session.bind(null);
            String roomJid = room + "@" + target.muc();
            ConferenceOutcome conference = session.requestConference(target.focus(), roomJid,
                    target.stepTimeout(), focusGrace);
            observed.add(conference.toString());
            Optional<FocusUnreachable> unreachable = FocusUnreachable.of(conference, target.focus(), label);
            if (unreachable.isPresent()) {
                focusUnreachable = unreachable;
                return Optional.of(unreachable.get().summary());
            }
            if (!(conference instanceof ConferenceOutcome.Ready)) {
                return Optional.of("the focus did not create the room, so the join could not be tested");
            }
            JoinOutcome join = session.joinRoom(roomJid, NICK);
            observed.add(join.toString());
            if (join instanceof JoinOutcome.Joined) {
                session.leaveRoom(roomJid, NICK);
            }
            return expectation.judgeJoin(join);
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
