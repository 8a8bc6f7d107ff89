package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.crypto.XmlDecrypter;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.SecureXmlParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * Validates the SOAP answer of DigiD's artifact resolution service, one numbered step at a time (see
 * docs/digid-broker-checks.md). Each refusal is a {@link SamlValidationException} naming the step; a correctly
 * signed and addressed failure status is an outcome, not an exception.
 *
 * <p>Elements are reached by absolute path only (Envelope/Body/ArtifactResponse/Response/Assertion), counts are
 * checked document-wide so a second Response or Assertion hidden anywhere (Extensions, ds:Object, a wrapper) is
 * refused, and values are read from the very node whose signature was verified.
 */
public final class ArtifactResponseValidator {
    private static final Set<String> STATUS_RESPONSE_HEADER = Set.of("Issuer", "Signature", "Extensions", "Status");

    private final SecureXmlParser parser;
    private final TimeChecks time;
    private final EnvelopedSignatureVerifier signatureVerifier;
    private final ResponseChecks responseChecks;
    private final AssertionValidator assertionValidator;

    /**
     * @param decryptionKeys our private keys for EncryptedAssertion/EncryptedID (empty for SAML 3.x, which does not
     *                       encrypt); several keys allow a rollover
     */
    public ArtifactResponseValidator(Clock clock, AssertionReplayCache replayCache, List<PrivateKey> decryptionKeys,
                                     SamlValidationSettings settings) {
        this.parser = new SecureXmlParser(settings.maxMessageBytes());
        this.time = new TimeChecks(clock, settings);
        this.signatureVerifier = new EnvelopedSignatureVerifier();
        XmlDecrypter decrypter = new XmlDecrypter(decryptionKeys);
        this.responseChecks = new ResponseChecks(time, signatureVerifier, decrypter);
        this.assertionValidator = new AssertionValidator(time, replayCache, signatureVerifier,
                new SubjectIdentifierReader(decrypter));
    }

    public SamlOutcome validate(byte[] soapResponse, ArtifactExpectation expected) {
        Element response = checkArtifactResponse(soapResponse, expected.artifactResolveId(), expected.addressing());
        // Steps 9-15 (the Response, shared with every other SAML login), 16-23 on its Assertion.
        ResponseChecks.Checked checked = responseChecks.check(response, expected.addressing(), false);
        if (checked.failure() != null) {
            return checked.failure();
        }
        return assertionValidator.validate(checked.assertion(), expected);
    }

    /**
     * The same steps for a generic SAML IdP's artifact answer (an upstream of the realm file): steps 1-8 as for
     * DigiD, then the Response and Assertion steps of {@link ResponseValidator}.
     */
    SamlOutcome validate(byte[] soapResponse, String artifactResolveId, SamlExpectation expected) {
        Element response = checkArtifactResponse(soapResponse, artifactResolveId, expected.addressing());
        ResponseChecks.Checked checked = responseChecks.check(response, expected.addressing(),
                expected.requireEncryption());
        if (checked.failure() != null) {
            return checked.failure();
        }
        return assertionValidator.validate(checked.assertion(), expected);
    }

    /** Steps 1-8: the SOAP envelope and the ArtifactResponse around the one Response. */
    private Element checkArtifactResponse(byte[] soapResponse, String artifactResolveId, Addressing expected) {
        // Step 1: bounded, hardened parse (no DOCTYPE, no entities, comments kept as nodes).
        Document document = parser.parse(soapResponse);

        // Step 2: SOAP Envelope whose Body holds exactly one element, an ArtifactResponse.
        Element artifactResponse = artifactResponseOf(document, "step 2 (SOAP envelope)");

        // Step 3: ArtifactResponse Version 2.0 and a fresh IssueInstant.
        String step3 = "step 3 (ArtifactResponse Version, IssueInstant)";
        AssertionValidator.requireVersion(artifactResponse, step3);
        time.issueInstant(artifactResponse, step3);

        // Step 4: ArtifactResponse signed by the pinned IdP key, Reference to itself.
        signatureVerifier.verify(artifactResponse, expected.idpSigningKeys(), "step 4 (ArtifactResponse signature)");

        // Step 5: it answers our ArtifactResolve.
        String step5 = "step 5 (ArtifactResponse InResponseTo)";
        if (!artifactResolveId.equals(Dom.requiredAttribute(artifactResponse, "InResponseTo", step5))) {
            throw new SamlValidationException(SamlReason.IN_RESPONSE_TO_MISMATCH,
                    step5 + ": ArtifactResponse does not answer our ArtifactResolve");
        }

        // Step 6: issued by the IdP.
        AssertionValidator.requireIssuer(artifactResponse, expected.idpEntityId(), true,
                "step 6 (ArtifactResponse Issuer)");

        // Step 7: the resolution itself succeeded (an unknown/expired artifact gives RequestDenied here).
        SamlStatus artifactStatus = StatusReader.read(artifactResponse, "step 7 (ArtifactResponse Status)");
        if (!artifactStatus.isSuccess()) {
            throw new SamlValidationException(SamlReason.STATUS_NOT_SUCCESS,
                    "step 7 (ArtifactResponse Status): artifact resolution status " + SafeText.quote(
                            artifactStatus.code()) + " / " + SafeText.quote(artifactStatus.subCode()));
        }

        // Step 8: exactly one Response, as the ArtifactResponse's payload, and none anywhere else.
        return responseOf(artifactResponse, "step 8 (single Response)");
    }

    private static Element artifactResponseOf(Document document, String step) {
        return SoapEnvelope.payload(document, "ArtifactResponse", step);
    }

    private static Element responseOf(Element artifactResponse, String step) {
        List<Element> payload = Dom.childElements(artifactResponse).stream()
                .filter(e -> !(isProtocolOrAssertionOrDsig(e) && STATUS_RESPONSE_HEADER.contains(e.getLocalName())))
                .toList();
        if (payload.size() != 1 || !Dom.is(payload.get(0), PROTOCOL, "Response")) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step + ": ArtifactResponse must carry exactly one Response");
        }
        if (Dom.countInDocument(artifactResponse.getOwnerDocument(), PROTOCOL, "Response") != 1) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step + ": message holds more than one Response");
        }
        return payload.get(0);
    }

    private static boolean isProtocolOrAssertionOrDsig(Element e) {
        String ns = e.getNamespaceURI();
        return PROTOCOL.equals(ns) || ASSERTION.equals(ns) || SamlNamespaces.DSIG.equals(ns);
    }
}
