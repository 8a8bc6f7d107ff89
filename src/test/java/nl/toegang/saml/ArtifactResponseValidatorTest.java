package nl.toegang.saml;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static nl.toegang.saml.TestIdp.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Happy path, outcomes and the field-by-field checks of {@link ArtifactResponseValidator}. */
class ArtifactResponseValidatorTest {

    private final InMemoryAssertionReplayCache replayCache = new InMemoryAssertionReplayCache(TestIdp.CLOCK, 1000);

    static ArtifactResponseValidator validator(Clock clock, AssertionReplayCache cache) {
        return new ArtifactResponseValidator(clock, cache, List.of(TestCredential.SP_ENCRYPTION.privateKey()),
                SamlValidationSettings.defaults());
    }

    private SamlOutcome validate(byte[] message) {
        return validator(TestIdp.CLOCK, replayCache).validate(message, TestIdp.expectation());
    }

    private static byte[] with(Consumer<TestIdp.Spec> change) {
        TestIdp.Spec spec = TestIdp.spec();
        change.accept(spec);
        return TestIdp.bytes(TestIdp.build(spec));
    }

    @Test
    void validSignedArtifactResponseGivesTheResident() {
        SamlOutcome outcome = validate(TestIdp.valid());

        assertThat(outcome).isInstanceOf(AuthenticatedResident.class);
        AuthenticatedResident resident = (AuthenticatedResident) outcome;
        assertThat(resident.bsn().value()).isEqualTo(TestIdp.BSN);
        assertThat(resident.levelClassRef()).isEqualTo(DigidLevel.MIDDEN.classRef());
        assertThat(resident.assertionId()).isEqualTo("_assertion0123456789");
        assertThat(resident.authnInstant()).isEqualTo(NOW);
        assertThat(resident.sessionIndex()).isEqualTo("_session42");
        assertThat(resident.toString()).doesNotContain(TestIdp.BSN);
    }

    @Test
    void higherLevelThanRequestedIsAccepted() {
        SamlOutcome outcome = validate(with(s -> s.classRef = DigidLevel.HOOG.classRef()));
        assertThat(((AuthenticatedResident) outcome).levelClassRef()).isEqualTo(DigidLevel.HOOG.classRef());
    }

    @Test
    void eidasLevelUriIsUnderstood() {
        SamlOutcome outcome = validate(with(s -> s.classRef = DigidLevel.SUBSTANTIEEL.eidasUri()));
        assertThat(outcome).isInstanceOf(AuthenticatedResident.class);
    }

    @Test
    void lowerLevelThanRequestedIsRefused() {
        assertRefused(SamlReason.LEVEL_TOO_LOW, () -> validate(with(s -> s.classRef = DigidLevel.BASIS.classRef())));
    }

    @Test
    void unknownLevelIsRefused() {
        assertRefused(SamlReason.UNKNOWN_LEVEL,
                () -> validate(with(s -> s.classRef = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified")));
    }

    @Test
    void cancelledIsAnOutcome() {
        SamlOutcome outcome = validate(with(s -> {
            s.statusCode = SamlStatus.RESPONDER;
            s.subStatusCode = SamlStatus.AUTHN_FAILED;
            s.statusMessage = "Authentication cancelled";
            s.assertions = 0;
        }));
        assertThat(outcome).isInstanceOf(AuthenticationCancelled.class);
        assertThat(((AuthenticationCancelled) outcome).status().message()).isEqualTo("Authentication cancelled");
    }

    @Test
    void noAuthnContextIsLevelNotMet() {
        SamlOutcome outcome = validate(with(s -> {
            s.statusCode = SamlStatus.RESPONDER;
            s.subStatusCode = SamlStatus.NO_AUTHN_CONTEXT;
            s.assertions = 0;
        }));
        assertThat(outcome).isInstanceOf(LevelNotMet.class);
    }

    @Test
    void otherFailureIsFailedWithStatus() {
        SamlOutcome outcome = validate(with(s -> {
            s.statusCode = SamlStatus.REQUESTER;
            s.subStatusCode = SamlStatus.REQUEST_DENIED;
            s.assertions = 0;
        }));
        assertThat(outcome).isEqualTo(new AuthenticationFailed(
                new SamlStatus(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED, null)));
    }

    @Test
    void failedArtifactResolutionIsRefused() {
        assertRefused(SamlReason.STATUS_NOT_SUCCESS, () -> validate(with(s -> {
            s.artifactStatus = SamlStatus.REQUESTER;
            s.artifactSubStatus = SamlStatus.REQUEST_DENIED;
        })));
    }

    @Test
    void cancelForAnotherSessionIsRefusedNotReported() {
        assertRefused(SamlReason.IN_RESPONSE_TO_MISMATCH, () -> validate(with(s -> {
            s.statusCode = SamlStatus.RESPONDER;
            s.subStatusCode = SamlStatus.AUTHN_FAILED;
            s.assertions = 0;
            s.responseInResponseTo = "_someoneelse";
        })));
    }

    @Test
    void expiredAssertionIsRefused() {
        Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(4).plusSeconds(1)), ZoneOffset.UTC);
        assertRefused(SamlReason.EXPIRED,
                () -> validator(later, replayCache).validate(TestIdp.valid(), TestIdp.expectation()));
    }

    @Test
    void assertionWithinClockSkewIsAccepted() {
        Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(3)), ZoneOffset.UTC);
        assertThat(validator(later, replayCache).validate(TestIdp.valid(), TestIdp.expectation()))
                .isInstanceOf(AuthenticatedResident.class);
    }

    @Test
    void notYetValidAssertionIsRefused() {
        assertRefused(SamlReason.NOT_YET_VALID, () -> validate(with(s -> s.notBefore = NOW.plus(Duration.ofMinutes(3)))));
    }

    @Test
    void expiredSubjectConfirmationIsRefused() {
        assertRefused(SamlReason.EXPIRED,
                () -> validate(with(s -> s.confirmationNotOnOrAfter = NOW.minus(Duration.ofMinutes(3)))));
    }

    @Test
    void staleArtifactResponseIsRefused() {
        assertRefused(SamlReason.STALE_MESSAGE,
                () -> validate(with(s -> s.issueInstant = NOW.minus(Duration.ofMinutes(10)))));
    }

    @Test
    void futureIssueInstantIsRefused() {
        assertRefused(SamlReason.STALE_MESSAGE,
                () -> validate(with(s -> s.issueInstant = NOW.plus(Duration.ofMinutes(3)))));
    }

    @Test
    void wrongAudienceIsRefused() {
        assertRefused(SamlReason.AUDIENCE_MISMATCH, () -> validate(with(s -> s.audience = "https://other-sp.example")));
    }

    @Test
    void missingAudienceRestrictionIsRefused() {
        assertRefused(SamlReason.AUDIENCE_MISMATCH, () -> validate(with(s -> s.audienceRestriction = false)));
    }

    @Test
    void bearerConfirmationWithNotBeforeIsRefusedEvenWhenItsTimeHasCome() {
        // SAML profiles 4.1.4.2: not a time to check but an attribute that must not be there.
        assertRefused(SamlReason.SUBJECT_CONFIRMATION_INVALID,
                () -> validate(with(s -> s.confirmationNotBefore = NOW.minus(Duration.ofMinutes(1)))));
    }

    @Test
    void proxyRestrictionWithCountZeroIsRefused() {
        assertRefused(SamlReason.PROXY_RESTRICTED,
                () -> validate(with(s -> s.proxyRestriction = new SamlAnswer.ProxyRestriction(0, List.of()))));
    }

    @Test
    void proxyRestrictionNamingAudiencesIsRefused() {
        assertRefused(SamlReason.PROXY_RESTRICTED, () -> validate(with(s -> s.proxyRestriction =
                new SamlAnswer.ProxyRestriction(3, List.of("https://rp.example.test")))));
        assertRefused(SamlReason.PROXY_RESTRICTED, () -> validate(with(s -> s.proxyRestriction =
                new SamlAnswer.ProxyRestriction(null, List.of("https://rp.example.test")))));
    }

    @Test
    void proxyRestrictionWithNegativeCountIsRefused() {
        assertRefused(SamlReason.UNEXPECTED_STRUCTURE,
                () -> validate(with(s -> s.proxyRestriction = new SamlAnswer.ProxyRestriction(-1, List.of()))));
    }

    @Test
    void proxyRestrictionAllowingFurtherAssertionsIsAccepted() {
        assertThat(validate(with(s -> s.proxyRestriction = new SamlAnswer.ProxyRestriction(1, List.of()))))
                .isInstanceOf(AuthenticatedResident.class);
        assertThat(validate(with(s -> {
            s.assertionId = "_assertion-other";
            s.proxyRestriction = new SamlAnswer.ProxyRestriction(null, List.of());
        }))).isInstanceOf(AuthenticatedResident.class);
    }

    @Test
    void wrongRecipientIsRefused() {
        assertRefused(SamlReason.RECIPIENT_MISMATCH,
                () -> validate(with(s -> s.recipient = "https://other-sp.example/acs")));
    }

    @Test
    void wrongDestinationIsRefused() {
        assertRefused(SamlReason.DESTINATION_MISMATCH,
                () -> validate(with(s -> s.destination = "https://other-sp.example/acs")));
    }

    @Test
    void wrongArtifactResponseIssuerIsRefused() {
        assertRefused(SamlReason.ISSUER_MISMATCH, () -> validate(with(s -> s.artifactIssuer = "https://evil.example")));
    }

    @Test
    void wrongResponseIssuerIsRefused() {
        assertRefused(SamlReason.ISSUER_MISMATCH, () -> validate(with(s -> s.responseIssuer = "https://evil.example")));
    }

    @Test
    void wrongAssertionIssuerIsRefused() {
        assertRefused(SamlReason.ISSUER_MISMATCH,
                () -> validate(with(s -> s.assertionIssuer = "https://evil.example")));
    }

    @Test
    void artifactResponseForAnotherArtifactResolveIsRefused() {
        assertRefused(SamlReason.IN_RESPONSE_TO_MISMATCH,
                () -> validate(with(s -> s.artifactInResponseTo = "_unknown")));
    }

    @Test
    void responseToUnknownAuthnRequestIsRefused() {
        assertRefused(SamlReason.IN_RESPONSE_TO_MISMATCH,
                () -> validate(with(s -> s.responseInResponseTo = "_unknown")));
    }

    @Test
    void subjectConfirmationForUnknownAuthnRequestIsRefused() {
        assertRefused(SamlReason.IN_RESPONSE_TO_MISMATCH,
                () -> validate(with(s -> s.confirmationInResponseTo = "_unknown")));
    }

    @Test
    void replayedAssertionIsRefused() {
        byte[] message = TestIdp.valid();
        validate(message);
        assertRefused(SamlReason.REPLAYED, () -> validate(message));
    }

    @Test
    void wrongSectorIsRefused() {
        SamlValidationException e = assertRefused(SamlReason.SECTOR_NOT_ACCEPTED,
                () -> validate(with(s -> s.nameId = "s00000001:" + TestIdp.BSN)));
        assertThat(e.getMessage()).contains("s00000001");
    }

    @Test
    void bsnFailingElevenTestIsRefused() {
        assertRefused(SamlReason.INVALID_BSN, () -> validate(with(s -> s.nameId = "s00000000:999991773")));
        assertRefused(SamlReason.INVALID_BSN, () -> validate(with(s -> {
            s.nameId = "s00000000:12345678";
            s.assertionId = "_other";
        })));
    }

    @Test
    void nameIdWithoutSectorIsRefused() {
        assertRefused(SamlReason.NAMEID_MALFORMED, () -> validate(with(s -> s.nameId = TestIdp.BSN)));
    }

    @Test
    void twoAssertionsAreRefused() {
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(with(s -> s.assertions = 2)));
    }

    @Test
    void successWithoutAssertionIsRefused() {
        assertRefused(SamlReason.ASSERTION_COUNT, () -> validate(with(s -> s.assertions = 0)));
    }

    @Test
    void notASoapEnvelopeIsRefused() {
        assertRefused(SamlReason.UNEXPECTED_STRUCTURE,
                () -> validate("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>".getBytes()));
    }

    @Test
    void secondBodyChildIsRefused() {
        var doc = TestIdp.parse(TestIdp.valid());
        var body = TestIdp.artifactResponse(doc).getParentNode();
        body.appendChild(TestIdp.artifactResponse(doc).cloneNode(true));
        assertRefused(SamlReason.UNEXPECTED_STRUCTURE, () -> validate(TestIdp.bytes(doc)));
    }

    @Test
    void allowsKeyRolloverWithTwoPinnedKeys() {
        var expectation = new ArtifactExpectation(TestIdp.ARTIFACT_RESOLVE_ID, TestIdp.AUTHN_REQUEST_ID,
                TestIdp.SP_ENTITY_ID, TestIdp.ACS_URL, TestIdp.IDP_ENTITY_ID,
                List.of(TestCredential.ATTACKER.publicKey(), TestCredential.IDP.publicKey()), DigidLevel.MIDDEN,
                ArtifactExpectation.SECTOR_BSN);
        assertThat(validator(TestIdp.CLOCK, replayCache).validate(TestIdp.valid(), expectation))
                .isInstanceOf(AuthenticatedResident.class);
    }
}
