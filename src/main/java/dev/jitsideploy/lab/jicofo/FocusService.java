package dev.jitsideploy.lab.jicofo;

import dev.jitsideploy.verify.xmpp.JoinOutcome;
import dev.jitsideploy.verify.xmpp.NoAnswer;
import dev.jitsideploy.verify.xmpp.StanzaError;
import dev.jitsideploy.verify.xmpp.XmlElement;
import dev.jitsideploy.verify.xmpp.XmppException;
import dev.jitsideploy.verify.xmpp.XmppNamespaces;
import dev.jitsideploy.verify.xmpp.XmppSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the focus does on one logged-in connection: answers conference requests (creating the room by joining it as
 * {@code focus}, unlocking it when the MUC locked it), answers pings, and leaves a room once it has been without
 * other occupants for {@link #EMPTY_ROOM_TIMEOUT}, as jicofo does.
 */
final class FocusService {

    static final Duration EMPTY_ROOM_TIMEOUT = Duration.ofSeconds(15);
    static final String NICK = "focus";
    private static final Duration TICK = Duration.ofMillis(500);

    private final XmppSession session;
    private final JicofoConfig config;
    private final EventLog log;
    private final Clock clock;
    private final Map<String, Room> rooms = new LinkedHashMap<>();

    FocusService(XmppSession session, JicofoConfig config, EventLog log, Clock clock) {
        this.session = session;
        this.config = config;
        this.log = log;
        this.clock = clock;
    }

    /** Serves until the connection fails; the exception says why. */
    void serve() throws XmppException {
        while (true) {
            Optional<XmlElement> next = session.receive(TICK);
            if (next.isPresent()) {
                handle(next.get());
            }
            leaveIdleRooms();
        }
    }

    private void handle(XmlElement stanza) throws XmppException {
        if (stanza.is("presence", XmppNamespaces.CLIENT)) {
            trackOccupant(stanza);
            return;
        }
        if (!stanza.is("iq", XmppNamespaces.CLIENT)) {
            return;
        }
        String type = stanza.attribute("type").orElse("");
        if (!type.equals("get") && !type.equals("set")) {
            return;
        }
        Optional<ConferenceRequest> request = ConferenceRequest.of(stanza, config.clientProxy());
        if (request.isPresent()) {
            answer(request.get());
        } else if (stanza.child("ping", XmppNamespaces.PING).isPresent()) {
            session.send(reply(stanza.attribute("from").orElse(""), stanza.attribute("id").orElse(""), null));
        } else {
            session.send(error(stanza.attribute("from").orElse(""), stanza.attribute("id").orElse(""), "cancel",
                    "service-unavailable", ""));
        }
    }

    private void answer(ConferenceRequest request) throws XmppException {
        JicofoConfig.Authentication authentication = config.authentication();
        boolean authenticated = request.isAuthenticated(authentication);
        String room = request.roomJid();
        if (room.isEmpty() || !room.contains("@")) {
            session.send(error(request.replyTo(), request.id(), "modify", "bad-request", "room attribute missing"));
            log.event("conference request without a valid room from " + request.requester() + ": bad-request");
            return;
        }
        if (!rooms.containsKey(room)) {
            if (authentication.restrictsRoomCreation() && !authenticated) {
                session.send(error(request.replyTo(), request.id(), "auth", "not-authorized",
                        "not authorized user domain"));
                log.event("conference request for " + room + " from " + request.requester()
                        + " refused: not authorized user domain (login-url " + authentication.loginUrl() + ")");
                return;
            }
            if (authenticated && request.machineUid().isEmpty()) {
                session.send(error(request.replyTo(), request.id(), "modify", "not-acceptable",
                        "machine-uid is missing"));
                log.event("conference request for " + room + " from " + request.requester()
                        + " refused: no machine-uid");
                return;
            }
            Optional<StanzaError> failure = createRoom(room);
            if (failure.isPresent()) {
                // not service-unavailable: clients retry that one, taking it for a focus that is not logged in yet
                session.send(error(request.replyTo(), request.id(), "wait", "internal-server-error",
                        "the focus could not join the room: " + failure.get()));
                log.event("could not create " + room + " for " + request.requester() + ": " + failure.get());
                return;
            }
        }
        XmlElement conference = XmlElement.of("conference", XmppNamespaces.FOCUS)
                .withAttribute("ready", "true")
                .withAttribute("room", room)
                .withAttribute("focusjid", config.username() + "@" + config.domain())
                .withChild(property("authentication", Boolean.toString(authentication.restrictsRoomCreation())))
                .withChild(property("externalAuth", Boolean.toString(authentication.restrictsRoomCreation()
                        && authentication.type().equals("JWT"))));
        session.send(reply(request.replyTo(), request.id(), conference));
        log.event("conference request for " + room + " from " + request.requester() + ": ready"
                + (authenticated ? " (authenticated user)" : ""));
    }

    /** Joins as focus; a room the MUC created locked (status 201) is unlocked with an instant configuration. */
    private Optional<StanzaError> createRoom(String room) throws XmppException {
        JoinOutcome outcome = session.joinRoom(room, NICK);
        if (outcome instanceof JoinOutcome.Refused refused) {
            return Optional.of(refused.error());
        }
        if (outcome instanceof NoAnswer silence) {
            return Optional.of(new StanzaError("wait", "remote-server-timeout", silence.toString(),
                    java.util.List.of()));
        }
        JoinOutcome.Joined joined = (JoinOutcome.Joined) outcome;
        if (joined.statusCodes().contains(201)) {
            XmlElement instant = XmlElement.of("query", XmppNamespaces.MUC_OWNER)
                    .withChild(XmlElement.of("x", XmppNamespaces.DATA_FORMS).withAttribute("type", "submit"));
            XmlElement answer = session.sendIq(session.iq("set", room, instant), "unlocking room " + room);
            if ("error".equals(answer.attribute("type").orElse(""))) {
                session.leaveRoom(room, NICK);
                return Optional.of(StanzaError.of(answer));
            }
        }
        rooms.put(room, new Room(clock.instant()));
        log.event("created room " + room + " (joined as " + NICK + ", " + joined.role() + ")");
        return Optional.empty();
    }

    private void trackOccupant(XmlElement presence) {
        String from = presence.attribute("from").orElse("");
        int slash = from.indexOf('/');
        if (slash < 0) {
            return;
        }
        Room room = rooms.get(from.substring(0, slash).toLowerCase(Locale.ROOT));
        String nick = from.substring(slash + 1);
        if (room == null || nick.equals(NICK) || "error".equals(presence.attribute("type").orElse(""))) {
            return;
        }
        boolean changed = "unavailable".equals(presence.attribute("type").orElse(""))
                ? room.occupants.remove(nick) : room.occupants.add(nick);
        if (changed) {
            room.emptySince = room.occupants.isEmpty() ? clock.instant() : null;
            log.event((room.occupants.contains(nick) ? "occupant joined " : "occupant left ") + from
                    + " (" + room.occupants.size() + " other occupant(s))");
        }
    }

    private void leaveIdleRooms() throws XmppException {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Room>> it = rooms.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Room> entry = it.next();
            Instant emptySince = entry.getValue().emptySince;
            if (emptySince != null && !now.isBefore(emptySince.plus(EMPTY_ROOM_TIMEOUT))) {
                session.leaveRoom(entry.getKey(), NICK);
                it.remove();
                log.event("left room " + entry.getKey() + " (no other occupant for "
                        + EMPTY_ROOM_TIMEOUT.toSeconds() + " s)");
            }
        }
    }

    private static XmlElement property(String name, String value) {
        return XmlElement.of("property", XmppNamespaces.FOCUS).withAttribute("name", name)
                .withAttribute("value", value);
    }

    private static XmlElement reply(String to, String id, XmlElement child) {
        XmlElement iq = XmlElement.of("iq", XmppNamespaces.CLIENT).withAttribute("type", "result")
                .withAttribute("to", to).withAttribute("id", id);
        return child == null ? iq : iq.withChild(child);
    }

    static XmlElement error(String to, String id, String type, String condition, String text) {
        XmlElement error = XmlElement.of("error", XmppNamespaces.CLIENT).withAttribute("type", type)
                .withChild(XmlElement.of(condition, XmppNamespaces.STANZAS));
        if (!text.isEmpty()) {
            error = error.withChild(XmlElement.of("text", XmppNamespaces.STANZAS).withText(text));
        }
        return XmlElement.of("iq", XmppNamespaces.CLIENT).withAttribute("type", "error").withAttribute("to", to)
                .withAttribute("id", id).withChild(error);
    }

    /** A room the focus sits in: who else is there, and since when nobody else is. */
    private static final class Room {
        private final Set<String> occupants = new HashSet<>();
        private Instant emptySince;

        Room(Instant createdAt) {
            // jicofo's initial timeout: a room nobody joins is left like one everybody left
            this.emptySince = createdAt;
        }
    }
}
