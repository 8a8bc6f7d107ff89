package nl.toegang.lockout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Server-wide lockout settings ({@code toegang.lockout.*}); thresholds are per realm, in the realm file.
 *
 * @param store                {@code memory} (default: one node, counters lost on restart) or {@code redis} (shared by
 *                             all nodes; connection from {@code toegang.redis.*})
 * @param keyPrefix            prefix of every Redis key (default {@code toegang:}); nodes that must share counters
 *                             use the same prefix
 * @param deviceCookieLifetime how long a trusted-device cookie stays valid after its last successful login
 *                             (default 180 days)
 * @param memoryMaxEntries     bound per map of the in-memory store (default 100,000)
 */
@Validated
@ConfigurationProperties("toegang.lockout")
public record LockoutProperties(
        @NotNull Store store,
        @NotBlank String keyPrefix,
        @NotNull Duration deviceCookieLifetime,
        int memoryMaxEntries) {

    public enum Store { MEMORY, REDIS }

    public LockoutProperties {
        store = store == null ? Store.MEMORY : store;
        keyPrefix = keyPrefix == null ? "toegang:" : keyPrefix;
        deviceCookieLifetime = deviceCookieLifetime == null ? Duration.ofDays(180) : deviceCookieLifetime;
        memoryMaxEntries = memoryMaxEntries == 0 ? InMemoryThrottleStore.DEFAULT_MAX_ENTRIES : memoryMaxEntries;
        if (deviceCookieLifetime.isNegative() || deviceCookieLifetime.isZero()) {
            throw new IllegalArgumentException("toegang.lockout.device-cookie-lifetime must be positive");
        }
        if (memoryMaxEntries < 1) {
            throw new IllegalArgumentException("toegang.lockout.memory-max-entries must be positive");
        }
    }
}
