package nl.toegang.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * HMAC-SHA-256 of values that must be looked up or compared but not stored in plain (high-entropy secrets such as
 * client secrets or tokens). Unlike a plain hash, a leaked database alone does not allow offline guessing.
 * Not meant for passwords, which need a slow hash.
 */
public final class KeyedHash {

    private final SecretKeySpec key;

    public KeyedHash(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 32) {
            throw new IllegalArgumentException("HMAC key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A keyed hash whose key is {@code masterKey.derive(purpose)}; use one purpose per kind of value. */
    public static KeyedHash derivedFrom(MasterKey masterKey, String purpose) {
        return new KeyedHash(masterKey.derive(purpose));
    }

    /** base64url (no padding) of HMAC-SHA-256 of the UTF-8 value. */
    public String hash(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(value));
    }

    /** Whether {@code hash} is the hash of {@code value}; compares in constant time. False for a null hash. */
    public boolean matches(String value, String hash) {
        if (hash == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(hash);
        } catch (IllegalArgumentException notBase64url) {
            return false;
        }
        return MessageDigest.isEqual(mac(value), expected);
    }

    private byte[] mac(String value) {
        Objects.requireNonNull(value, "value");
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // Mac instances are not thread-safe; they are cheap to get
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "KeyedHash[****]";
    }
}
