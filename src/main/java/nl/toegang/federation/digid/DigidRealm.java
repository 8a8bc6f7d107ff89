package nl.toegang.federation.digid;

import nl.toegang.saml.DigidIdp;
import nl.toegang.realm.DigidSettings;

/**
 * Everything one realm needs to talk to its IdP: settings from the realm file, our addresses (metadata, HTTP-Artifact
 * ACS, HTTP-POST and SOAP SingleLogoutService) and keys, the pinned IdP.
 */
public record DigidRealm(String realm, DigidSettings settings, String spEntityId, String acsUrl, String metadataUrl,
                         String sloUrl, SpCredentials credentials, DigidIdp idp) {
    /** AssertionConsumerServiceIndex of our single HTTP-Artifact ACS in the SP metadata. */
    public static final int ACS_INDEX = 0;

    /** Our SingleLogoutService on the SOAP binding: DigiD's back-channel LogoutRequests arrive here. */
    public String soapSloUrl() {
        return sloUrl + "/soap";
    }
}
