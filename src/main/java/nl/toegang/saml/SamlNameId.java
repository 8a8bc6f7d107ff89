package nl.toegang.saml;

import java.io.Serializable;

/**
 * A NameID exactly as an IdP asserted it: value, Format, NameQualifier and SPNameQualifier (empty strings where the
 * assertion had none). Single logout sends it back unchanged (SAML Core §3.7.1). It identifies a person, so it is kept
 * only in the HTTP session of that person's browser, never in the database or a log line: toString masks the value.
 */
public record SamlNameId(String value, String format, String nameQualifier, String spNameQualifier)
        implements Serializable {
    public SamlNameId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a NameID has a value");
        }
        format = format == null ? "" : format;
        nameQualifier = nameQualifier == null ? "" : nameQualifier;
        spNameQualifier = spNameQualifier == null ? "" : spNameQualifier;
    }

    @Override
    public String toString() {
        return "SamlNameId[(" + value.length() + " characters), format=" + format + "]";
    }
}
