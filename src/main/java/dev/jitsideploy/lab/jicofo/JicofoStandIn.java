package dev.jitsideploy.lab.jicofo;

import dev.jitsideploy.verify.xmpp.SaslOutcome;
import dev.jitsideploy.verify.xmpp.TcpEndpoint;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import dev.jitsideploy.verify.xmpp.XmppException;
import dev.jitsideploy.verify.xmpp.XmlElement;
import dev.jitsideploy.verify.xmpp.XmppNamespaces;
import dev.jitsideploy.verify.xmpp.XmppSession;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The lab's stand-in for jicofo (our own code, not Jitsi's): reads jicofo.conf, logs in as the focus user over c2s
 * with STARTTLS and SASL PLAIN, and creates rooms on conference requests routed by client_proxy, honouring
 * {@code jicofo.authentication}. Like jicofo it keeps reconnecting when Prosody goes away.
 *
 * <p>Usage: {@code java -cp ... dev.jitsideploy.lab.jicofo.JicofoStandIn --config /etc/jitsi/jicofo/jicofo.conf}.
 * Exit status 2 on bad usage or a config it cannot use; otherwise it runs until killed.
 */
public final class JicofoStandIn {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);
    private static final String RESOURCE = "focus";

    private final JicofoConfig config;
    private final EventLog log;
    private final Clock clock;

    JicofoStandIn(JicofoConfig config, EventLog log, Clock clock) {
        this.config = config;
        this.log = log;
        this.clock = clock;
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("jicofo-stand-in: usage: JicofoStandIn --config /etc/jitsi/jicofo/jicofo.conf");
            System.exit(2);
        }
        JicofoConfig config;
        try {
            config = JicofoConfig.load(Path.of(args[1]));
        } catch (JicofoConfigException e) {
            System.err.println("jicofo-stand-in: refusing to start: " + e.getMessage());
            System.exit(2);
            return;
        }
        EventLog log = new EventLog(System.out, Clock.systemUTC());
        log.event("starting (stand-in for jicofo; " + "authentication " + (config.authentication().enabled()
                ? config.authentication().type() + ", login-url " + config.authentication().loginUrl()
                : "off") + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> log.event("stopping")));
        new JicofoStandIn(config, log, Clock.systemUTC()).run();
    }

    /** Connects, serves, and on any connection failure waits a moment and starts over. */
    void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try (XmppSession session = login()) {
                new FocusService(session, config, log, clock).serve();
            } catch (XmppException e) {
                log.event("connection to " + config.hostname() + ":" + config.port() + " lost or refused: "
                        + e.getMessage());
            }
            try {
                Thread.sleep(RECONNECT_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private XmppSession login() throws XmppException {
        TlsTrust trust = config.trustAnyCertificate() ? TlsTrust.anyCertificate() : TlsTrust.systemDefault();
        TcpEndpoint endpoint = new TcpEndpoint(config.hostname(), config.port(), config.domain(), trust,
                STEP_TIMEOUT);
        XmppSession session = XmppSession.openTcp(endpoint);
        try {
            SaslOutcome outcome = session.authenticatePlain(config.username(), config.password());
            if (!(outcome instanceof SaslOutcome.Success)) {
                throw new XmppException("login as " + config.username() + "@" + config.domain() + " failed: "
                        + outcome);
            }
            session.restartStream();
            String jid = session.bind(RESOURCE);
            log.event("logged in as " + jid + " over c2s with STARTTLS");
            if (config.sendsPresence()) {
                // focus.<domain> (client_proxy) relays to this session only once it has seen its presence
                session.send(XmlElement.of("presence", XmppNamespaces.CLIENT));
                log.event("sent initial presence");
            } else {
                log.event("sent no initial presence (jitsi-deploy-lab.send-initial-presence = false)");
            }
            return session;
        } catch (XmppException e) {
            session.close();
            throw e;
        }
    }
}
