package dev.jitsideploy.verify.xmpp;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads XML into {@link XmlElement} trees with StAX; DTDs and external entities are refused (XMPP forbids them). */
final class ElementReader {

    private ElementReader() {
    }

    static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** Parses one complete document, such as a BOSH body or a WebSocket frame. */
    static XmlElement parseDocument(String xml) throws XmppException {
        try {
            XMLStreamReader reader = factory().createXMLStreamReader(new StringReader(xml));
            try {
                while (reader.next() != XMLStreamConstants.START_ELEMENT) {
                    // skip the XML declaration and whitespace before the root
                }
                return readElement(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmppException("the server sent XML that does not parse (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Reads the element whose START_ELEMENT is the reader's current event, up to and including its END_ELEMENT. */
    static XmlElement readElement(XMLStreamReader reader) throws XMLStreamException {
        String name = reader.getLocalName();
        String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            QName attribute = reader.getAttributeName(i);
            String prefix = attribute.getPrefix();
            String key = prefix == null || prefix.isEmpty() ? attribute.getLocalPart()
                    : prefix + ":" + attribute.getLocalPart();
            attributes.put(key, reader.getAttributeValue(i));
        }
        List<XmlElement> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> children.add(readElement(reader));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    String content = children.isEmpty() ? text.toString() : text.toString().strip();
                    return new XmlElement(name, namespace, attributes, children, content);
                }
                default -> {
                    // comments and processing instructions carry nothing a probe needs
                }
            }
        }
    }
}
