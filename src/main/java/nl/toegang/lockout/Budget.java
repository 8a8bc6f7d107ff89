package nl.toegang.lockout;

/**
 * Which failure budget a login attempt spends. Following the OWASP device-cookie pattern, a browser that presents a
 * valid device cookie for this account (issued after an earlier successful login) gets its own budget; every other
 * browser shares the single untrusted budget. An attacker without the cookie can therefore exhaust only the
 * untrusted budget and never lock out the real user's trusted browser.
 */
public sealed interface Budget permits Budget.TrustedDevice, Budget.Untrusted {

    /** The untrusted budget (no valid device cookie). */
    Untrusted UNTRUSTED = new Untrusted();

    static Budget trustedDevice(String deviceId) {
        return new TrustedDevice(deviceId);
    }

    /** Stable short name used as part of a storage key: {@code u} or {@code d.<deviceId>}. */
    String id();

    /**
     * A browser whose device cookie was verified (signature, expiry, bound to this account) by the caller.
     *
     * @param deviceId the opaque id from the verified cookie; never take it from unverified input
     */
    record TrustedDevice(String deviceId) implements Budget {
        public TrustedDevice {
            Identifiers.requireSafe("deviceId", deviceId);
        }

        @Override
        public String id() {
            return "d." + deviceId;
        }
    }

    /** Any browser without a valid device cookie. */
    record Untrusted() implements Budget {
        @Override
        public String id() {
            return "u";
        }
    }
}
