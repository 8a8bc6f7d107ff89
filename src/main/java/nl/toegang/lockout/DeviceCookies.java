package nl.toegang.lockout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Trusted-device cookies (OWASP "device cookie" pattern). After a successful password login the browser gets
 * {@code v1.<deviceId>.<accountKey>.<issuedAtSeconds>.<mac>}, MACed with HMAC-SHA-256 under a key derived for this
 * purpose only. A cookie makes an attempt use its own device budget only when the MAC verifies, it has not expired
 * and the account key in it is the account being attempted; anything else gives the untrusted budget. The cookie
 * proves an earlier successful login of this account on this browser; it never replaces the password.
 *
 * <p>The value contains no personal data: the account key is already a keyed hash.
 */
public final class DeviceCookies {
    private static final String VERSION = "v1";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    /** Cookies from a clock running ahead are tolerated this much, not more. */
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random;

    public DeviceCookies(byte[] key, Duration lifetime, Clock clock, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        if (key.length < 32) {
            throw new IllegalArgumentException("device cookie key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Cookie name for a realm: each realm's cookie is separate and sent only to that realm's paths. */
    public static String cookieName(String realm) {
        return "TOEGANG_DEVICE_" + realm;
    }

    public static String cookiePath(String realm) {
        return "/realms/" + realm + "/";
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * The device id of {@code cookieValue} when it is a valid, unexpired cookie issued for {@code accountKey};
     * empty otherwise (absent, forged, altered, expired, or issued for another account).
     */
    public Optional<String> trustedDeviceId(String cookieValue, String accountKey) {
        if (cookieValue == null || cookieValue.length() > 400) {
            return Optional.empty();
        }
        String[] parts = cookieValue.split("\\.", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        for (int i = 1; i < 4; i++) {
            if (!PART.matcher(parts[i]).matches()) {
                return Optional.empty();
            }
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(parts[4]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String signed = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
        if (!MessageDigest.isEqual(mac(signed), presented)) {
            return Optional.empty();
        }
        // Compare the account only after the MAC: the bytes are then ours, not the attacker's.
        if (!MessageDigest.isEqual(parts[2].getBytes(StandardCharsets.US_ASCII),
                accountKey.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Instant issuedAt;
        try {
            issuedAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(issuedAt.plus(lifetime)) || issuedAt.isAfter(now.plus(FUTURE_SKEW))) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    /**
     * A cookie value for {@code accountKey} issued now. Keeps {@code deviceId} when the browser already had a trusted
     * cookie for this account (so its budget carries on); otherwise starts a new device.
     */
    public String issue(String accountKey, Optional<String> deviceId) {
        if (!PART.matcher(accountKey).matches()) {
            throw new IllegalArgumentException("accountKey must be base64url");
        }
        String id = deviceId.filter(d -> PART.matcher(d).matches()).orElseGet(this::newDeviceId);
        String signed = VERSION + "." + id + "." + accountKey + "." + clock.instant().getEpochSecond();
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(signed));
    }

    private String newDeviceId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DeviceCookies[****]";
    }
}
