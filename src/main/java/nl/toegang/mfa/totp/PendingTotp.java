package nl.toegang.mfa.totp;

import java.util.Objects;

/**
 * What the enrolment page shows once: the key for typing ({@code secret}), the key URI, and the same URI as a QR code
 * in a {@code data:image/png;base64,...} URI. All three contain the secret, so {@code toString()} masks them.
 */
public record PendingTotp(TotpSecret secret, String otpauthUri, String qrCodeDataUri) {

    public PendingTotp {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(otpauthUri, "otpauthUri");
        Objects.requireNonNull(qrCodeDataUri, "qrCodeDataUri");
    }

    /** The key in groups of four characters, for people who type it in. */
    public String secretForDisplay() {
        return secret.base32ForDisplay();
    }

    @Override
    public String toString() {
        return "PendingTotp[****]";
    }
}
