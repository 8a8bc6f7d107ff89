package nl.toegang.saml;

import nl.toegang.saml.crypto.XmlDecrypter;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import org.w3c.dom.Element;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Subject's NameID (DigiD SAML 3.x: {@code s00000000:<BSN>}) or EncryptedID (SAML 4: a NameID with
 * NameQualifier legacy-BSN) into a {@link Bsn}. No message produced here ever contains the identifier.
 */
final class SubjectIdentifierReader {
    static final String LEGACY_BSN_QUALIFIER = "urn:nl-eid-gdi:1.0:id:legacy-BSN";
    private static final Pattern SECTOR_VALUE = Pattern.compile("(s\\d{8}):(.*)", Pattern.DOTALL);

    private final XmlDecrypter decrypter;

    SubjectIdentifierReader(XmlDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    Bsn read(Element subject, ArtifactExpectation expected, String step) {
        Element nameId = nameIdOf(subject, expected.spEntityId(), step);
        return bsn(nameId, expected, step);
    }

    /** The Subject's one NameID, or its one EncryptedID decrypted with our key. */
    Element nameIdOf(Element subject, String spEntityId, String step) {
        List<Element> plain = Dom.children(subject, SamlNamespaces.ASSERTION, "NameID");
        List<Element> encrypted = Dom.children(subject, SamlNamespaces.ASSERTION, "EncryptedID");
        if (plain.size() + encrypted.size() != 1) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    step + ": Subject must hold exactly one NameID or EncryptedID");
        }
        return plain.isEmpty()
                ? decrypter.decrypt(encrypted.get(0), spEntityId, SamlNamespaces.ASSERTION, "NameID", step)
                : plain.get(0);
    }

    private static Bsn bsn(Element nameId, ArtifactExpectation expected, String step) {
        String value = Dom.text(nameId, SamlReason.NAMEID_NOT_PLAIN_TEXT, step);

        String sector;
        String number;
        Matcher m = SECTOR_VALUE.matcher(value);
        if (m.matches()) {
            sector = m.group(1);
            number = m.group(2);
        } else if (LEGACY_BSN_QUALIFIER.equals(nameId.getAttributeNS(null, "NameQualifier"))) {
            sector = ArtifactExpectation.SECTOR_BSN;
            number = value;
        } else {
            throw new SamlValidationException(SamlReason.NAMEID_MALFORMED,
                    step + ": NameID is neither 'sXXXXXXXX:<number>' nor a legacy-BSN qualified NameID");
        }
        if (!sector.equals(expected.acceptedSector())) {
            // the sector code is a fixed-format public code, safe to name
            throw new SamlValidationException(SamlReason.SECTOR_NOT_ACCEPTED,
                    step + ": sector " + sector + " is not the accepted sector " + expected.acceptedSector());
        }
        if (!Bsn.isValid(number)) {
            throw new SamlValidationException(SamlReason.INVALID_BSN,
                    step + ": NameID number is not a valid BSN (9 digits, 11-proef)");
        }
        return new Bsn(number);
    }
}
