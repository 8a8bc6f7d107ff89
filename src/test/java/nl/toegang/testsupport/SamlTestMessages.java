package nl.toegang.testsupport;

import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;

import static nl.toegang.testsupport.TestXml.add;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SAML of the tests that play an identity provider Toegang did not write, made as such an IdP makes it: on the JDK
 * DOM and Apache Santuario only, never on Toegang's own SAML code, so that Toegang's reading of SAML is checked against
 * an independent writing of it ({@code nl.toegang.saml.TestIdp} is the other kind: Toegang's own mock DigiD). A
 * Response with one Assertion whose every field the tests vary is a parameter, the header of other protocol messages,
 * Santuario's enveloped signature and XML Encryption, and the IdP's checks of Toegang's signatures. Shapes this does
 * not make (attacks, eIDAS details) stay in the test that sends them.
 */
public final class SamlTestMessages {
    public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    public static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    public static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    public static final String TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SamlTestMessages() {
    }

    /**
     * A Response with one Assertion. Defaults: samlp/saml prefixes, random IDs, issued now, valid from a minute before
     * that until five minutes after, no SessionIndex, no attributes, unsigned.
     */
    public static ResponseBuilder response() {
        return new ResponseBuilder();
    }

    /**
     * The protocol message {@code samlp:<localName>} appended to {@code parent} (a document or an element): ID,
     * Version, IssueInstant, Destination and InResponseTo (each left out when null), then its Issuer. It declares
     * the samlp and saml prefixes unless the parent has them in scope.
     */
    public static Element protocolMessage(Node parent, String localName, String id, Instant issueInstant,
                                          String destination, String inResponseTo, String issuer) {
        return header(parent, "samlp", "saml", localName, id, issueInstant, destination, inResponseTo, issuer);
    }

    /** Appends {@code Status/StatusCode Value=value} to a protocol message, in its prefix. */
    public static void status(Element message, String value) {
        String p = message.getPrefix() + ":";
        add(add(message, SAMLP, p + "Status"), SAMLP, p + "StatusCode").setAttributeNS(null, "Value", value);
    }

    /** A new document {@code soapenv:Envelope}; returns its {@code soapenv:Body}. */
    public static Element soapBody() {
        Document doc = TestXml.newDocument();
        Element envelope = doc.createElementNS(SOAP, "soapenv:Envelope");
        envelope.setAttributeNS(XMLNS, "xmlns:soapenv", SOAP);
        doc.appendChild(envelope);
        return add(envelope, SOAP, "soapenv:Body");
    }

    /** The first Issuer child of a message or Assertion, after which its signature goes. */
    public static Element issuer(Element message) {
        for (Node n = message.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SAML.equals(e.getNamespaceURI()) && "Issuer".equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no Issuer in " + message.getLocalName());
    }

    /** The first Assertion in {@code doc}. */
    public static Element assertion(Document doc) {
        return (Element) doc.getElementsByTagNameNS(SAML, "Assertion").item(0);
    }

    /** {@link #sign(Element, Element, String, PrivateKey, X509Certificate)} with RSA-SHA256. */
    public static void sign(Element element, Element after, PrivateKey key, X509Certificate certificate)
            throws Exception {
        sign(element, after, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, key, certificate);
    }

    /**
     * An enveloped signature as an IdP writes it with Santuario: over {@code #ID}, enveloped + exclusive c14n, SHA-256
     * digest, placed right after {@code after} (first when null); the certificate in KeyInfo unless null.
     */
    public static void sign(Element element, Element after, String signatureMethod, PrivateKey key,
                            X509Certificate certificate) throws Exception {
        Document doc = element.getOwnerDocument();
        element.setIdAttributeNS(null, "ID", true);
        XMLSignature signature = new XMLSignature(doc, "", signatureMethod,
                Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        element.insertBefore(signature.getElement(), after == null ? element.getFirstChild() : after.getNextSibling());
        Transforms transforms = new Transforms(doc);
        transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        signature.addDocument("#" + element.getAttribute("ID"), transforms,
                MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
        if (certificate != null) {
            signature.addKeyInfo(certificate);
        }
        signature.sign(key);
    }

    /**
     * XML Encryption as an IdP does it with Santuario: AES-256-GCM content key, RSA-OAEP to {@code recipient}; the
     * Assertion becomes an EncryptedAssertion (in the Assertion's prefix).
     */
    public static void encrypt(Element assertion, PublicKey recipient) throws Exception {
        Document doc = assertion.getOwnerDocument();
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        SecretKey contentKey = generator.generateKey();
        XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP);
        keyCipher.init(XMLCipher.WRAP_MODE, recipient);
        EncryptedKey encryptedKey = keyCipher.encryptKey(doc, contentKey);
        XMLCipher cipher = XMLCipher.getInstance(XMLCipher.AES_256_GCM);
        cipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
        EncryptedData data = cipher.getEncryptedData();
        KeyInfo keyInfo = new KeyInfo(doc);
        keyInfo.add(encryptedKey);
        data.setKeyInfo(keyInfo);
        Element wrapper = doc.createElementNS(SAML, assertion.getPrefix() + ":EncryptedAssertion");
        assertion.getParentNode().replaceChild(wrapper, assertion);
        wrapper.appendChild(assertion);
        cipher.doFinal(doc, assertion, false);
    }

    /** The document as the POST binding carries it: base64 of its UTF-8 serialisation. */
    public static String base64(Document doc) throws Exception {
        return Base64.getEncoder().encodeToString(TestXml.serialize(doc));
    }

    /**
     * The {@code messageName} (SAMLRequest, SAMLResponse) of a Redirect-bound URL, inflated and parsed. When
     * {@code signer} is not null its signature must verify (SAML bindings §3.4.4.1: RSA-SHA256 by JCA over the
     * URL-encoded octets as received, in a fixed order).
     */
    public static Document verifyRedirect(String url, String messageName, X509Certificate signer) throws Exception {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            raw.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (signer != null) {
            String signed = messageName + "=" + raw.get(messageName) + "&RelayState=" + raw.get("RelayState")
                    + "&SigAlg=" + raw.get("SigAlg");
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(signer);
            verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
            assertThat(verifier.verify(Base64.getDecoder().decode(URLDecoder.decode(raw.get("Signature"),
                    StandardCharsets.UTF_8)))).as("Toegang's Redirect signature verifies").isTrue();
        }
        byte[] deflated = Base64.getDecoder().decode(URLDecoder.decode(raw.get(messageName), StandardCharsets.UTF_8));
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        byte[] buffer = new byte[64 * 1024];
        int length = inflater.inflate(buffer);
        inflater.end();
        return TestXml.parse(Arrays.copyOf(buffer, length));
    }

    /** The enveloped signature of {@code element} (by its ID) must exist and verify with Santuario. */
    public static void verifyEnveloped(Element element, X509Certificate certificate) throws Exception {
        element.setIdAttributeNS(null, "ID", true);
        Element signature = (Element) element.getElementsByTagNameNS(DSIG, "Signature").item(0);
        assertThat(signature).as("an enveloped signature").isNotNull();
        assertThat(new XMLSignature(signature, "").checkSignatureValue(certificate))
                .as("Toegang's signature verifies with Santuario").isTrue();
    }

    /** {@code bytes} random bytes in hex, for IDs and handles. */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Element header(Node parent, String p, String a, String localName, String id, Instant issueInstant,
                                  String destination, String inResponseTo, String issuer) {
        Document doc = parent instanceof Document d ? d : parent.getOwnerDocument();
        Element message = doc.createElementNS(SAMLP, p + ":" + localName);
        if (!SAMLP.equals(parent.lookupNamespaceURI(p))) {
            message.setAttributeNS(XMLNS, "xmlns:" + p, SAMLP);
        }
        if (!SAML.equals(parent.lookupNamespaceURI(a))) {
            message.setAttributeNS(XMLNS, "xmlns:" + a, SAML);
        }
        message.setAttributeNS(null, "ID", id);
        message.setAttributeNS(null, "Version", "2.0");
        message.setAttributeNS(null, "IssueInstant", issueInstant.toString());
        if (destination != null) {
            message.setAttributeNS(null, "Destination", destination);
        }
        if (inResponseTo != null) {
            message.setAttributeNS(null, "InResponseTo", inResponseTo);
        }
        parent.appendChild(message);
        add(message, SAML, a + ":Issuer").setTextContent(issuer);
        return message;
    }

    /**
     * A Success Response with one Assertion: Issuer, Subject (NameID, bearer SubjectConfirmationData with the
     * InResponseTo, NotOnOrAfter and Recipient), Conditions with one Audience, AuthnStatement with the class ref,
     * and an AttributeStatement when there are attributes; signed and encrypted when asked.
     */
    public static final class ResponseBuilder {
        private String protocolPrefix = "samlp";
        private String assertionPrefix = "saml";
        private String id = "_r" + hex(16);
        private String assertionId = "_a" + hex(16);
        private Instant issueInstant = Instant.now();
        private Instant notBefore;
        private Instant notOnOrAfter;
        private String issuer;
        private String destination;
        private String recipient;
        private String inResponseTo;
        private String audience;
        private String nameId;
        private String nameIdFormat;
        private String nameQualifier;
        private String spNameQualifier;
        private String sessionIndex;
        private String classRef;
        private final Map<String, List<String>> attributes = new LinkedHashMap<>();
        private boolean assertionDeclaresNamespace;
        private PrivateKey signingKey;
        private X509Certificate signingCertificate;
        private PublicKey encryptTo;

        private ResponseBuilder() {
        }

        /** The namespace prefixes, e.g. saml2p and saml2 as OpenSAML writes them. */
        public ResponseBuilder prefixes(String protocol, String assertion) {
            this.protocolPrefix = protocol;
            this.assertionPrefix = assertion;
            return this;
        }

        public ResponseBuilder ids(String responseId, String assertionId) {
            this.id = responseId;
            this.assertionId = assertionId;
            return this;
        }

        /** IssueInstant of both, and AuthnInstant. */
        public ResponseBuilder issueInstant(Instant instant) {
            this.issueInstant = instant;
            return this;
        }

        /** Conditions NotBefore and NotOnOrAfter; the latter also on the SubjectConfirmationData. */
        public ResponseBuilder validity(Instant notBefore, Instant notOnOrAfter) {
            this.notBefore = notBefore;
            this.notOnOrAfter = notOnOrAfter;
            return this;
        }

        /** Issuer of the Response and of the Assertion. */
        public ResponseBuilder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Destination of the Response and, unless set apart, Recipient of the SubjectConfirmationData. */
        public ResponseBuilder destination(String destination) {
            this.destination = destination;
            return this;
        }

        public ResponseBuilder recipient(String recipient) {
            this.recipient = recipient;
            return this;
        }

        /** InResponseTo of the Response and of the SubjectConfirmationData. */
        public ResponseBuilder inResponseTo(String inResponseTo) {
            this.inResponseTo = inResponseTo;
            return this;
        }

        public ResponseBuilder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** A NameID without Format or qualifiers. */
        public ResponseBuilder nameId(String value) {
            return nameId(value, null, null, null);
        }

        /** A NameID; each attribute left out when null. */
        public ResponseBuilder nameId(String value, String format, String nameQualifier, String spNameQualifier) {
            this.nameId = value;
            this.nameIdFormat = format;
            this.nameQualifier = nameQualifier;
            this.spNameQualifier = spNameQualifier;
            return this;
        }

        /** The AuthnStatement's SessionIndex; none when not set. */
        public ResponseBuilder sessionIndex(String sessionIndex) {
            this.sessionIndex = sessionIndex;
            return this;
        }

        public ResponseBuilder classRef(String classRef) {
            this.classRef = classRef;
            return this;
        }

        /** An Attribute (NameFormat uri) with these values, in the order added. */
        public ResponseBuilder attribute(String name, String... values) {
            attributes.put(name, List.of(values));
            return this;
        }

        public ResponseBuilder attributes(Map<String, List<String>> attributes) {
            this.attributes.putAll(attributes);
            return this;
        }

        /** The Assertion declares its namespace itself, as IdPs that sign or encrypt it on its own often write it. */
        public ResponseBuilder assertionDeclaresNamespace() {
            this.assertionDeclaresNamespace = true;
            return this;
        }

        /** Signs the Assertion (RSA-SHA256); the certificate goes in KeyInfo unless null. */
        public ResponseBuilder signedBy(PrivateKey key, X509Certificate certificate) {
            this.signingKey = key;
            this.signingCertificate = certificate;
            return this;
        }

        /** Encrypts the signed Assertion to this key. */
        public ResponseBuilder encryptedTo(PublicKey recipient) {
            this.encryptTo = recipient;
            return this;
        }

        /** The Response as a new document. */
        public Document build() throws Exception {
            Document doc = TestXml.newDocument();
            buildIn(doc);
            return doc;
        }

        /** The Response appended to {@code parent} (a document or an element); returns it. */
        public Element buildIn(Node parent) throws Exception {
            Element response = header(parent, protocolPrefix, assertionPrefix, "Response", id, issueInstant,
                    destination, inResponseTo, issuer);
            status(response, SUCCESS);
            Element assertion = saml(response, "Assertion");
            if (assertionDeclaresNamespace) {
                assertion.setAttributeNS(XMLNS, "xmlns:" + assertionPrefix, SAML);
            }
            assertion.setAttributeNS(null, "ID", assertionId);
            assertion.setAttributeNS(null, "Version", "2.0");
            assertion.setAttributeNS(null, "IssueInstant", issueInstant.toString());
            Element assertionIssuer = saml(assertion, "Issuer");
            assertionIssuer.setTextContent(issuer);
            String until = (notOnOrAfter != null ? notOnOrAfter : issueInstant.plus(Duration.ofMinutes(5))).toString();

            Element subject = saml(assertion, "Subject");
            Element name = saml(subject, "NameID");
            setIfPresent(name, "Format", nameIdFormat);
            setIfPresent(name, "NameQualifier", nameQualifier);
            setIfPresent(name, "SPNameQualifier", spNameQualifier);
            name.setTextContent(nameId);
            Element confirmation = saml(subject, "SubjectConfirmation");
            confirmation.setAttributeNS(null, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
            Element data = saml(confirmation, "SubjectConfirmationData");
            data.setAttributeNS(null, "InResponseTo", inResponseTo);
            data.setAttributeNS(null, "NotOnOrAfter", until);
            data.setAttributeNS(null, "Recipient", recipient != null ? recipient : destination);

            Element conditions = saml(assertion, "Conditions");
            conditions.setAttributeNS(null, "NotBefore",
                    (notBefore != null ? notBefore : issueInstant.minus(Duration.ofMinutes(1))).toString());
            conditions.setAttributeNS(null, "NotOnOrAfter", until);
            saml(saml(conditions, "AudienceRestriction"), "Audience").setTextContent(audience);

            Element authn = saml(assertion, "AuthnStatement");
            authn.setAttributeNS(null, "AuthnInstant", issueInstant.toString());
            setIfPresent(authn, "SessionIndex", sessionIndex);
            saml(saml(authn, "AuthnContext"), "AuthnContextClassRef").setTextContent(classRef);

            if (!attributes.isEmpty()) {
                Element statement = saml(assertion, "AttributeStatement");
                attributes.forEach((attributeName, values) -> {
                    Element attribute = saml(statement, "Attribute");
                    attribute.setAttributeNS(null, "Name", attributeName);
                    attribute.setAttributeNS(null, "NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:uri");
                    values.forEach(value -> saml(attribute, "AttributeValue").setTextContent(value));
                });
            }
            if (signingKey != null) {
                sign(assertion, assertionIssuer, signingKey, signingCertificate);
            }
            if (encryptTo != null) {
                encrypt(assertion, encryptTo);
            }
            return response;
        }

        private Element saml(Element parent, String localName) {
            return add(parent, SAML, assertionPrefix + ":" + localName);
        }

        private static void setIfPresent(Element element, String attribute, String value) {
            if (value != null) {
                element.setAttributeNS(null, attribute, value);
            }
        }
    }
}
