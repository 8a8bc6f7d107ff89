package nl.toegang.oidc.logout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * OIDC Back-Channel Logout delivery settings ({@code toegang.backchannel-logout.*}).
 *
 * @param dispatchInterval pause between two outbox passes on each node (default 1s)
 * @param timeout          connect and response timeout of one POST to a client (default 10s); a hanging client
 *                         costs at most this, and never the user's logout
 * @param firstRetry       delay after the first failed attempt; it doubles after every further failure (default 5s)
 * @param maxRetryDelay    the doubling stops here (default 1h)
 * @param giveUpAfter      a delivery still failing this long after the logout is abandoned (default 24h)
 * @param tokenLifetime    {@code exp - iat} of a logout token (default 2m); each attempt signs a fresh one
 */
@Validated
@ConfigurationProperties("toegang.backchannel-logout")
public record BackChannelLogoutProperties(
        Duration dispatchInterval,
        Duration timeout,
        Duration firstRetry,
        Duration maxRetryDelay,
        Duration giveUpAfter,
        Duration tokenLifetime) {

    public BackChannelLogoutProperties {
        dispatchInterval = positive(dispatchInterval, Duration.ofSeconds(1), "dispatch-interval");
        timeout = positive(timeout, Duration.ofSeconds(10), "timeout");
        firstRetry = positive(firstRetry, Duration.ofSeconds(5), "first-retry");
        maxRetryDelay = positive(maxRetryDelay, Duration.ofHours(1), "max-retry-delay");
        giveUpAfter = positive(giveUpAfter, Duration.ofHours(24), "give-up-after");
        tokenLifetime = positive(tokenLifetime, Duration.ofMinutes(2), "token-lifetime");
        if (maxRetryDelay.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("toegang.backchannel-logout.max-retry-delay must not be shorter than"
                    + " first-retry");
        }
        if (tokenLifetime.compareTo(Duration.ofMinutes(10)) > 0) {
            // A logout token is a bearer credential for ending sessions: keep it short-lived.
            throw new IllegalArgumentException("toegang.backchannel-logout.token-lifetime must be at most 10m");
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException("toegang.backchannel-logout." + name + " must be positive");
        }
        return result;
    }
}
