package nl.toegang.federation.digid;

/** How the browser takes a signed AuthnRequest to DigiD, per the realm's {@code digid.authnRequestBinding}. */
public sealed interface AuthnRequestDelivery {

    /** HTTP-Redirect: the signed query is in the URL. */
    record Redirect(String url) implements AuthnRequestDelivery {
    }

    /**
     * HTTP-POST: an auto-submitting form to {@code url}.
     *
     * @param samlRequest base64 of the enveloped-signed AuthnRequest
     */
    record Post(String url, String samlRequest, String relayState) implements AuthnRequestDelivery {
    }
}
