package nl.toegang.mfa.totp;

import java.time.Duration;
import java.util.Objects;

/**
 * How codes are computed: HMAC function, number of digits (6–8) and time step (1–30 s; ASVS 6.5.5 caps a TOTP's
 * lifetime at 30 s). {@link #DEFAULT} is what every common authenticator app supports: SHA1, 6 digits, 30 s.
 */
public record TotpParameters(HmacAlgorithm algorithm, int digits, Duration period) {

    public static final TotpParameters DEFAULT = new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));

    public TotpParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(period, "period");
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6, 7 or 8");
        }
        if (period.isNegative() || period.isZero() || period.getSeconds() > 30 || period.getNano() != 0) {
            throw new IllegalArgumentException("period must be a whole number of seconds from 1 to 30");
        }
    }

    public long periodSeconds() {
        return period.getSeconds();
    }
}
