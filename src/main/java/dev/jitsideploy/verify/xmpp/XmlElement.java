package dev.jitsideploy.verify.xmpp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One XML element as it travels in an XMPP stream: local name, namespace URI, attributes, child elements and the
 * character data directly inside it. Immutable; the {@code with...} methods return changed copies so stanzas can be
 * built step by step.
 *
 * <p>Attribute keys are local names, except namespaced attributes, which keep their conventional prefix
 * ({@code xml:lang}, {@code xmpp:version}). Namespace declarations are not attributes; the writer emits
 * {@code xmlns} where the namespace changes, and an element that needs a prefixed declaration (the BOSH body's
 * {@code xmlns:xmpp}) carries it as an attribute key starting with {@code xmlns:}.
 */
public record XmlElement(String name, String namespace, Map<String, String> attributes, List<XmlElement> children,
                         String text) {

    public XmlElement {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        text = text == null ? "" : text;
        namespace = namespace == null ? "" : namespace;
    }

    public static XmlElement of(String name, String namespace) {
        return new XmlElement(name, namespace, Map.of(), List.of(), "");
    }

    public XmlElement withAttribute(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(attributes);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return new XmlElement(name, namespace, changed, children, text);
    }

    public XmlElement withChild(XmlElement child) {
        List<XmlElement> changed = new ArrayList<>(children);
        changed.add(child);
        return new XmlElement(name, namespace, attributes, changed, text);
    }

    public XmlElement withText(String newText) {
        return new XmlElement(name, namespace, attributes, children, newText);
    }

    public XmlElement withNamespace(String newNamespace) {
        return new XmlElement(name, newNamespace, attributes, children, text);
    }

    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    public boolean is(String localName, String namespaceUri) {
        return name.equals(localName) && namespace.equals(namespaceUri);
    }

    public Optional<XmlElement> child(String localName, String namespaceUri) {
        return children.stream().filter(c -> c.is(localName, namespaceUri)).findFirst();
    }

    public List<XmlElement> children(String localName, String namespaceUri) {
        return children.stream().filter(c -> c.is(localName, namespaceUri)).toList();
    }

    /** Serialises this element; {@code xmlns} is written because a standalone element has no parent to inherit from. */
    public String toXml() {
        StringBuilder out = new StringBuilder();
        write(out, null);
        return out.toString();
    }

    private void write(StringBuilder out, String parentNamespace) {
        out.append('<').append(name);
        if (!namespace.equals(parentNamespace) && !(parentNamespace == null && namespace.isEmpty())) {
            out.append(" xmlns='").append(escape(namespace)).append('\'');
        }
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            out.append(' ').append(attribute.getKey()).append("='").append(escape(attribute.getValue())).append('\'');
        }
        if (children.isEmpty() && text.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>').append(escape(text));
        for (XmlElement child : children) {
            child.write(out, namespace);
        }
        out.append("</").append(name).append('>');
    }

    static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Short form for messages: name and namespace only, never attribute values (a token may sit in one). */
    @Override
    public String toString() {
        return "<" + name + (namespace.isEmpty() ? "" : " xmlns='" + namespace + "'") + ">";
    }
}
