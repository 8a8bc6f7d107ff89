package nl.toegang.saml;

import java.security.PublicKey;
import java.util.List;

/**
 * What every Response and Assertion of one login must be addressed to and signed by, whatever the binding or the IdP:
 * the request it answers, our entityID and ACS, the IdP's entityID and its pinned keys.
 */
record Addressing(String authnRequestId, String spEntityId, String acsUrl, String idpEntityId,
                  List<PublicKey> idpSigningKeys) {
}
