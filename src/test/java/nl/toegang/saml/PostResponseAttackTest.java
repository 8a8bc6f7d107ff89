package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack corpus of the artifact answers, now for answers by HTTP-POST of a generic SAML IdP
 * ({@link ResponseValidator#validatePost}): the same validator steps, the same refusals. A POSTed Response passes
 * through the browser, so unlike an artifact answer nothing but the signatures vouches for it.
 */
class PostResponseAttackTest {
    private static final String VICTIM = "victim@university.example";
    private final InMemoryAssertionReplayCache replayCache = new InMemoryAssertionReplayCache(TestIdp.CLOCK, 1000);

    private ResponseValidator validator() {
        return new ResponseValidator(TestIdp.CLOCK, replayCache, List.of(TestCredential.SP_ENCRYPTION.privateKey()),
                SamlValidationSettings.defaults());
    }

    /** What answers must meet; {@code EidasPostResponseAttackTest} runs this corpus with the eIDAS preset's. */
    SamlExpectation expectation(List<String> acceptedClassRefs, boolean requireEncryption) {
        return TestIdp.postExpectation(acceptedClassRefs, requireEncryption);
    }

    SamlOutcome validate(Document doc) {
        return validator().validatePost(TestIdp.base64(doc), expectation(List.of(), false));
    }

    private static Document with(Consumer<TestIdp.Spec> change) {
        TestIdp.Spec spec = TestIdp.spec();
        change.accept(spec);
        return TestIdp.postResponse(spec, false);
    }

    private static Element assertion(Document doc) {
        return Dom.single(doc.getDocumentElement(), ASSERTION, "Assertion", "test");
    }

    /** Re-signs the Response with the genuine IdP key after tampering: the worst case for the inner defences. */
    private static Document resignResponse(Document doc) {
        Element response = doc.getDocumentElement();
        Dom.children(response, SamlNamespaces.DSIG, "Signature").forEach(response::removeChild);
        new EnvelopedSigner(TestCredential.IDP.signing()).sign(response);
        return doc;
    }

    @Test
    void aSignedAssertionByPostGivesTheSubjectAndItsClassRef() {
        SamlOutcome outcome = validate(TestIdp.postResponse(TestIdp.spec(), false));

        assertThat(outcome).isInstanceOf(AuthenticatedSubject.class);
        AuthenticatedSubject subject = (AuthenticatedSubject) outcome;
        assertThat(subject.nameId()).isEqualTo("s00000000:" + TestIdp.BSN);
        assertThat(subject.classRef()).isEqualTo(DigidLevel.MIDDEN.classRef());
        assertThat(subject.sessionIndex()).isEqualTo("_session42");
        assertThat(subject.toString()).doesNotContain(TestIdp.BSN);
    }

    @Test
    void aSignedResponseAroundTheSignedAssertionIsAcceptedToo() {
        assertThat(validate(TestIdp.postResponse(TestIdp.spec(), true))).isInstanceOf(AuthenticatedSubject.class);
    }

    @Test
    void anEncryptedAssertionIsAcceptedAndCanBeRequired() {
        Document encrypted = with(s -> s.encryptAssertion = XMLCipher.AES_256_GCM);
        assertThat(validator().validatePost(TestIdp.base64(encrypted), expectation(List.of(), true)))
                .isInstanceOf(AuthenticatedSubject.class);

        assertRefused(SamlReason.ASSERTION_NOT_ENCRYPTED, () -> validator().validatePost(
                TestIdp.base64(with(s -> s.assertionId = "_plain1")), expectation(List.of(), true)));
    }

    @Test
    void unsignedAssertionIsRefusedEvenInsideASignedResponse() {
        assertRefused(SamlReason.SIGNATURE_MISSING, () -> validate(with(s -> s.signAssertion = false)));
        TestIdp.Spec spec = TestIdp.spec();
        spec.signAssertion = false;
        assertRefused(SamlReason.SIGNATURE_MISSING, () -> validate(TestIdp.postResponse(spec, true)));
    }

    @Test
    void assertionSignedWithAnotherKeyIsRefused() {
        assertRefused(SamlReason.SIGNATURE_INVALID,
                () -> validate(with(s -> s.assertionSigner = TestCredential.ATTACKER)));
    }

    @Test
    void responseSignatureByAnotherKeyIsRefusedThoughTheAssertionIsFine() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        new EnvelopedSigner(TestCredential.ATTACKER.signing()).sign(doc.getDocumentElement());
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(doc));
    }

    @Test
    void sha1SignatureIsRefused() throws Exception {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        Element assertion = assertion(doc);
        assertion.removeChild(TestIdp.signatureOf(assertion));
        // Santuario's own API, as a careless IdP would sign: RSA-SHA1 with a SHA-1 digest.
        assertion.setIdAttributeNS(null, "ID", true);
        XMLSignature signature = new XMLSignature(doc, "", XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1,
                Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        Element issuer = Dom.single(assertion, ASSERTION, "Issuer", "test");
        assertion.insertBefore(signature.getElement(), issuer.getNextSibling());
        Transforms transforms = new Transforms(doc);
        transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        signature.addDocument("#" + assertion.getAttribute("ID"), transforms, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1);
        signature.sign(TestCredential.IDP.privateKey());

        assertRefused(SamlReason.ALGORITHM_NOT_ALLOWED, () -> validate(doc));
    }

    @Test
    void nameIdChangedAfterSigningIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        TestIdp.nameId(assertion(doc)).setTextContent(VICTIM);
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validate(doc));
    }

    @Test
    void commentInjectedIntoNameIdIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        Element nameId = TestIdp.nameId(assertion(doc));
        String value = nameId.getTextContent();
        nameId.setTextContent(value.substring(0, 4));
        nameId.appendChild(doc.createComment("x"));
        nameId.appendChild(doc.createTextNode(value.substring(4)));
        assertRefused(SamlReason.NAMEID_NOT_PLAIN_TEXT, () -> validate(doc));
    }

    @Test
    void evilAssertionBeforeTheSignedOriginalIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        Element original = assertion(doc);
        Element evil = (Element) original.cloneNode(true);
        evil.setAttributeNS(null, "ID", "_evil");
        evil.removeChild(TestIdp.signatureOf(evil));
        TestIdp.nameId(evil).setTextContent(VICTIM);
        doc.getDocumentElement().insertBefore(evil, original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(resignResponse(doc)));
    }

    @Test
    void evilAssertionWrappingTheSignedOriginalIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        Element original = assertion(doc);
        Element evil = (Element) original.cloneNode(true);
        evil.setAttributeNS(null, "ID", "_evil");
        evil.removeChild(TestIdp.signatureOf(evil));
        TestIdp.nameId(evil).setTextContent(VICTIM);
        doc.getDocumentElement().replaceChild(evil, original);
        evil.appendChild(original);
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(resignResponse(doc)));
    }

    @Test
    void signedOriginalHiddenInExtensionsWithAnEvilCopyInItsPlaceIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        Element response = doc.getDocumentElement();
        Element original = assertion(doc);
        Element evil = (Element) original.cloneNode(true);
        TestIdp.nameId(evil).setTextContent(VICTIM);
        Element extensions = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:Extensions");
        response.replaceChild(evil, original);
        extensions.appendChild(original);
        response.insertBefore(extensions, Dom.single(response, SamlNamespaces.PROTOCOL, "Status", "test"));
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(doc));
    }

    @Test
    void signedOriginalResponseWrappedInAnEvilResponseIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), true);
        Element original = doc.getDocumentElement();
        Element evil = (Element) original.cloneNode(true);
        evil.setAttributeNS(null, "ID", "_evilresponse");
        TestIdp.nameId(Dom.single(evil, ASSERTION, "Assertion", "t")).setTextContent(VICTIM);
        doc.replaceChild(evil, original);
        Element extensions = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:Extensions");
        extensions.appendChild(original);
        evil.insertBefore(extensions, Dom.single(evil, SamlNamespaces.PROTOCOL, "Status", "t"));
        assertRefused(SamlReason.UNEXPECTED_STRUCTURE, () -> validate(doc));
    }

    @Test
    void wrongAudienceDestinationAndRecipientAreRefused() {
        assertRefused(SamlReason.AUDIENCE_MISMATCH, () -> validate(with(s -> s.audience = "https://other.sp/")));
        assertRefused(SamlReason.DESTINATION_MISMATCH,
                () -> validate(with(s -> s.destination = "https://other.sp/acs")));
        assertRefused(SamlReason.RECIPIENT_MISMATCH, () -> validate(with(s -> s.recipient = "https://other.sp/acs")));
    }

    @Test
    void expiredAndStaleAnswersAreRefused() {
        assertRefused(SamlReason.EXPIRED, () -> validate(with(s -> {
            s.notOnOrAfter = TestIdp.NOW.minus(Duration.ofMinutes(3));
        })));
        assertRefused(SamlReason.EXPIRED, () -> validate(with(s -> {
            s.confirmationNotOnOrAfter = TestIdp.NOW.minus(Duration.ofMinutes(3));
        })));
        assertRefused(SamlReason.STALE_MESSAGE,
                () -> validate(with(s -> s.issueInstant = TestIdp.NOW.minus(Duration.ofHours(1)))));
    }

    @Test
    void replayedAnswerIsRefused() {
        Document doc = TestIdp.postResponse(TestIdp.spec(), false);
        String once = TestIdp.base64(doc);
        assertThat(validator().validatePost(once, expectation(List.of(), false)))
                .isInstanceOf(AuthenticatedSubject.class);
        assertRefused(SamlReason.REPLAYED,
                () -> validator().validatePost(once, expectation(List.of(), false)));
    }

    @Test
    void answerToAnotherRequestIsRefused() {
        assertRefused(SamlReason.IN_RESPONSE_TO_MISMATCH,
                () -> validate(with(s -> s.responseInResponseTo = "_another_request")));
        assertRefused(SamlReason.IN_RESPONSE_TO_MISMATCH,
                () -> validate(with(s -> s.confirmationInResponseTo = "_another_request")));
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&x;</samlp:Response>";
        assertRefused(SamlReason.DOCTYPE_FORBIDDEN, () -> validator().validatePost(
                Base64.getEncoder().encodeToString(xxe.getBytes(StandardCharsets.UTF_8)),
                expectation(List.of(), false)));
    }

    @Test
    void garbageAndOtherMessagesAreRefused() {
        assertRefused(SamlReason.MALFORMED_XML, () -> validator().validatePost("%%% not base64 %%%",
                expectation(List.of(), false)));
        assertRefused(SamlReason.MISSING_VALUE, () -> validator().validatePost("",
                expectation(List.of(), false)));
        // An artifact answer (SOAP) is not a POST binding Response.
        assertRefused(SamlReason.UNEXPECTED_STRUCTURE, () -> validator().validatePost(
                Base64.getEncoder().encodeToString(TestIdp.valid()), expectation(List.of(), false)));
    }

    @Test
    void classRefBelowTheMinimumAndTransientNameIdsAreRefused() {
        classRefBelowTheMinimumIsRefused();
        transientNameIdIsRefused();
    }

    final void classRefBelowTheMinimumIsRefused() {
        assertRefused(SamlReason.LEVEL_TOO_LOW, () -> validator().validatePost(
                TestIdp.base64(TestIdp.postResponse(TestIdp.spec(), false)),
                expectation(List.of(DigidLevel.HOOG.classRef()), false)));
    }

    /** Signed by the IdP, but with a transient NameID (made anew at every login). */
    static Document transientAnswer() {
        Document doc = with(s -> s.assertionId = "_transient1");
        TestIdp.nameId(assertion(doc)).setAttributeNS(null, "Format", AssertionValidator.TRANSIENT);
        // the change breaks the signature, so sign the assertion again as a (careless) IdP would
        Element a = assertion(doc);
        a.removeChild(TestIdp.signatureOf(a));
        new EnvelopedSigner(TestCredential.IDP.signing()).sign(a);
        return doc;
    }

    void transientNameIdIsRefused() {
        assertRefused(SamlReason.NAMEID_MALFORMED, () -> validate(transientAnswer()));
    }
}
