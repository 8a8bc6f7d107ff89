package nl.toegang.mfa.totp;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Objects;

/**
 * RFC 6238 TOTP on top of RFC 4226 HOTP: the code for a time step is the dynamically truncated HMAC of the step
 * counter. Stateless and thread-safe.
 */
public final class Totp {

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final TotpParameters parameters;

    public Totp(TotpParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    public TotpParameters parameters() {
        return parameters;
    }

    /** The time step containing {@code instant}: seconds since the Unix epoch divided by the period (T0 = 0). */
    public long timeStep(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), parameters.periodSeconds());
    }

    /** The first instant at which {@code timeStep} is no longer the current step. */
    public Instant endOf(long timeStep) {
        return Instant.ofEpochSecond(Math.multiplyExact(timeStep + 1, parameters.periodSeconds()));
    }

    /** The code for {@code timeStep}, left-padded with zeros to the configured number of digits. */
    public String code(byte[] secret, long timeStep) {
        Objects.requireNonNull(secret, "secret");
        if (timeStep < 0) {
            throw new IllegalArgumentException("timeStep must not be negative");
        }
        byte[] hash = hmac(secret, ByteBuffer.allocate(Long.BYTES).putLong(timeStep).array());
        // RFC 4226 §5.3 dynamic truncation
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        int otp = binary % POWERS_OF_TEN[parameters.digits()];
        StringBuilder code = new StringBuilder(Integer.toString(otp));
        while (code.length() < parameters.digits()) {
            code.insert(0, '0');
        }
        return code.toString();
    }

    private byte[] hmac(byte[] secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance(parameters.algorithm().jcaName()); // Mac is not thread-safe; getting one is cheap
            mac.init(new SecretKeySpec(secret, "RAW"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(parameters.algorithm().jcaName() + " unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "Totp" + parameters;
    }
}
