package nl.toegang.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a typed code against the current time step and at most one step either side (clock drift), comparing in
 * constant time. It does not remember used steps: replay protection is {@link TotpReplayGuard}'s job.
 */
public final class TotpVerifier {

    private final Totp totp;
    private final int driftSteps;

    /** Accepts the current step and one step either side. */
    public TotpVerifier(Totp totp) {
        this(totp, 1);
    }

    /** {@code driftSteps} is 0 (current step only) or 1; a wider window would let an observed code live too long. */
    public TotpVerifier(Totp totp, int driftSteps) {
        this.totp = Objects.requireNonNull(totp, "totp");
        if (driftSteps < 0 || driftSteps > 1) {
            throw new IllegalArgumentException("driftSteps must be 0 or 1");
        }
        this.driftSteps = driftSteps;
    }

    /**
     * The time step whose code {@code code} is, if it is within the window around {@code now}. Spaces are ignored
     * (apps show "123 456"); anything else that is not an ASCII digit, or the wrong length, is rejected.
     */
    public Optional<Long> verify(byte[] secret, String code, Instant now) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(now, "now");
        String typed = normalise(code);
        if (typed == null) {
            return Optional.empty();
        }
        byte[] typedBytes = typed.getBytes(StandardCharsets.US_ASCII);
        long current = totp.timeStep(now);
        Long matched = null;
        // Check every step in the window without stopping early, so the response time does not tell which matched.
        for (long step = current - driftSteps; step <= current + driftSteps; step++) {
            if (step < 0) {
                continue;
            }
            boolean equal = MessageDigest.isEqual(totp.code(secret, step).getBytes(StandardCharsets.US_ASCII), typedBytes);
            if (equal && matched == null) {
                matched = step;
            }
        }
        return Optional.ofNullable(matched);
    }

    private String normalise(String code) {
        if (code == null) {
            return null;
        }
        String withoutSpaces = code.replace(" ", "");
        if (withoutSpaces.length() != totp.parameters().digits()) {
            return null;
        }
        for (int i = 0; i < withoutSpaces.length(); i++) {
            char c = withoutSpaces.charAt(i);
            if (c < '0' || c > '9') { // not Character.isDigit: that would accept other scripts' digits
                return null;
            }
        }
        return withoutSpaces;
    }
}
