package nl.toegang.mfa.totp.memory;

import nl.toegang.mfa.MfaIds;
import nl.toegang.mfa.totp.TotpReplayGuard;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link TotpReplayGuard} for a single node. Expired entries are swept now and then, so memory stays bounded. */
public final class InMemoryTotpReplayGuard implements TotpReplayGuard {

    private static final int SWEEP_EVERY = 1024;

    private record Key(String realm, String accountId) {
    }

    private record LastUse(long timeStep, Instant expiresAt) {
    }

    private final ConcurrentHashMap<Key, LastUse> lastUse = new ConcurrentHashMap<>();
    private final AtomicInteger callsSinceSweep = new AtomicInteger();
    private final Clock clock;

    public InMemoryTotpReplayGuard(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean markUsed(String realm, String accountId, long timeStep, Instant expiresAt) {
        Key key = new Key(MfaIds.requireRealm(realm), MfaIds.requireAccountId(accountId));
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        sweepOccasionally(now);
        boolean[] accepted = {false};
        // compute() runs atomically per key: two concurrent uses of one step cannot both win.
        lastUse.compute(key, (k, previous) -> {
            boolean live = previous != null && previous.expiresAt().isAfter(now);
            if (live && previous.timeStep() >= timeStep) {
                return previous;
            }
            accepted[0] = true;
            return new LastUse(timeStep, expiresAt);
        });
        return accepted[0];
    }

    private void sweepOccasionally(Instant now) {
        if (callsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            callsSinceSweep.set(0);
            lastUse.entrySet().removeIf(e -> !e.getValue().expiresAt().isAfter(now));
        }
    }
}
