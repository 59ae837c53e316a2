package dev.jitsideploy.verify.xmpp;

import java.util.List;

/**
 * An {@code <error/>} inside a stanza: its type (cancel, auth, ...), the defined condition, the human text, and any
 * application-specific children (Jitsi adds e.g. {@code <room-mismatch xmlns='http://jitsi.org/jitmeet'/>}).
 */
public record StanzaError(String type, String condition, String text, List<XmlElement> applicationConditions) {

    public StanzaError {
        applicationConditions = List.copyOf(applicationConditions);
    }

    /** Reads the error child of {@code stanza}; a stanza of type error without one gets "undefined-condition". */
    public static StanzaError of(XmlElement stanza) {
        XmlElement error = stanza.children().stream().filter(c -> c.name().equals("error")).findFirst()
                .orElse(XmlElement.of("error", XmppNamespaces.CLIENT));
        List<XmlElement> applicationConditions = error.children().stream()
                .filter(c -> !c.namespace().equals(XmppNamespaces.STANZAS))
                .toList();
        return new StanzaError(error.attribute("type").orElse(""),
                StreamErrors.condition(error, XmppNamespaces.STANZAS),
                StreamErrors.text(error, XmppNamespaces.STANZAS),
                applicationConditions);
    }

    /** True when an application condition with this name and namespace is present. */
    public boolean hasApplicationCondition(String name, String namespace) {
        return applicationConditions.stream().anyMatch(c -> c.is(name, namespace));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(condition);
        if (!type.isEmpty()) {
            out.append(" (type ").append(type).append(')');
        }
        if (!text.isEmpty()) {
            out.append(": ").append(text);
        }
        for (XmlElement extra : applicationConditions) {
            out.append(" +").append(extra.name());
        }
        return out.toString();
    }
}
