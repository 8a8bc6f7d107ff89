package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import org.w3c.dom.Element;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;

/**
 * Checks one (already selected, already decrypted) Assertion element and reads the person from it: steps 16-21 are
 * the same for DigiD and every other SAML IdP; steps 22 and 23 are DigiD's level table and BSN rules, or a generic
 * IdP's accepted class refs and opaque NameID. Every value is read from the same DOM node whose signature was
 * verified in step 16.
 */
final class AssertionValidator {
    static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    static final String TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
    private static final int MAX_NAME_ID = 256;
    private static final int MAX_ATTRIBUTE_VALUES = 100;
    private static final int MAX_ATTRIBUTE_CHARS = 1024;
    private static final Set<String> KNOWN_CONDITIONS = Set.of("AudienceRestriction", "OneTimeUse", "ProxyRestriction");

    private final TimeChecks time;
    private final AssertionReplayCache replayCache;
    private final EnvelopedSignatureVerifier signatureVerifier;
    private final SubjectIdentifierReader subjectReader;

    AssertionValidator(TimeChecks time, AssertionReplayCache replayCache, EnvelopedSignatureVerifier signatureVerifier,
                       SubjectIdentifierReader subjectReader) {
        this.time = time;
        this.replayCache = replayCache;
        this.signatureVerifier = signatureVerifier;
        this.subjectReader = subjectReader;
    }

    /** DigiD: steps 16-21, then its level table (step 22) and its sector and BSN rules (step 23). */
    AuthenticatedResident validate(Element assertion, ArtifactExpectation expected) {
        Checked checked = checkCommon(assertion, expected.addressing());

        // Step 22: AuthnStatement with a level at least the requested minimum.
        String step22 = "step 22 (AuthnStatement, level)";
        Element authnStatement = Dom.single(assertion, ASSERTION, "AuthnStatement", step22);
        Instant authnInstant = Dom.instant(Dom.requiredAttribute(authnStatement, "AuthnInstant", step22),
                "AuthnInstant", step22);
        time.notBefore(authnInstant, "AuthnInstant", step22);
        String sessionIndex = Dom.requiredAttribute(authnStatement, "SessionIndex", step22);
        Element context = Dom.single(authnStatement, ASSERTION, "AuthnContext", step22);
        String classRef = Dom.text(Dom.single(context, ASSERTION, "AuthnContextClassRef", step22), step22);
        DigidLevel level = DigidLevel.fromClassRef(classRef).orElseThrow(() -> new SamlValidationException(
                SamlReason.UNKNOWN_LEVEL, step22 + ": unknown AuthnContextClassRef " + SafeText.quote(classRef)));
        if (!level.isAtLeast(expected.minimumLevel())) {
            throw new SamlValidationException(SamlReason.LEVEL_TOO_LOW, step22 + ": level " + level
                    + " is below the requested minimum " + expected.minimumLevel());
        }

        // Step 23: NameID / EncryptedID -> sector -> BSN.
        Bsn bsn = subjectReader.read(checked.subject(), expected, "step 23 (NameID, sector, BSN)");
        return new AuthenticatedResident(bsn, classRef, checked.assertionId(), authnInstant, sessionIndex);
    }

    /**
     * A generic SAML IdP: steps 16-21 as for DigiD, then the AuthnContextClassRef against the accepted list (step
     * 22), the NameID as an opaque identifier (step 23) and the attributes (step 24).
     */
    AuthenticatedSubject validate(Element assertion, SamlExpectation expected) {
        Checked checked = checkCommon(assertion, expected.addressing());

        String step22 = "step 22 (AuthnStatement, AuthnContextClassRef)";
        Element authnStatement = Dom.single(assertion, ASSERTION, "AuthnStatement", step22);
        Instant authnInstant = Dom.instant(Dom.requiredAttribute(authnStatement, "AuthnInstant", step22),
                "AuthnInstant", step22);
        time.notBefore(authnInstant, "AuthnInstant", step22);
        String sessionIndex = Dom.optionalAttribute(authnStatement, "SessionIndex").orElse(null);
        Element context = Dom.single(authnStatement, ASSERTION, "AuthnContext", step22);
        String classRef = Dom.optional(context, ASSERTION, "AuthnContextClassRef", step22)
                .map(e -> Dom.text(e, step22)).orElse(null);
        if (!expected.acceptedClassRefs().isEmpty()
                && (classRef == null || !expected.acceptedClassRefs().contains(classRef))) {
            throw new SamlValidationException(SamlReason.LEVEL_TOO_LOW, step22 + ": AuthnContextClassRef "
                    + (classRef == null ? "(none)" : SafeText.quote(classRef)) + " does not meet the minimum");
        }

        String step23 = "step 23 (NameID)";
        Element nameId = subjectReader.nameIdOf(checked.subject(), expected.spEntityId(), step23);
        String value = Dom.text(nameId, SamlReason.NAMEID_NOT_PLAIN_TEXT, step23);
        String format = nameId.getAttributeNS(null, "Format");
        if (value.isEmpty() || value.length() > MAX_NAME_ID) {
            throw new SamlValidationException(SamlReason.NAMEID_MALFORMED,
                    step23 + ": NameID must be 1 to " + MAX_NAME_ID + " characters");
        }
        if (TRANSIENT.equals(format) && !expected.personFromAttributes()) {
            // A new value at every login would make a new person at every login.
            throw new SamlValidationException(SamlReason.NAMEID_MALFORMED,
                    step23 + ": a transient NameID cannot identify a person from one login to the next");
        }

        return new AuthenticatedSubject(value, format, classRef, checked.assertionId(), authnInstant, sessionIndex,
                attributes(assertion, "step 24 (AttributeStatement)"), nameId.getAttributeNS(null, "NameQualifier"),
                nameId.getAttributeNS(null, "SPNameQualifier"));
    }

    /** What steps 16-21 leave for the profile's own steps. */
    private record Checked(String assertionId, Element subject) {
    }

    private Checked checkCommon(Element assertion, Addressing expected) {
        // Step 16: the Assertion carries its own valid signature by the pinned key, covering this very node.
        signatureVerifier.verify(assertion, expected.idpSigningKeys(), "step 16 (Assertion signature)");
        String assertionId = Dom.requiredAttribute(assertion, "ID", "step 16 (Assertion signature)");

        // Step 17: version, issue instant and Issuer of the Assertion.
        String step17 = "step 17 (Assertion Version, IssueInstant, Issuer)";
        requireVersion(assertion, step17);
        time.issueInstant(assertion, step17);
        requireIssuer(assertion, expected.idpEntityId(), true, step17);

        // Step 18: Conditions time window with bounded skew.
        String step18 = "step 18 (Conditions NotBefore/NotOnOrAfter)";
        Element conditions = Dom.single(assertion, ASSERTION, "Conditions", step18);
        Dom.optionalInstant(conditions, "NotBefore", step18)
                .ifPresent(nb -> time.notBefore(nb, "Conditions NotBefore", step18));
        Instant conditionsEnd = Dom.instant(Dom.requiredAttribute(conditions, "NotOnOrAfter", step18),
                "NotOnOrAfter", step18);
        time.notOnOrAfter(conditionsEnd, "Conditions NotOnOrAfter", step18);

        // Step 19: every AudienceRestriction names us; a ProxyRestriction allows what a broker does.
        checkAudience(conditions, expected.spEntityId(), "step 19 (AudienceRestriction)");
        checkProxyRestriction(conditions, "step 19 (ProxyRestriction)");

        // Step 20: one bearer SubjectConfirmation addressed to our ACS, for our AuthnRequest, not expired.
        String step20 = "step 20 (SubjectConfirmation)";
        Element subject = Dom.single(assertion, ASSERTION, "Subject", step20);
        Instant confirmationEnd = checkSubjectConfirmation(subject, expected, step20);

        // Step 21: the assertion ID was never consumed before (kept until the assertion expires anyway).
        Instant until = (confirmationEnd.isAfter(conditionsEnd) ? confirmationEnd : conditionsEnd).plus(time.skew());
        if (!replayCache.markUsed(assertionId, until)) {
            throw new SamlValidationException(SamlReason.REPLAYED,
                    "step 21 (assertion replay): assertion ID was already used");
        }
        return new Checked(assertionId, subject);
    }

    /** The eIDAS natural-person attribute namespace, whose {@code LatinScript} marks a non-Latin original. */
    static final String EIDAS_NATURAL = "http://eidas.europa.eu/attributes/naturalperson";

    /**
     * Attribute Name to its values (plain text only), bounded in count and size. A value marked
     * {@code LatinScript="false"} (eIDAS SAML Attribute Profile v1.2, transliteration) comes after the attribute's
     * other values, so that "the first value" is the Latin one where the IdP sent both.
     */
    private static Map<String, List<String>> attributes(Element assertion, String step) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        int values = 0;
        for (Element statement : Dom.children(assertion, ASSERTION, "AttributeStatement")) {
            for (Element attribute : Dom.children(statement, ASSERTION, "Attribute")) {
                String name = Dom.requiredAttribute(attribute, "Name", step);
                List<String> list = attributes.computeIfAbsent(name, n -> new ArrayList<>());
                List<String> nonLatin = new ArrayList<>();
                for (Element value : Dom.children(attribute, ASSERTION, "AttributeValue")) {
                    String text = Dom.text(value, step);
                    if (++values > MAX_ATTRIBUTE_VALUES || text.length() > MAX_ATTRIBUTE_CHARS) {
                        throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                                step + ": more or longer attribute values than a login needs");
                    }
                    String latin = value.hasAttributeNS(EIDAS_NATURAL, "LatinScript")
                            ? value.getAttributeNS(EIDAS_NATURAL, "LatinScript")
                            : value.getAttributeNS(null, "LatinScript");
                    (latin.strip().equals("false") ? nonLatin : list).add(text);
                }
                list.addAll(nonLatin);
            }
        }
        attributes.replaceAll((name, list) -> List.copyOf(list));
        return attributes;
    }

    static void requireVersion(Element element, String step) {
        if (!SamlNamespaces.VERSION_2_0.equals(Dom.requiredAttribute(element, "Version", step))) {
            throw new SamlValidationException(SamlReason.UNSUPPORTED_VERSION,
                    step + ": " + element.getLocalName() + " Version must be 2.0");
        }
    }

    static void requireIssuer(Element element, String idpEntityId, boolean required, String step) {
        var issuer = Dom.optional(element, ASSERTION, "Issuer", step);
        if (issuer.isEmpty()) {
            if (required) {
                throw new SamlValidationException(SamlReason.ISSUER_MISMATCH,
                        step + ": " + element.getLocalName() + " has no Issuer");
            }
            return;
        }
        String value = Dom.text(issuer.get(), step);
        if (!idpEntityId.equals(value)) {
            throw new SamlValidationException(SamlReason.ISSUER_MISMATCH, step + ": " + element.getLocalName()
                    + " Issuer " + SafeText.quote(value) + " is not the IdP");
        }
    }

    private static void checkAudience(Element conditions, String spEntityId, String step) {
        for (Element condition : Dom.childElements(conditions)) {
            if (!ASSERTION.equals(condition.getNamespaceURI())
                    || !KNOWN_CONDITIONS.contains(condition.getLocalName())) {
                // Unknown conditions are "Indeterminate" in SAML core 2.5.1.5; we cannot honour them.
                throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                        step + ": unsupported condition " + condition.getLocalName());
            }
        }
        List<Element> restrictions = Dom.children(conditions, ASSERTION, "AudienceRestriction");
        if (restrictions.isEmpty()) {
            throw new SamlValidationException(SamlReason.AUDIENCE_MISMATCH, step + ": no AudienceRestriction");
        }
        for (Element restriction : restrictions) {
            boolean ours = false;
            for (Element audience : Dom.children(restriction, ASSERTION, "Audience")) {
                ours |= spEntityId.equals(Dom.text(audience, step));
            }
            if (!ours) {
                throw new SamlValidationException(SamlReason.AUDIENCE_MISMATCH,
                        step + ": an AudienceRestriction does not contain our entityID");
            }
        }
    }

    /**
     * SAML core 2.5.1.6: a ProxyRestriction limits the new assertions a relying party may issue on the basis of this
     * one. Toegang is such a party: every ID token, access token and single sign-on to another client of the realm is
     * a new assertion. {@code Count="0"} forbids that outright, and a list of Audiences would confine it to parties
     * that the realm's sign-on session cannot be held to; both are refused. A Count above zero without Audiences
     * allows what Toegang does (its clients issue nothing further on our tokens' basis). At most one may be present.
     */
    private static void checkProxyRestriction(Element conditions, String step) {
        List<Element> restrictions = Dom.children(conditions, ASSERTION, "ProxyRestriction");
        if (restrictions.isEmpty()) {
            return;
        }
        if (restrictions.size() > 1) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step + ": more than one ProxyRestriction");
        }
        Element restriction = restrictions.get(0);
        if (restriction.hasAttributeNS(null, "Count")) {
            String count = restriction.getAttributeNS(null, "Count").strip();
            if (!count.matches("\\d{1,9}")) {
                throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                        step + ": ProxyRestriction Count " + SafeText.quote(count) + " is not a non-negative number");
            }
            if (Integer.parseInt(count) == 0) {
                throw new SamlValidationException(SamlReason.PROXY_RESTRICTED, step + ": ProxyRestriction Count=0"
                        + " forbids issuing tokens on the basis of this assertion");
            }
        }
        if (!Dom.children(restriction, ASSERTION, "Audience").isEmpty()) {
            throw new SamlValidationException(SamlReason.PROXY_RESTRICTED, step + ": ProxyRestriction names"
                    + " Audiences; a realm's sign-on session cannot be confined to them");
        }
    }

    private Instant checkSubjectConfirmation(Element subject, Addressing expected, String step) {
        Element confirmation = Dom.single(subject, ASSERTION, "SubjectConfirmation", step);
        if (!BEARER.equals(Dom.requiredAttribute(confirmation, "Method", step))) {
            throw new SamlValidationException(SamlReason.SUBJECT_CONFIRMATION_INVALID,
                    step + ": SubjectConfirmation Method must be bearer");
        }
        Element data = Dom.single(confirmation, ASSERTION, "SubjectConfirmationData", step);
        String recipient = Dom.requiredAttribute(data, "Recipient", step);
        if (!expected.acsUrl().equals(recipient)) {
            throw new SamlValidationException(SamlReason.RECIPIENT_MISMATCH,
                    step + ": Recipient " + SafeText.quote(recipient) + " is not our ACS URL");
        }
        String inResponseTo = Dom.requiredAttribute(data, "InResponseTo", step);
        if (!expected.authnRequestId().equals(inResponseTo)) {
            throw new SamlValidationException(SamlReason.IN_RESPONSE_TO_MISMATCH,
                    step + ": SubjectConfirmationData InResponseTo is not this session's AuthnRequest ID");
        }
        if (data.hasAttributeNS(null, "NotBefore")) {
            // SAML profiles 4.1.4.2: a bearer confirmation MUST NOT carry NotBefore; an IdP that sends one is not
            // the Web Browser SSO profile we validate against.
            throw new SamlValidationException(SamlReason.SUBJECT_CONFIRMATION_INVALID,
                    step + ": a bearer SubjectConfirmationData must not have NotBefore");
        }
        Instant end = Dom.instant(Dom.requiredAttribute(data, "NotOnOrAfter", step), "NotOnOrAfter", step);
        time.notOnOrAfter(end, "SubjectConfirmationData NotOnOrAfter", step);
        return end;
    }
}
