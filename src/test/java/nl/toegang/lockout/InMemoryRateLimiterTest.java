package nl.toegang.lockout;

/** The rate-limiter contract on the in-memory adapter of the embedded default. */
class InMemoryRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter limiter() {
        return new InMemoryRateLimiter(1000);
    }
}
