package nl.toegang.lockout;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts events per key in a time window and says when a limit is reached. Used for actions that cost us work or
 * send mail (registration, resend, password reset requests), separately from the login throttle.
 */
public interface RateLimiter {

    /** Records one event for {@code key}; false when the key already had {@code limit} events in the window. */
    boolean tryAcquire(String key, int limit, Duration window, Instant now);
}
