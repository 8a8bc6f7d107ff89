package nl.toegang.saml;

import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Set;

/**
 * The SAML SOAP binding's envelope (SOAP 1.1; 1.2 accepted on input): an optional Header and a Body that holds
 * exactly one SAML protocol message. Anything else is refused, so no second message can hide beside the one used.
 */
public final class SoapEnvelope {
    private static final Set<String> SOAP_NAMESPACES = Set.of(SamlNamespaces.SOAP11, SamlNamespaces.SOAP12);

    private SoapEnvelope() {
    }

    /** The single SAML protocol element {@code localName} in the Body of {@code document}. */
    public static Element payload(Document document, String localName, String step) {
        Element envelope = document.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName()) || !SOAP_NAMESPACES.contains(envelope.getNamespaceURI())) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE, step + ": root is not a SOAP Envelope");
        }
        String soap = envelope.getNamespaceURI();
        List<Element> parts = Dom.childElements(envelope);
        boolean headerThenBody = parts.size() == 2 && Dom.is(parts.get(0), soap, "Header");
        Element body = parts.isEmpty() ? null : parts.get(parts.size() - 1);
        if (!(parts.size() == 1 || headerThenBody) || !Dom.is(body, soap, "Body")) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step + ": Envelope must hold an optional Header and one Body");
        }
        List<Element> payload = Dom.childElements(body);
        if (payload.size() != 1 || !Dom.is(payload.get(0), SamlNamespaces.PROTOCOL, localName)) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step + ": SOAP Body must hold exactly one " + localName);
        }
        return payload.get(0);
    }

    /** A SOAP 1.1 envelope around an already signed message (enveloped signature, so it survives the move). */
    public static byte[] wrap(Document signedMessage) {
        Document doc = XmlWriter.newDocument();
        Element envelope = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:soapenv", SamlNamespaces.SOAP11);
        doc.appendChild(envelope);
        Element body = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Body");
        envelope.appendChild(body);
        body.appendChild(doc.importNode(signedMessage.getDocumentElement(), true));
        return XmlWriter.toBytes(doc);
    }

    /** A SOAP 1.1 Fault from the client side (the sender's message was refused); says nothing about why. */
    public static byte[] clientFault() {
        Document doc = XmlWriter.newDocument();
        Element envelope = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:soapenv", SamlNamespaces.SOAP11);
        doc.appendChild(envelope);
        Element body = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Body");
        envelope.appendChild(body);
        Element fault = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Fault");
        body.appendChild(fault);
        Element code = doc.createElementNS(null, "faultcode");
        code.setTextContent("soapenv:Client");
        fault.appendChild(code);
        Element text = doc.createElementNS(null, "faultstring");
        text.setTextContent("message refused");
        fault.appendChild(text);
        return XmlWriter.toBytes(doc);
    }
}
