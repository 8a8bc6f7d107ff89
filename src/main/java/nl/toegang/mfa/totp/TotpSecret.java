package nl.toegang.mfa.totp;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A TOTP shared key. At least 160 bits (RFC 4226 R6; NIST asks for 112). Immutable: accessors return copies.
 * {@link #toString()} is masked, so the key cannot reach a log by accident.
 */
public final class TotpSecret {

    public static final int MIN_BYTES = 20;

    private final byte[] bytes;

    private TotpSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    public static TotpSecret of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a TOTP secret must be at least " + MIN_BYTES + " bytes");
        }
        return new TotpSecret(bytes.clone());
    }

    public static TotpSecret fromBase32(String base32) {
        return of(Base32.decode(base32));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Base32 without padding, as typed into an authenticator app. */
    public String base32() {
        return Base32.encode(bytes);
    }

    /** Base32 in groups of four, easier to read aloud and type; apps ignore the spaces. */
    public String base32ForDisplay() {
        String plain = base32();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < plain.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(plain, i, Math.min(i + 4, plain.length()));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TotpSecret other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TotpSecret[****]";
    }
}
