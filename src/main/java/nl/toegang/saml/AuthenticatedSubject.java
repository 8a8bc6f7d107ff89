package nl.toegang.saml;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A generic SAML IdP authenticated someone. {@code nameId} identifies the person at the IdP: keep only a keyed hash
 * of it; toString masks it and the attribute values, so this record is safe to log.
 *
 * @param nameIdFormat  the NameID's Format attribute; empty when it has none
 * @param classRef      the AuthnContextClassRef; null when the AuthnStatement has none
 * @param sessionIndex  the AuthnStatement's SessionIndex (for single logout); null when absent
 * @param attributes    Attribute Name to its values, from the AttributeStatements of the verified Assertion
 */
public record AuthenticatedSubject(String nameId, String nameIdFormat, String classRef, String assertionId,
                                   Instant authnInstant, String sessionIndex, Map<String, List<String>> attributes)
        implements SamlOutcome {
    public AuthenticatedSubject {
        attributes = Map.copyOf(attributes);
    }

    @Override
    public String toString() {
        return "AuthenticatedSubject[nameId=(" + nameId.length() + " characters), classRef=" + classRef
                + ", assertionId=" + assertionId + ", attributes=" + attributes.keySet() + "]";
    }
}
