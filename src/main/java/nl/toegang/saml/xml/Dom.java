package nl.toegang.saml.xml;

import nl.toegang.saml.SafeText;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict DOM navigation: elements are selected only as direct children of an element we already trust (absolute
 * paths, never getElementsByTagName), and text is read only when it is plain text.
 */
public final class Dom {
    private Dom() {
    }

    public static List<Element> childElements(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                result.add((Element) n);
            }
        }
        return result;
    }

    public static List<Element> children(Element parent, String ns, String localName) {
        List<Element> result = new ArrayList<>();
        for (Element e : childElements(parent)) {
            if (is(e, ns, localName)) {
                result.add(e);
            }
        }
        return result;
    }

    public static boolean is(Node node, String ns, String localName) {
        return node != null && node.getNodeType() == Node.ELEMENT_NODE
                && ns.equals(node.getNamespaceURI()) && localName.equals(node.getLocalName());
    }

    /** Exactly one child {@code ns:localName}, else UNEXPECTED_STRUCTURE naming the step. */
    public static Element single(Element parent, String ns, String localName, String step) {
        List<Element> found = children(parent, ns, localName);
        if (found.size() != 1) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE, step + ": expected exactly one "
                    + localName + " in " + parent.getLocalName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** At most one child {@code ns:localName}. */
    public static Optional<Element> optional(Element parent, String ns, String localName, String step) {
        List<Element> found = children(parent, ns, localName);
        if (found.size() > 1) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE, step + ": more than one "
                    + localName + " in " + parent.getLocalName());
        }
        return found.stream().findFirst();
    }

    /**
     * The element's whole text, refusing anything but text nodes inside it. A comment, CDATA section, processing
     * instruction or child element means the value could be read differently by the signature check (which drops
     * comments) and by us, as in the NameID comment-injection attacks (CVE-2017-11427 and friends).
     */
    public static String text(Element element, SamlReason reasonIfNotPlain, String step) {
        StringBuilder b = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() != Node.TEXT_NODE) {
                throw new SamlValidationException(reasonIfNotPlain, step + ": " + element.getLocalName()
                        + " must contain plain text only (found a " + nodeKind(n) + ")");
            }
            b.append(n.getNodeValue());
        }
        return b.toString().strip();
    }

    public static String text(Element element, String step) {
        return text(element, SamlReason.UNEXPECTED_STRUCTURE, step);
    }

    public static String requiredAttribute(Element element, String name, String step) {
        Attr attr = element.getAttributeNodeNS(null, name);
        if (attr == null || attr.getValue().isBlank()) {
            throw new SamlValidationException(SamlReason.MISSING_VALUE,
                    step + ": " + element.getLocalName() + "/@" + name + " is required");
        }
        return attr.getValue();
    }

    public static Optional<String> optionalAttribute(Element element, String name) {
        Attr attr = element.getAttributeNodeNS(null, name);
        return attr == null ? Optional.empty() : Optional.of(attr.getValue());
    }

    public static Instant instant(String value, String what, String step) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new SamlValidationException(SamlReason.MISSING_VALUE,
                    step + ": " + what + " is not a UTC xs:dateTime: " + SafeText.quote(value));
        }
    }

    public static Optional<Instant> optionalInstant(Element element, String attribute, String step) {
        return optionalAttribute(element, attribute).map(v -> instant(v, attribute, step));
    }

    /** Counts elements with this name anywhere in the document (used only to refuse duplicates, never to select). */
    public static int countInDocument(Document doc, String ns, String localName) {
        return doc.getElementsByTagNameNS(ns, localName).getLength();
    }

    /** Counts attributes named ID/Id/id anywhere in the document whose value equals {@code id}. */
    public static int countIdValues(Document doc, String id) {
        int count = 0;
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attrs = all.item(i).getAttributes();
            for (int j = 0; j < attrs.getLength(); j++) {
                Node a = attrs.item(j);
                String name = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
                if (name.equalsIgnoreCase("id") && id.equals(a.getNodeValue())) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String nodeKind(Node n) {
        return switch (n.getNodeType()) {
            case Node.COMMENT_NODE -> "comment";
            case Node.CDATA_SECTION_NODE -> "CDATA section";
            case Node.ELEMENT_NODE -> "child element";
            case Node.PROCESSING_INSTRUCTION_NODE -> "processing instruction";
            case Node.ENTITY_REFERENCE_NODE -> "entity reference";
            default -> "non-text node";
        };
    }
}
