package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.crypto.XmlDecrypter;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SecureXmlParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * Validates the answer of a generic SAML 2.0 IdP (an upstream of the realm file) with the very steps DigiD's answers
 * pass (docs/digid-broker-checks.md): by HTTP-POST (SAML bindings §3.5, a base64 {@code SAMLResponse}) or by
 * HTTP-Artifact (the SOAP ArtifactResponse, steps 1-8 of {@link ArtifactResponseValidator}). Then steps 9-15 on the
 * Response ({@link ResponseChecks}) and 16-21 on its Assertion, whose own signature is always required; steps 22-24
 * read the class ref, the NameID and the attributes instead of DigiD's level table and BSN.
 */
public final class ResponseValidator {
    private final SecureXmlParser parser;
    private final ResponseChecks responseChecks;
    private final AssertionValidator assertionValidator;
    private final ArtifactResponseValidator artifacts;
    private final int maxMessageBytes;

    /** @param decryptionKeys our private keys for EncryptedAssertion/EncryptedID; several allow a rollover */
    public ResponseValidator(Clock clock, AssertionReplayCache replayCache, List<PrivateKey> decryptionKeys,
                             SamlValidationSettings settings) {
        this.maxMessageBytes = settings.maxMessageBytes();
        this.parser = new SecureXmlParser(settings.maxMessageBytes());
        TimeChecks time = new TimeChecks(clock, settings);
        EnvelopedSignatureVerifier signatureVerifier = new EnvelopedSignatureVerifier();
        XmlDecrypter decrypter = new XmlDecrypter(decryptionKeys);
        this.responseChecks = new ResponseChecks(time, signatureVerifier, decrypter);
        this.assertionValidator = new AssertionValidator(time, replayCache, signatureVerifier,
                new SubjectIdentifierReader(decrypter));
        this.artifacts = new ArtifactResponseValidator(clock, replayCache, decryptionKeys, settings);
    }

    /** HTTP-POST binding: {@code samlResponse} as the form field carries it (base64 of the XML). */
    public SamlOutcome validatePost(String samlResponse, SamlExpectation expected) {
        // Step 1: bounded base64, then the hardened parse (no DOCTYPE, no entities, comments kept as nodes).
        String step1 = "step 1 (SAMLResponse encoding)";
        if (samlResponse == null || samlResponse.isEmpty()) {
            throw new SamlValidationException(SamlReason.MISSING_VALUE, step1 + ": no SAMLResponse");
        }
        if (samlResponse.length() > (maxMessageBytes / 3 + 1) * 4 + 4096) {
            throw new SamlValidationException(SamlReason.INPUT_TOO_LARGE, step1 + ": SAMLResponse too large");
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(samlResponse);
        } catch (IllegalArgumentException e) {
            throw new SamlValidationException(SamlReason.MALFORMED_XML, step1 + ": SAMLResponse is not base64");
        }
        Document document = parser.parse(xml);

        // Steps 2-8 (for the POST binding): the document is one samlp:Response, and holds no other.
        String step2 = "step 2 (single Response)";
        Element response = document.getDocumentElement();
        if (!Dom.is(response, PROTOCOL, "Response")
                || Dom.countInDocument(document, PROTOCOL, "Response") != 1) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step2 + ": the message must be exactly one samlp:Response");
        }
        return checkResponse(response, expected);
    }

    /** HTTP-Artifact binding: the SOAP answer of the IdP's artifact resolution service to our ArtifactResolve. */
    public SamlOutcome validateArtifact(byte[] soapResponse, String artifactResolveId, SamlExpectation expected) {
        return artifacts.validate(soapResponse, artifactResolveId, expected);
    }

    private SamlOutcome checkResponse(Element response, SamlExpectation expected) {
        ResponseChecks.Checked checked = responseChecks.check(response, expected.addressing(),
                expected.requireEncryption());
        if (checked.failure() != null) {
            return checked.failure();
        }
        return assertionValidator.validate(checked.assertion(), expected);
    }
}
