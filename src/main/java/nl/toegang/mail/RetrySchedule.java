package nl.toegang.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to try a failed mail again: 10 s, 30 s, 2 min, 10 min, then hourly, until {@link #GIVE_UP_AFTER} after it was
 * queued. Short first steps cover a mail server restart; the long tail covers an outage without hammering.
 */
public final class RetrySchedule {

    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private static final List<Duration> DELAYS = List.of(
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofHours(1));

    private RetrySchedule() {
    }

    /** The delay after the given number of failed attempts (1 = the first failure). */
    public static Duration delayAfter(int failedAttempts) {
        int index = Math.min(Math.max(failedAttempts, 1), DELAYS.size()) - 1;
        return DELAYS.get(index);
    }

    /** The next attempt after {@code failedAttempts} failures, or empty when the mail should be given up. */
    public static Optional<Instant> nextAttempt(int failedAttempts, Instant createdAt, Instant now) {
        Instant deadline = createdAt.plus(GIVE_UP_AFTER);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Instant next = now.plus(delayAfter(failedAttempts));
        // One last try at the deadline rather than none if the regular step would overshoot it.
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
