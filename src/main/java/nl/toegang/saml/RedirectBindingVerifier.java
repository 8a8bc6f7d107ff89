package nl.toegang.saml;

import nl.toegang.saml.xml.SecureXmlParser;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Verifies a Redirect-binding query carrying a SAMLRequest or a SAMLResponse (the receiving side of
 * {@link RedirectBindingEncoder}: the mock IdP, and our SingleLogoutService toward upstream IdPs). The
 * signature is checked over the parameters exactly as received (not re-encoded), with the signer's pinned keys, and
 * only then is the message inflated (with a size cap) and parsed.
 */
public final class RedirectBindingVerifier {
    private static final List<String> BINDING_PARAMETERS = List.of("SAMLRequest", "SAMLResponse", "RelayState", "SigAlg",
            "Signature");

    private final List<PublicKey> trustedKeys;
    private final SecureXmlParser parser;
    private final int maxInflatedBytes;

    public RedirectBindingVerifier(List<PublicKey> trustedKeys, int maxInflatedBytes) {
        this.trustedKeys = List.copyOf(trustedKeys);
        this.maxInflatedBytes = maxInflatedBytes;
        this.parser = new SecureXmlParser(maxInflatedBytes);
    }

    /** @param rawQuery the query string as it arrived, still URL-encoded, without the leading '?' */
    public VerifiedRedirect verify(String rawQuery) {
        Map<String, String> raw = rawParameters(rawQuery);
        if (raw.containsKey("SAMLRequest") == raw.containsKey("SAMLResponse")) {
            throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED,
                    "expected exactly one of SAMLRequest and SAMLResponse");
        }
        String messageName = raw.containsKey("SAMLRequest") ? "SAMLRequest" : "SAMLResponse";
        String request = require(raw, messageName);
        String sigAlgRaw = require(raw, "SigAlg");
        String signatureRaw = require(raw, "Signature");
        String sigAlg = urlDecode(sigAlgRaw);
        if (!RedirectBindingEncoder.SIG_ALG_RSA_SHA256.equals(sigAlg)) {
            throw new SamlValidationException(SamlReason.ALGORITHM_NOT_ALLOWED,
                    "redirect SigAlg " + SafeText.quote(sigAlg) + " not allowed");
        }
        StringBuilder signed = new StringBuilder(messageName + "=").append(request);
        if (raw.containsKey("RelayState")) {
            signed.append("&RelayState=").append(raw.get("RelayState"));
        }
        signed.append("&SigAlg=").append(sigAlgRaw);
        byte[] signature = base64(urlDecode(signatureRaw), "Signature");
        if (!anyKeyVerifies(signed.toString().getBytes(StandardCharsets.UTF_8), signature)) {
            throw new SamlValidationException(SamlReason.REDIRECT_SIGNATURE_INVALID,
                    "redirect binding signature does not verify with the pinned key");
        }
        String relayState = raw.containsKey("RelayState") ? urlDecode(raw.get("RelayState")) : null;
        RelayState.check(relayState);
        byte[] xml = inflate(base64(urlDecode(request), messageName));
        return new VerifiedRedirect(parser.parse(xml), relayState, sigAlg, messageName);
    }

    private static Map<String, String> rawParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, "empty query");
        }
        Map<String, String> result = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (BINDING_PARAMETERS.contains(name) && result.put(name, value) != null) {
                // A duplicate lets the signature cover one value while the application reads another.
                throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, "duplicate parameter " + name);
            }
        }
        return result;
    }

    private static String require(Map<String, String> raw, String name) {
        String value = raw.get(name);
        if (value == null || value.isEmpty()) {
            throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, "missing parameter " + name);
        }
        return value;
    }

    private boolean anyKeyVerifies(byte[] octets, byte[] signature) {
        for (PublicKey key : trustedKeys) {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(key);
                s.update(octets);
                if (s.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // malformed signature or unsuitable key: try the next key
            }
        }
        return false;
    }

    private byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, "truncated DEFLATE data");
                }
                out.write(buffer, 0, n);
                if (out.size() > maxInflatedBytes) {
                    throw new SamlValidationException(SamlReason.INPUT_TOO_LARGE,
                            "inflated message exceeds " + maxInflatedBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, "SAMLRequest is not raw DEFLATE data");
        } finally {
            inflater.end();
        }
    }

    private static byte[] base64(String value, String name) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, name + " is not base64");
        }
    }

    private static String urlDecode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SamlValidationException(SamlReason.REDIRECT_MALFORMED, "bad URL encoding");
        }
    }
}
