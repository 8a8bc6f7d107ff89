package nl.toegang.realm;

/**
 * How the signed AuthnRequest travels to DigiD (realm file {@code digid.authnRequestBinding}). Both are signed with
 * RSA-SHA256; DigiD accepts either.
 */
public enum AuthnRequestBinding {
    /** HTTP-Redirect: DEFLATE + base64 in the URL, detached signature over the query (SAML Bindings §3.4). */
    REDIRECT,
    /** HTTP-POST: an auto-submitting form with the enveloped-signed AuthnRequest (SAML Bindings §3.5). */
    POST
}
