package nl.toegang.saml;

import nl.toegang.saml.crypto.SigningCredential;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * SAML HTTP-Redirect binding (Bindings §3.4): raw DEFLATE, base64, URL-encode, then a detached RSA-SHA256 signature
 * over the exact octets {@code SAMLRequest=..&RelayState=..&SigAlg=..} as they appear in the URL.
 */
public final class RedirectBindingEncoder {
    public static final String SIG_ALG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private final SigningCredential credential;

    public RedirectBindingEncoder(SigningCredential credential) {
        this.credential = credential;
    }

    /** @return the full redirect URL (destination plus signed query) */
    public String encode(String destination, String samlRequestXml, String relayState) {
        return encode(destination, "SAMLRequest", samlRequestXml, relayState);
    }

    /** @param messageName {@code SAMLRequest} or {@code SAMLResponse} (a LogoutResponse by redirect) */
    public String encode(String destination, String messageName, String xml, String relayState) {
        if (!messageName.equals("SAMLRequest") && !messageName.equals("SAMLResponse")) {
            throw new IllegalArgumentException("not a SAML message parameter: " + messageName);
        }
        RelayState.check(relayState);
        StringBuilder signed = new StringBuilder(messageName + "=").append(urlEncode(deflateBase64(xml)));
        if (relayState != null) {
            signed.append("&RelayState=").append(urlEncode(relayState));
        }
        signed.append("&SigAlg=").append(urlEncode(SIG_ALG_RSA_SHA256));
        String signature = Base64.getEncoder().encodeToString(sign(signed.toString()));
        return destination + (destination.contains("?") ? "&" : "?") + signed + "&Signature=" + urlEncode(signature);
    }

    private byte[] sign(String octets) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(credential.privateKey());
            s.update(octets.getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign redirect binding", e);
        }
    }

    private static String deflateBase64(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
            d.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deflater.end();
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
