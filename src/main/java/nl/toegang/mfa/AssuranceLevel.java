package nl.toegang.mfa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authentication context classes of a realm, derived only from the factors a session really verified.
 * {@link #rank()} orders them: a session satisfies a requested level when its own rank is at least as high.
 */
public enum AssuranceLevel {
    /** Email + password only. */
    PASSWORD("urn:toegang:acr:password", 1),
    /** Password plus a second factor (authenticator app, recovery code or passkey). */
    MFA("urn:toegang:acr:mfa", 2),
    /** A passkey with user verification: possession plus PIN or biometric, no password. */
    PASSKEY("urn:toegang:acr:passkey", 2);

    private final String acr;
    private final int rank;

    AssuranceLevel(String acr, int rank) {
        this.acr = acr;
        this.rank = rank;
    }

    public String acr() {
        return acr;
    }

    public int rank() {
        return rank;
    }

    public static List<String> supportedAcrValues() {
        return Arrays.stream(values()).map(AssuranceLevel::acr).toList();
    }

    public static Optional<AssuranceLevel> fromAcr(String acr) {
        return Arrays.stream(values()).filter(l -> l.acr.equals(acr)).findFirst();
    }

    /** The level the given factor authorities reach; empty when they reach none (no factor at all). */
    public static Optional<AssuranceLevel> of(Set<String> factors) {
        boolean password = factors.contains(Factors.PASSWORD);
        boolean second = factors.contains(Factors.TOTP) || factors.contains(Factors.RECOVERY_CODE)
                || factors.contains(Factors.PASSKEY);
        if (password && second) {
            return Optional.of(MFA);
        }
        if (factors.contains(Factors.PASSKEY) && factors.contains(Factors.USER_VERIFIED)) {
            return Optional.of(PASSKEY);
        }
        if (password) {
            return Optional.of(PASSWORD);
        }
        return Optional.empty();
    }

    /**
     * RFC 8176 amr values: pwd, otp (authenticator app or recovery code), hwk (passkey), user (user verification),
     * mfa when more than one kind of factor was used. A mutable list: token claims are stored as JSON, and the
     * Jackson allowlist refuses {@code List.of}.
     */
    public static List<String> amr(Set<String> factors) {
        List<String> amr = new ArrayList<>();
        if (factors.contains(Factors.PASSWORD)) {
            amr.add("pwd");
        }
        if (factors.contains(Factors.TOTP) || factors.contains(Factors.RECOVERY_CODE)) {
            amr.add("otp");
        }
        if (factors.contains(Factors.PASSKEY)) {
            amr.add("hwk");
            if (factors.contains(Factors.USER_VERIFIED)) {
                amr.add("user");
            }
        }
        if (amr.size() > 1) {
            amr.add("mfa");
        }
        return amr;
    }
}
