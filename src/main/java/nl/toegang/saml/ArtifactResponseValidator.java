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
    private final XmlDecrypter decrypter;
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
        this.decrypter = new XmlDecrypter(decryptionKeys);
        this.assertionValidator = new AssertionValidator(time, replayCache, signatureVerifier,
                new SubjectIdentifierReader(decrypter));
    }

    public SamlOutcome validate(byte[] soapResponse, ArtifactExpectation expected) {
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
        if (!expected.artifactResolveId().equals(Dom.requiredAttribute(artifactResponse, "InResponseTo", step5))) {
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
        Element response = responseOf(artifactResponse, "step 8 (single Response)");

        // Step 9: Response Version 2.0, fresh IssueInstant; a Response signature, if present, must verify too.
        String step9 = "step 9 (Response Version, IssueInstant, optional signature)";
        AssertionValidator.requireVersion(response, step9);
        Dom.requiredAttribute(response, "ID", step9);
        time.issueInstant(response, step9);
        if (!Dom.children(response, SamlNamespaces.DSIG, "Signature").isEmpty()) {
            signatureVerifier.verify(response, expected.idpSigningKeys(), step9);
        }

        // Step 10: addressed to our ACS.
        String step10 = "step 10 (Response Destination)";
        String destination = Dom.requiredAttribute(response, "Destination", step10);
        if (!expected.acsUrl().equals(destination)) {
            throw new SamlValidationException(SamlReason.DESTINATION_MISMATCH,
                    step10 + ": Destination " + SafeText.quote(destination) + " is not our ACS URL");
        }

        // Step 11: answers the AuthnRequest this browser session started (no unsolicited responses).
        String step11 = "step 11 (Response InResponseTo)";
        if (!expected.authnRequestId().equals(Dom.requiredAttribute(response, "InResponseTo", step11))) {
            throw new SamlValidationException(SamlReason.IN_RESPONSE_TO_MISMATCH,
                    step11 + ": Response does not answer this session's AuthnRequest");
        }

        // Step 12: issued by the IdP.
        AssertionValidator.requireIssuer(response, expected.idpEntityId(), true, "step 12 (Response Issuer)");

        // Step 13: Success continues; cancel / level not met / other failures are outcomes.
        SamlStatus status = StatusReader.read(response, "step 13 (Response Status)");
        if (!status.isSuccess()) {
            return StatusReader.outcomeOfFailure(status);
        }

        // Step 14: exactly one Assertion or EncryptedAssertion, directly in the Response.
        Element assertionOrEncrypted = assertionOf(response, "step 14 (single Assertion)");

        // Step 15: decrypt with our key (allowlisted algorithms only), then re-check that there is one Assertion.
        Element assertion = assertionOrEncrypted;
        if (Dom.is(assertionOrEncrypted, ASSERTION, "EncryptedAssertion")) {
            String step15 = "step 15 (EncryptedAssertion)";
            assertion = decrypter.decrypt(assertionOrEncrypted, expected.spEntityId(), ASSERTION, "Assertion", step15);
            if (Dom.countInDocument(document, ASSERTION, "Assertion") != 1) {
                throw new SamlValidationException(SamlReason.ASSERTION_COUNT,
                        step15 + ": decrypted message holds more than one Assertion");
            }
        }

        // Steps 16-23 on that exact node.
        return assertionValidator.validate(assertion, expected);
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

    private static Element assertionOf(Element response, String step) {
        List<Element> direct = Dom.childElements(response).stream()
                .filter(e -> Dom.is(e, ASSERTION, "Assertion") || Dom.is(e, ASSERTION, "EncryptedAssertion"))
                .toList();
        Document doc = response.getOwnerDocument();
        int anywhere = Dom.countInDocument(doc, ASSERTION, "Assertion")
                + Dom.countInDocument(doc, ASSERTION, "EncryptedAssertion");
        if (direct.size() != 1 || anywhere != 1) {
            throw new SamlValidationException(SamlReason.ASSERTION_COUNT, step + ": expected exactly one Assertion "
                    + "or EncryptedAssertion in the Response and none elsewhere (found " + direct.size()
                    + " in the Response, " + anywhere + " in the message)");
        }
        return direct.get(0);
    }

    private static boolean isProtocolOrAssertionOrDsig(Element e) {
        String ns = e.getNamespaceURI();
        return PROTOCOL.equals(ns) || ASSERTION.equals(ns) || SamlNamespaces.DSIG.equals(ns);
    }
}
