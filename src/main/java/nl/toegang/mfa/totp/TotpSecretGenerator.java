package nl.toegang.mfa.totp;

import java.security.SecureRandom;
import java.util.Objects;

/** New TOTP keys: 160 bits from the injected CSPRNG (ASVS 6.5.3). */
public final class TotpSecretGenerator {

    private final SecureRandom random;

    public TotpSecretGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public TotpSecret generate() {
        byte[] bytes = new byte[TotpSecret.MIN_BYTES];
        random.nextBytes(bytes);
        return TotpSecret.of(bytes);
    }
}
