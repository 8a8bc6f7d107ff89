package nl.toegang.oidc.logout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a failed logout delivery again: {@code firstRetry}, then doubling after every failure up to
 * {@code maxDelay}, until {@code giveUpAfter} since the logout. A client that is down for a minute gets its token
 * soon after it is back; one that is down for a day is not hammered.
 */
public record RetryBackoff(Duration firstRetry, Duration maxDelay, Duration giveUpAfter) {

    /** The delay after {@code failedAttempts} failures (1 = the first). */
    public Duration delayAfter(int failedAttempts) {
        Duration delay = firstRetry;
        for (int i = 1; i < failedAttempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** The next attempt, or empty when the delivery should be given up. */
    public Optional<Instant> nextAttempt(int failedAttempts, Instant createdAt, Instant now) {
        Instant deadline = createdAt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Instant next = now.plus(delayAfter(failedAttempts));
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
