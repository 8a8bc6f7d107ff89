package nl.toegang.saml.xml;

import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Parses untrusted XML into a DOM with every entity and DTD feature off. A DOCTYPE is refused outright, which stops
 * XXE, billion laughs and external DTD fetches in one go. Comments stay in the DOM as comment nodes (not dropped and
 * not merged), so code that reads values can see and refuse them (NameID comment injection).
 */
public final class SecureXmlParser {
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private final int maxBytes;

    public SecureXmlParser(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public SecureXmlParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public Document parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new SamlValidationException(SamlReason.MALFORMED_XML, "empty XML input");
        }
        if (xml.length > maxBytes) {
            throw new SamlValidationException(SamlReason.INPUT_TOO_LARGE,
                    "XML input of " + xml.length + " bytes exceeds the cap of " + maxBytes);
        }
        try {
            DocumentBuilder builder = newFactory().newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity resolution is disabled");
            });
            return builder.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException e) {
            if (String.valueOf(e.getMessage()).contains("DOCTYPE")) {
                throw new SamlValidationException(SamlReason.DOCTYPE_FORBIDDEN, "XML with a DOCTYPE is refused");
            }
            throw new SamlValidationException(SamlReason.MALFORMED_XML, "XML is not well-formed");
        } catch (IOException | ParserConfigurationException e) {
            throw new SamlValidationException(SamlReason.MALFORMED_XML, "XML could not be read");
        }
    }

    /** A fresh factory per parse: DocumentBuilderFactory is not guaranteed thread-safe. */
    private static DocumentBuilderFactory newFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setIgnoringComments(false);
        f.setCoalescing(false);
        f.setValidating(false);
        return f;
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document unsafe
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
