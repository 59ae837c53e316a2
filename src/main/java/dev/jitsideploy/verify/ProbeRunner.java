package dev.jitsideploy.verify;

import dev.jitsideploy.verify.token.SignedToken;
import dev.jitsideploy.verify.token.TokenClaims;
import dev.jitsideploy.verify.token.TokenMinter;
import dev.jitsideploy.verify.xmpp.ConferenceOutcome;
import dev.jitsideploy.verify.xmpp.JoinOutcome;
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

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ProbeRunner(Clock clock) {
        this.clock = clock;
    }

    /** Every case that applies to the host, on each transport, in order. */
    public List<CaseResult> runAll(ProbeTarget target, List<ProbeTransport> transports) {
        List<CaseResult> results = new ArrayList<>();
        for (ProbeTransport transport : transports) {
            for (ProbeCase probeCase : ProbeCase.applicableTo(target)) {
                results.add(run(target, probeCase, transport));
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
            problem = drive(target, probeCase, transport, expectation, room, observed);
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
                    check.expectation(), room, observed);
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
                                   Expectation expectation, String room, List<String> observed)
            throws XmppException {
        return drive(target, probeCase.token(target, room, clock.instant(), random), transport, expectation, room,
                observed);
    }

    private Optional<String> drive(ProbeTarget target, Optional<SignedToken> token, ProbeTransport transport,
                                   Expectation expectation, String room, List<String> observed)
            throws XmppException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", room);
        token.ifPresent(signed -> query.put("token", signed.compact()));
        ServiceEndpoint endpoint = new ServiceEndpoint(
                ServiceEndpoint.withQuery(transport.serviceUri(target.publicUrl()), query), target.domain(),
                target.trust(), target.stepTimeout());
        try (XmppSession session = transport.open(endpoint)) {
            SaslOutcome sasl = session.authenticateAnonymous();
            observed.add(sasl.toString());
            Optional<String> saslProblem = expectation.judgeSasl(sasl);
            if (saslProblem.isPresent() || !expectation.joins()) {
                return saslProblem;
            }
            session.restartStream();
            session.bind(null);
            String roomJid = room + "@" + target.muc();
            ConferenceOutcome conference = session.requestConference(target.focus(), roomJid,
                    target.stepTimeout());
            observed.add(conference.toString());
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
        random.nextBytes(bytes);
        return bytes;
    }
}
