package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.crypto.XmlDecrypter;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;

/**
 * Steps 9-15, the samlp:Response itself, whichever binding brought it (inside DigiD's or another IdP's
 * ArtifactResponse, or by HTTP-POST): version and age, its signature when it has one, Destination, InResponseTo,
 * Issuer, Status, exactly one Assertion or EncryptedAssertion, decryption. One implementation for every SAML login.
 */
final class ResponseChecks {
    private final TimeChecks time;
    private final EnvelopedSignatureVerifier signatureVerifier;
    private final XmlDecrypter decrypter;

    ResponseChecks(TimeChecks time, EnvelopedSignatureVerifier signatureVerifier, XmlDecrypter decrypter) {
        this.time = time;
        this.signatureVerifier = signatureVerifier;
        this.decrypter = decrypter;
    }

    /** A correctly addressed Response: its failure status (an outcome), or its one Assertion, decrypted. */
    record Checked(SamlOutcome failure, Element assertion) {
    }

    Checked check(Element response, Addressing expected, boolean requireEncryption) {
        Document document = response.getOwnerDocument();
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
            return new Checked(StatusReader.outcomeOfFailure(status), null);
        }

        // Step 14: exactly one Assertion or EncryptedAssertion, directly in the Response.
        Element assertionOrEncrypted = assertionOf(response, "step 14 (single Assertion)");

        // Step 15: decrypt with our key (allowlisted algorithms only), then re-check that there is one Assertion.
        Element assertion = assertionOrEncrypted;
        String step15 = "step 15 (EncryptedAssertion)";
        if (Dom.is(assertionOrEncrypted, ASSERTION, "EncryptedAssertion")) {
            assertion = decrypter.decrypt(assertionOrEncrypted, expected.spEntityId(), ASSERTION, "Assertion", step15);
            if (Dom.countInDocument(document, ASSERTION, "Assertion") != 1) {
                throw new SamlValidationException(SamlReason.ASSERTION_COUNT,
                        step15 + ": decrypted message holds more than one Assertion");
            }
        } else if (requireEncryption) {
            throw new SamlValidationException(SamlReason.ASSERTION_NOT_ENCRYPTED,
                    step15 + ": the realm file requires an EncryptedAssertion, the IdP sent a plain Assertion");
        }
        return new Checked(null, assertion);
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
}
