package dev.jitsideploy.verify.xmpp;

/** Reads the condition and text out of stream and stanza errors. */
final class StreamErrors {

    private StreamErrors() {
    }

    /** The first child that is a defined condition (not {@code <text/>}), or "undefined-condition". */
    static String condition(XmlElement error, String conditionNamespace) {
        return error.children().stream()
                .filter(c -> c.namespace().equals(conditionNamespace) && !c.name().equals("text"))
                .map(XmlElement::name)
                .findFirst()
                .orElse("undefined-condition");
    }

    static String text(XmlElement error, String conditionNamespace) {
        return error.child("text", conditionNamespace).map(XmlElement::text).orElse("");
    }

    static String describe(XmlElement streamError) {
        String text = text(streamError, XmppNamespaces.STREAM_ERRORS);
        return "'" + condition(streamError, XmppNamespaces.STREAM_ERRORS) + "'" + (text.isEmpty() ? "" : " (" + text
                + ")");
    }
}
