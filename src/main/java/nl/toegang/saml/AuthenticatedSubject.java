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
 * @param nameQualifier   the NameID's NameQualifier; empty when it has none (a LogoutRequest repeats it)
 * @param spNameQualifier the NameID's SPNameQualifier; empty when it has none (a LogoutRequest repeats it)
 */
public record AuthenticatedSubject(String nameId, String nameIdFormat, String classRef, String assertionId,
                                   Instant authnInstant, String sessionIndex, Map<String, List<String>> attributes,
                                   String nameQualifier, String spNameQualifier)
        implements SamlOutcome {
    public AuthenticatedSubject {
        attributes = Map.copyOf(attributes);
    }

    /** The NameID as a LogoutRequest must repeat it (SAML Core §3.7.1: the same value, Format and qualifiers). */
    public SamlNameId samlNameId() {
        return new SamlNameId(nameId, nameIdFormat, nameQualifier, spNameQualifier);
    }

    @Override
    public String toString() {
        return "AuthenticatedSubject[nameId=(" + nameId.length() + " characters), classRef=" + classRef
                + ", assertionId=" + assertionId + ", attributes=" + attributes.keySet() + "]";
    }
}
