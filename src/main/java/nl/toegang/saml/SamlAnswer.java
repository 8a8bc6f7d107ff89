package nl.toegang.saml;

import nl.toegang.saml.crypto.SigningCredential;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * Everything an IdP says in a SOAP ArtifactResponse, element by element as SAML nests them, for
 * {@link SamlAnswerWriter}: the IdP side, which Toegang itself never plays in production. The development mock DigiD
 * fills it the way DigiD answers; the SAML tests fill it with whatever a hostile or broken IdP might send, so every
 * value is taken as given and a {@code null} means the element (or signature, or encryption) is left out.
 */
public final class SamlAnswer {
    private SamlAnswer() {
    }

    /**
     * @param response the wrapped Response; null for an answer without one (e.g. Requester/RequestDenied)
     * @param signer   signs the ArtifactResponse (enveloped); null leaves it unsigned
     */
    public record ArtifactResponse(String id, Instant issueInstant, String inResponseTo, String issuer,
                                   Status status, Response response, SigningCredential signer) {
    }

    public record Response(String id, Instant issueInstant, String destination, String inResponseTo, String issuer,
                           Status status, List<Assertion> assertions) {
        public Response {
            assertions = List.copyOf(assertions);
        }
    }

    /** A StatusCode, an optional nested StatusCode and an optional StatusMessage. */
    public record Status(String code, String subCode, String message) {
    }

    /**
     * @param issueInstant     also the AuthnStatement's AuthnInstant
     * @param signer           signs the Assertion (after its NameID is encrypted); null leaves it unsigned
     * @param encryptNameId    replaces the NameID by an EncryptedID; null keeps it plain
     * @param encryptAssertion replaces the (signed) Assertion by an EncryptedAssertion; null keeps it plain
     * @param attributes       an AttributeStatement with these (URI-named) attributes; empty: none
     */
    public record Assertion(String id, Instant issueInstant, String issuer, Subject subject, Conditions conditions,
                            String sessionIndex, String classRef, SigningCredential signer,
                            Encryption encryptNameId, Encryption encryptAssertion, List<Attribute> attributes) {
        public Assertion {
            attributes = List.copyOf(attributes);
        }

        public Assertion(String id, Instant issueInstant, String issuer, Subject subject, Conditions conditions,
                         String sessionIndex, String classRef, SigningCredential signer,
                         Encryption encryptNameId, Encryption encryptAssertion) {
            this(id, issueInstant, issuer, subject, conditions, sessionIndex, classRef, signer, encryptNameId,
                    encryptAssertion, List.of());
        }
    }

    /**
     * One Attribute (NameFormat uri). {@code nonLatinValues} are written with the eIDAS {@code LatinScript="false"}
     * marker (eIDAS SAML Attribute Profile v1.2, transliteration), after the plain values.
     */
    public record Attribute(String name, List<String> values, List<String> nonLatinValues) {
        public Attribute {
            values = List.copyOf(values);
            nonLatinValues = List.copyOf(nonLatinValues);
        }
    }

    /**
     * A bearer SubjectConfirmation for {@code nameId}.
     *
     * @param nameQualifier the NameID's NameQualifier attribute; null for none
     * @param notBefore     a NotBefore on the SubjectConfirmationData, which a bearer confirmation must not carry
     *                      (SAML profiles 4.1.4.2); null for none, as a correct IdP writes it
     */
    public record Subject(String nameId, String nameQualifier, String inResponseTo, Instant notOnOrAfter,
                          String recipient, Instant notBefore) {
        public Subject(String nameId, String nameQualifier, String inResponseTo, Instant notOnOrAfter,
                       String recipient) {
            this(nameId, nameQualifier, inResponseTo, notOnOrAfter, recipient, null);
        }
    }

    /**
     * @param audience         the one Audience of the AudienceRestriction; null for no AudienceRestriction at all
     * @param proxyRestriction a ProxyRestriction condition; null for none
     */
    public record Conditions(Instant notBefore, Instant notOnOrAfter, String audience,
                             ProxyRestriction proxyRestriction) {
        public Conditions(Instant notBefore, Instant notOnOrAfter, String audience) {
            this(notBefore, notOnOrAfter, audience, null);
        }
    }

    /**
     * @param count     the Count attribute; null for none
     * @param audiences the Audience children
     */
    public record ProxyRestriction(Integer count, java.util.List<String> audiences) {
    }

    /**
     * XML Encryption with a fresh content key wrapped for {@code key} in an EncryptedKey inside the EncryptedData.
     *
     * @param contentAlgorithm e.g. {@code XMLCipher.AES_256} (DigiD) or {@code AES_128_GCM}
     * @param keyTransport     e.g. {@code XMLCipher.RSA_OAEP}
     * @param recipient        the EncryptedKey's Recipient attribute (the SP's entityID); null for none
     */
    public record Encryption(String contentAlgorithm, String keyTransport, PublicKey key, String recipient) {
    }
}
