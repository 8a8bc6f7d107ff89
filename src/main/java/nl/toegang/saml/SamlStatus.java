package nl.toegang.saml;

/**
 * A SAML StatusCode pair plus the optional StatusMessage, as sent by the IdP.
 *
 * @param code      top-level status code URI
 * @param subCode   second-level status code URI, or null
 * @param message   StatusMessage text, or null
 */
public record SamlStatus(String code, String subCode, String message) {
    public static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public static final String REQUESTER = "urn:oasis:names:tc:SAML:2.0:status:Requester";
    public static final String RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
    public static final String AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
    public static final String NO_AUTHN_CONTEXT = "urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext";
    public static final String REQUEST_DENIED = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";
    public static final String PARTIAL_LOGOUT = "urn:oasis:names:tc:SAML:2.0:status:PartialLogout";

    public boolean isSuccess() {
        return SUCCESS.equals(code);
    }
}
