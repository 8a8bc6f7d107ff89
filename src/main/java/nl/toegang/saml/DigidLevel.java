package nl.toegang.saml;

import java.util.Arrays;
import java.util.Optional;

/**
 * DigiD assurance levels in their order. Each level knows its SAML 3.x class ref and its SAML 4 / eIDAS URI, so a
 * response from either interface generation compares correctly.
 */
public enum DigidLevel {
    BASIS(10, "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", "http://eID.logius.nl/LoA/basic"),
    MIDDEN(20, "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract", "http://eidas.europa.eu/LoA/low"),
    SUBSTANTIEEL(25, "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", "http://eidas.europa.eu/LoA/substantial"),
    HOOG(30, "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI", "http://eidas.europa.eu/LoA/high");

    /** Prefix of the granted authority that records the level of a DigiD sign-in in the realm session. */
    public static final String AUTHORITY_PREFIX = "DIGID_LEVEL_";

    private final int rank;
    private final String classRef;
    private final String eidasUri;

    DigidLevel(int rank, String classRef, String eidasUri) {
        this.rank = rank;
        this.classRef = classRef;
        this.eidasUri = eidasUri;
    }

    /** DigiD's number for the level (10, 20, 25, 30). */
    public int rank() {
        return rank;
    }

    /** The SAML 3.x AuthnContextClassRef, used in our AuthnRequests. */
    public String classRef() {
        return classRef;
    }

    public String eidasUri() {
        return eidasUri;
    }

    public boolean isAtLeast(DigidLevel minimum) {
        return rank >= minimum.rank;
    }

    public static Optional<DigidLevel> fromClassRef(String value) {
        return Arrays.stream(values())
                .filter(l -> l.classRef.equals(value) || l.eidasUri.equals(value))
                .findFirst();
    }
}
