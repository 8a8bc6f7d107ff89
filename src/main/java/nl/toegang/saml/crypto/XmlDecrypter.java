package nl.toegang.saml.crypto;

import nl.toegang.saml.SafeText;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlSecurityInit;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.encryption.XMLEncryptionException;
import org.w3c.dom.Element;

import java.security.Key;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Decrypts a SAML EncryptedAssertion or EncryptedID in place with our private key(s), after checking the algorithms
 * against the allowlist. The EncryptedKey may sit inside EncryptedData/KeyInfo or next to EncryptedData; when it has
 * a Recipient it must be us.
 */
public final class XmlDecrypter {
    private static final String ELEMENT_TYPE = "http://www.w3.org/2001/04/xmlenc#Element";

    private final List<PrivateKey> privateKeys;

    public XmlDecrypter(List<PrivateKey> privateKeys) {
        XmlSecurityInit.ensureInitialized();
        this.privateKeys = List.copyOf(privateKeys);
    }

    /**
     * Replaces the EncryptedData inside {@code wrapper} by its plaintext and returns the single decrypted element,
     * which must be {@code ns:localName}.
     */
    public Element decrypt(Element wrapper, String recipient, String ns, String localName, String step) {
        if (privateKeys.isEmpty()) {
            throw fail(SamlReason.DECRYPTION_FAILED, step, "received " + wrapper.getLocalName()
                    + " but no decryption key is configured");
        }
        Element encryptedData = Dom.single(wrapper, SamlNamespaces.XENC, "EncryptedData", step);
        String type = Dom.optionalAttribute(encryptedData, "Type").orElse(ELEMENT_TYPE);
        if (!ELEMENT_TYPE.equals(type)) {
            throw fail(SamlReason.UNEXPECTED_STRUCTURE, step, "EncryptedData must have Type Element");
        }
        String contentAlgorithm = algorithm(encryptedData, step);
        if (!EncryptionAlgorithms.ACCEPTED_CONTENT.contains(contentAlgorithm)) {
            throw fail(SamlReason.ALGORITHM_NOT_ALLOWED, step, "content encryption "
                    + SafeText.quote(contentAlgorithm) + " not allowed");
        }
        Element encryptedKey = encryptedKeyFor(wrapper, encryptedData, recipient, step);
        String keyAlgorithm = algorithm(encryptedKey, step);
        if (!EncryptionAlgorithms.ACCEPTED_KEY_TRANSPORT.contains(keyAlgorithm)) {
            throw fail(SamlReason.ALGORITHM_NOT_ALLOWED, step, "key transport "
                    + SafeText.quote(keyAlgorithm) + " not allowed");
        }
        Key contentKey = unwrap(encryptedKey, contentAlgorithm, step);
        try {
            XMLCipher cipher = XMLCipher.getInstance();
            cipher.setSecureValidation(true);
            cipher.init(XMLCipher.DECRYPT_MODE, contentKey);
            cipher.doFinal(wrapper.getOwnerDocument(), encryptedData);
        } catch (Exception e) {
            throw new SamlValidationException(SamlReason.DECRYPTION_FAILED,
                    step + ": " + wrapper.getLocalName() + " could not be decrypted", e);
        }
        List<Element> plain = new ArrayList<>();
        for (Element child : Dom.childElements(wrapper)) {
            if (!Dom.is(child, SamlNamespaces.XENC, "EncryptedKey")) {
                plain.add(child);
            }
        }
        if (plain.size() != 1 || !Dom.is(plain.get(0), ns, localName)) {
            throw fail(SamlReason.UNEXPECTED_STRUCTURE, step, wrapper.getLocalName()
                    + " must decrypt to exactly one " + localName);
        }
        return plain.get(0);
    }

    private static Element encryptedKeyFor(Element wrapper, Element encryptedData, String recipient, String step) {
        List<Element> candidates = new ArrayList<>(Dom.children(wrapper, SamlNamespaces.XENC, "EncryptedKey"));
        Dom.optional(encryptedData, SamlNamespaces.DSIG, "KeyInfo", step).ifPresent(keyInfo ->
                candidates.addAll(Dom.children(keyInfo, SamlNamespaces.XENC, "EncryptedKey")));
        candidates.removeIf(k -> Dom.optionalAttribute(k, "Recipient").map(r -> !r.equals(recipient)).orElse(false));
        if (candidates.size() != 1) {
            throw fail(SamlReason.DECRYPTION_FAILED, step, "expected exactly one EncryptedKey for us, found "
                    + candidates.size());
        }
        return candidates.get(0);
    }

    private Key unwrap(Element encryptedKey, String contentAlgorithm, String step) {
        for (PrivateKey privateKey : privateKeys) {
            try {
                XMLCipher keyCipher = XMLCipher.getInstance();
                keyCipher.setSecureValidation(true);
                keyCipher.init(XMLCipher.UNWRAP_MODE, privateKey);
                EncryptedKey loaded = keyCipher.loadEncryptedKey(encryptedKey.getOwnerDocument(), encryptedKey);
                return keyCipher.decryptKey(loaded, contentAlgorithm);
            } catch (XMLEncryptionException | RuntimeException e) {
                // try the next key (key rollover); the last failure is reported below without details
            }
        }
        throw fail(SamlReason.DECRYPTION_FAILED, step, "no configured key can unwrap the EncryptedKey");
    }

    private static String algorithm(Element encrypted, String step) {
        Element method = Dom.single(encrypted, SamlNamespaces.XENC, "EncryptionMethod", step);
        return Dom.requiredAttribute(method, "Algorithm", step);
    }

    private static SamlValidationException fail(SamlReason reason, String step, String message) {
        return new SamlValidationException(reason, step + ": " + message);
    }
}
