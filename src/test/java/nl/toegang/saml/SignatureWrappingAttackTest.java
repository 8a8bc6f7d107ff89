package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.xml.SamlNamespaces;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.DSIG;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack corpus: every test starts from a valid signed message, tampers with it like SAML Raider would, and checks
 * that it is refused for the right reason. For attacks inside the ArtifactResponse the outer signature is re-made
 * with the genuine IdP key ({@link TestIdp#resignOuter}), so the inner defence is shown to hold on its own.
 */
class SignatureWrappingAttackTest {
    /** Another 11-proef-valid BSN: what the attacker wants to log in as. */
    private static final String VICTIM_BSN = "111222333";

    private final Document doc = TestIdp.parse(TestIdp.valid());

    private SamlOutcome validate(byte[] message) {
        return ArtifactResponseValidatorTest.validator(TestIdp.CLOCK,
                new InMemoryAssertionReplayCache(TestIdp.CLOCK, 100)).validate(message, TestIdp.expectation());
    }

    /** Unsigned copy of {@code signed} whose NameID names the victim. */
    private static Element evilCopyOf(Element signedAssertion, boolean keepSignature) {
        Element evil = (Element) signedAssertion.cloneNode(true);
        if (!keepSignature) {
            evil.removeChild(TestIdp.signatureOf(evil));
        }
        TestIdp.nameId(evil).setTextContent("s00000000:" + VICTIM_BSN);
        return evil;
    }

    private static Element dsObject(Element signature) {
        Element object = signature.getOwnerDocument().createElementNS(DSIG, "ds:Object");
        signature.appendChild(object);
        return object;
    }

    @Test
    void validMessageIsAcceptedAsBaseline() {
        assertThat(validate(TestIdp.bytes(doc))).isInstanceOf(AuthenticatedResident.class);
    }

    // ---- XSW1/XSW2: wrapping the signed message (here the ArtifactResponse, DigiD's signed envelope) ----

    /** XSW1: evil ArtifactResponse (new ID) carries the copied signature; the original hides in its ds:Object. */
    @Test
    void xsw1_originalArtifactResponseInsideSignatureObjectOfEvilCopy() {
        Element original = TestIdp.artifactResponse(doc);
        Element evil = (Element) original.cloneNode(true);
        evil.setAttributeNS(null, "ID", "_evil");
        TestIdp.nameId(evilAssertion(evil)).setTextContent("s00000000:" + VICTIM_BSN);
        original.getParentNode().replaceChild(evil, original);
        dsObject(TestIdp.signatureOf(evil)).appendChild(original);

        assertRefused(SamlReason.SIGNATURE_REFERENCE_INVALID, () -> validate(TestIdp.bytes(doc)));
    }

    /** XSW1, same-ID flavour: the evil copy keeps the original's ID so that #ID is ambiguous. */
    @Test
    void xsw1_sameIdFlavourIsRefusedAsDuplicateId() {
        Element original = TestIdp.artifactResponse(doc);
        Element evil = (Element) original.cloneNode(true);
        TestIdp.nameId(evilAssertion(evil)).setTextContent("s00000000:" + VICTIM_BSN);
        original.getParentNode().replaceChild(evil, original);
        dsObject(TestIdp.signatureOf(evil)).appendChild(original);

        assertRefused(SamlReason.DUPLICATE_ID, () -> validate(TestIdp.bytes(doc)));
    }

    /** XSW2: like XSW1 but the original is a detached sibling placed before the evil copy's Signature. */
    @Test
    void xsw2_originalArtifactResponseAsSiblingBeforeSignatureOfEvilCopy() {
        Element original = TestIdp.artifactResponse(doc);
        Element evil = (Element) original.cloneNode(true);
        evil.setAttributeNS(null, "ID", "_evil");
        TestIdp.nameId(evilAssertion(evil)).setTextContent("s00000000:" + VICTIM_BSN);
        original.getParentNode().replaceChild(evil, original);
        evil.insertBefore(original, TestIdp.signatureOf(evil));

        assertRefused(SamlReason.SIGNATURE_REFERENCE_INVALID, () -> validate(TestIdp.bytes(doc)));
    }

    // ---- XSW3-XSW8: wrapping the signed Assertion ----

    /** XSW3: unsigned evil assertion with the same ID inserted before the signed original. */
    @Test
    void xsw3_evilAssertionBeforeSignedOriginal() {
        Element original = TestIdp.assertion(doc);
        original.getParentNode().insertBefore(evilCopyOf(original, false), original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(TestIdp.resignOuter(doc)));
    }

    /** XSW4: the evil assertion wraps the signed original as its child. */
    @Test
    void xsw4_evilAssertionWrapsSignedOriginal() {
        Element original = TestIdp.assertion(doc);
        Element evil = evilCopyOf(original, false);
        original.getParentNode().replaceChild(evil, original);
        evil.appendChild(original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(TestIdp.resignOuter(doc)));
    }

    /** XSW5: the signed assertion is modified in place; an untouched unsigned copy is appended after it. */
    @Test
    void xsw5_modifiedSignedAssertionPlusUntouchedCopyAppended() {
        Element original = TestIdp.assertion(doc);
        Element untouched = (Element) original.cloneNode(true);
        untouched.removeChild(TestIdp.signatureOf(untouched));
        TestIdp.nameId(original).setTextContent("s00000000:" + VICTIM_BSN);
        original.getParentNode().appendChild(untouched);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(TestIdp.resignOuter(doc)));
    }

    /** XSW6: evil assertion carries the original signature; the original sits in that signature's ds:Object. */
    @Test
    void xsw6_originalAssertionInsideSignatureObjectOfEvilAssertion() {
        Element original = TestIdp.assertion(doc);
        Element evil = evilCopyOf(original, true);
        original.getParentNode().replaceChild(evil, original);
        dsObject(TestIdp.signatureOf(evil)).appendChild(original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(TestIdp.resignOuter(doc)));
    }

    /** XSW7: the signed original moves into a samlp:Extensions element; an unsigned evil copy takes its place. */
    @Test
    void xsw7_originalAssertionInExtensionsEvilCopyInItsPlace() {
        Element response = TestIdp.response(doc);
        Element original = TestIdp.assertion(doc);
        Element extensions = doc.createElementNS(PROTOCOL, "samlp:Extensions");
        Node status = response.getElementsByTagNameNS(PROTOCOL, "Status").item(0);
        response.insertBefore(extensions, status);
        response.replaceChild(evilCopyOf(original, false), original);
        extensions.appendChild(original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(TestIdp.resignOuter(doc)));
    }

    /** XSW8: evil assertion keeps the signature; the original, stripped of its signature, sits in ds:Object. */
    @Test
    void xsw8_strippedOriginalInsideSignatureObjectOfEvilAssertion() {
        Element original = TestIdp.assertion(doc);
        Element evil = evilCopyOf(original, true);
        original.getParentNode().replaceChild(evil, original);
        original.removeChild(TestIdp.signatureOf(original));
        dsObject(TestIdp.signatureOf(evil)).appendChild(original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(TestIdp.resignOuter(doc)));
    }

    /** The assertion's signature is moved up to the Response, still referencing the assertion by ID. */
    @Test
    void signatureMovedFromAssertionToResponseIsRefused() {
        Element response = TestIdp.response(doc);
        Element signature = TestIdp.signatureOf(TestIdp.assertion(doc));
        response.insertBefore(signature, response.getElementsByTagNameNS(PROTOCOL, "Status").item(0));
        assertRefused(SamlReason.SIGNATURE_REFERENCE_INVALID, () -> validate(TestIdp.resignOuter(doc)));
    }

    // ---- value tampering, stripping and key substitution ----

    /** CVE-2017-11427 family: a comment splits the NameID; c14n drops it, so the signature still verifies. */
    @Test
    void commentInjectedIntoNameIdIsRefused() {
        Element nameId = TestIdp.nameId(TestIdp.assertion(doc));
        nameId.setTextContent("s00000000:99999");
        nameId.appendChild(doc.createComment(""));
        nameId.appendChild(doc.createTextNode("1772"));
        assertRefused(SamlReason.NAMEID_NOT_PLAIN_TEXT, () -> validate(TestIdp.resignOuter(doc)));
    }

    @Test
    void nameIdChangedAfterSigningIsRefused() {
        TestIdp.nameId(TestIdp.assertion(doc)).setTextContent("s00000000:" + VICTIM_BSN);
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(TestIdp.resignOuter(doc)));
    }

    @Test
    void assertionSignatureRemovedIsRefused() {
        Element assertion = TestIdp.assertion(doc);
        assertion.removeChild(TestIdp.signatureOf(assertion));
        assertRefused(SamlReason.SIGNATURE_MISSING, () -> validate(TestIdp.resignOuter(doc)));
    }

    @Test
    void artifactResponseSignatureRemovedIsRefused() {
        Element artifactResponse = TestIdp.artifactResponse(doc);
        artifactResponse.removeChild(TestIdp.signatureOf(artifactResponse));
        assertRefused(SamlReason.SIGNATURE_MISSING, () -> validate(TestIdp.bytes(doc)));
    }

    @Test
    void unsignedAssertionFromIdpIsRefused() {
        TestIdp.Spec spec = TestIdp.spec();
        spec.signAssertion = false;
        assertRefused(SamlReason.SIGNATURE_MISSING, () -> validate(TestIdp.bytes(TestIdp.build(spec))));
    }

    /** The attacker signs with his own key and puts his own certificate in KeyInfo: KeyInfo is ignored. */
    @Test
    void assertionSignedByAttackerWithAttackerCertificateInKeyInfoIsRefused() {
        TestIdp.Spec spec = TestIdp.spec();
        spec.assertionSigner = TestCredential.ATTACKER;
        Document attacked = TestIdp.build(spec);
        assertThat(TestIdp.signatureOf(TestIdp.assertion(attacked))
                .getElementsByTagNameNS(DSIG, "X509Certificate").getLength()).isEqualTo(1);
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(TestIdp.bytes(attacked)));
    }

    @Test
    void artifactResponseSignedByAnotherKeyIsRefused() {
        TestIdp.Spec spec = TestIdp.spec();
        spec.artifactSigner = TestCredential.ATTACKER;
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(TestIdp.bytes(TestIdp.build(spec))));
    }

    /** Signature spoofing: signed with the attacker's key while KeyInfo shows the genuine IdP certificate. */
    @Test
    void attackerSignatureClaimingIdpCertificateIsRefused() {
        Element assertion = TestIdp.assertion(doc);
        assertion.removeChild(TestIdp.signatureOf(assertion));
        TestIdp.nameId(assertion).setTextContent("s00000000:" + VICTIM_BSN);
        new EnvelopedSigner(TestCredential.ATTACKER.signingWithCertificate(TestCredential.IDP.certificate()))
                .sign(assertion);
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(TestIdp.resignOuter(doc)));
    }

    @Test
    void assertionSignedButArtifactResponseSignedByAttackerKeyIsRefused() {
        Element artifactResponse = TestIdp.artifactResponse(doc);
        artifactResponse.removeChild(TestIdp.signatureOf(artifactResponse));
        new EnvelopedSigner(TestCredential.ATTACKER.signing()).sign(artifactResponse);
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(TestIdp.bytes(doc)));
    }

    private static Element evilAssertion(Element artifactResponse) {
        Element response = (Element) artifactResponse.getElementsByTagNameNS(SamlNamespaces.PROTOCOL, "Response")
                .item(0);
        return (Element) response.getElementsByTagNameNS(ASSERTION, "Assertion").item(0);
    }
}
