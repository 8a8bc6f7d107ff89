package nl.toegang.federation.digid;

import jakarta.servlet.http.HttpSession;

import java.io.Serializable;

/**
 * What single logout needs to know about this browser's DigiD login in a realm, kept in the HTTP session from the ACS
 * on: the federated identity (its BSN is decrypted only when the LogoutRequest is built) and the assertion's
 * SessionIndex. No BSN is kept here.
 */
public record DigidSession(String realm, String identityId, String sessionIndex) implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_DIGID_SESSION:";

    public static String attribute(String realm) {
        return ATTRIBUTE_PREFIX + realm;
    }

    /** Keeps a DigiD login's single-logout details in the (already signed-in) browser session. */
    public static void remember(HttpSession session, String realm, String identityId, String sessionIndex) {
        session.setAttribute(attribute(realm), new DigidSession(realm, identityId, sessionIndex));
    }
}
