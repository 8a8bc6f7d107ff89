package nl.toegang.saml;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * What the answer of a generic SAML 2.0 IdP (an upstream of the realm file, not DigiD) must look like, for
 * {@link ResponseValidator}.
 *
 * @param authnRequestId     the ID of the AuthnRequest this browser session started (Response and
 *                           SubjectConfirmationData InResponseTo)
 * @param spEntityId         our entityID (Audience, EncryptedKey Recipient)
 * @param acsUrl             our assertion consumer service URL (Destination, Recipient)
 * @param idpEntityId        the IdP's entityID (every Issuer)
 * @param idpSigningKeys     the IdP's signing keys from its metadata; KeyInfo in messages is ignored
 * @param acceptedClassRefs  AuthnContextClassRefs that meet the minimum; empty: any (or none) is accepted
 * @param requireEncryption  a plain Assertion is refused; only an EncryptedAssertion is accepted
 * @param personFromAttributes the person is identified by an attribute (eIDAS: PersonIdentifier), not the NameID,
 *                           so a transient NameID is acceptable
 */
public record SamlExpectation(String authnRequestId, String spEntityId, String acsUrl, String idpEntityId,
                              List<PublicKey> idpSigningKeys, List<String> acceptedClassRefs,
                              boolean requireEncryption, boolean personFromAttributes) {

    /** A generic IdP: the NameID identifies the person. */
    public SamlExpectation(String authnRequestId, String spEntityId, String acsUrl, String idpEntityId,
                           List<PublicKey> idpSigningKeys, List<String> acceptedClassRefs, boolean requireEncryption) {
        this(authnRequestId, spEntityId, acsUrl, idpEntityId, idpSigningKeys, acceptedClassRefs, requireEncryption,
                false);
    }

    public SamlExpectation {
        Objects.requireNonNull(authnRequestId, "authnRequestId");
        Objects.requireNonNull(spEntityId, "spEntityId");
        Objects.requireNonNull(acsUrl, "acsUrl");
        Objects.requireNonNull(idpEntityId, "idpEntityId");
        idpSigningKeys = List.copyOf(idpSigningKeys);
        acceptedClassRefs = List.copyOf(acceptedClassRefs);
        if (idpSigningKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one pinned IdP signing key is required");
        }
    }

    Addressing addressing() {
        return new Addressing(authnRequestId, spEntityId, acsUrl, idpEntityId, idpSigningKeys);
    }
}
