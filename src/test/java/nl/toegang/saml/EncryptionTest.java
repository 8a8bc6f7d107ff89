package nl.toegang.saml;

import org.apache.xml.security.encryption.XMLCipher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** EncryptedAssertion and EncryptedID (DigiD SAML 4: RSA-OAEP + AES-256-CBC), AES-GCM, and refused algorithms. */
class EncryptionTest {

    private static SamlOutcome validate(Consumer<TestIdp.Spec> change) {
        TestIdp.Spec spec = TestIdp.spec();
        change.accept(spec);
        return ArtifactResponseValidatorTest.validator(TestIdp.CLOCK,
                        new InMemoryAssertionReplayCache(TestIdp.CLOCK, 100))
                .validate(TestIdp.bytes(TestIdp.build(spec)), TestIdp.expectation());
    }

    private static void assertResident(SamlOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthenticatedResident.class);
        assertThat(((AuthenticatedResident) outcome).bsn().value()).isEqualTo(TestIdp.BSN);
    }

    @Test
    void encryptedAssertionWithRsaOaepAndAes256CbcRoundTrips() {
        assertResident(validate(s -> s.encryptAssertion = XMLCipher.AES_256));
    }

    @Test
    void encryptedAssertionWithAes256GcmRoundTrips() {
        assertResident(validate(s -> s.encryptAssertion = XMLCipher.AES_256_GCM));
    }

    @Test
    void encryptedAssertionWithAes128GcmAndRsaOaep11RoundTrips() {
        assertResident(validate(s -> {
            s.encryptAssertion = XMLCipher.AES_128_GCM;
            s.keyTransport = XMLCipher.RSA_OAEP_11;
        }));
    }

    @Test
    void encryptedIdWithLegacyBsnQualifierRoundTrips() {
        assertResident(validate(s -> {
            s.nameId = TestIdp.BSN;
            s.nameIdQualifier = "urn:nl-eid-gdi:1.0:id:legacy-BSN";
            s.encryptNameId = XMLCipher.AES_256;
        }));
    }

    @Test
    void encryptedIdInsideEncryptedAssertionRoundTrips() {
        assertResident(validate(s -> {
            s.encryptNameId = XMLCipher.AES_256_GCM;
            s.encryptAssertion = XMLCipher.AES_256_GCM;
        }));
    }

    @Test
    void rsa15KeyTransportIsRefused() {
        assertRefused(SamlReason.ALGORITHM_NOT_ALLOWED, () -> validate(s -> {
            s.encryptAssertion = XMLCipher.AES_256;
            s.keyTransport = XMLCipher.RSA_v1dot5;
        }));
    }

    @Test
    void rsa15OnEncryptedIdIsRefused() {
        assertRefused(SamlReason.ALGORITHM_NOT_ALLOWED, () -> validate(s -> {
            s.encryptNameId = XMLCipher.AES_256;
            s.keyTransport = XMLCipher.RSA_v1dot5;
        }));
    }

    @Test
    void contentAlgorithmOutsideAllowlistIsRefused() {
        assertRefused(SamlReason.ALGORITHM_NOT_ALLOWED, () -> validate(s -> s.encryptAssertion = XMLCipher.AES_128));
    }

    @Test
    void assertionEncryptedForAnotherKeyIsRefused() {
        assertRefused(SamlReason.DECRYPTION_FAILED, () -> validate(s -> {
            s.encryptAssertion = XMLCipher.AES_256;
            s.encryptionKey = TestCredential.OTHER_SP_ENCRYPTION.publicKey();
        }));
    }

    @Test
    void encryptedKeyForAnotherRecipientIsRefused() {
        assertRefused(SamlReason.DECRYPTION_FAILED, () -> validate(s -> {
            s.encryptAssertion = XMLCipher.AES_256;
            s.encryptedKeyRecipient = "https://other-sp.example";
        }));
    }

    @Test
    void unsignedEncryptedAssertionIsRefusedAfterDecryption() {
        assertRefused(SamlReason.SIGNATURE_MISSING, () -> validate(s -> {
            s.encryptAssertion = XMLCipher.AES_256;
            s.signAssertion = false;
        }));
    }

    @Test
    void encryptedAssertionWithoutConfiguredDecryptionKeyIsRefused() {
        TestIdp.Spec spec = TestIdp.spec();
        spec.encryptAssertion = XMLCipher.AES_256;
        var validator = new ArtifactResponseValidator(TestIdp.CLOCK,
                new InMemoryAssertionReplayCache(TestIdp.CLOCK, 10), List.of(), SamlValidationSettings.defaults());
        assertRefused(SamlReason.DECRYPTION_FAILED,
                () -> validator.validate(TestIdp.bytes(TestIdp.build(spec)), TestIdp.expectation()));
    }
}
