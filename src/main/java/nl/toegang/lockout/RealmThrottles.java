package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One {@link LoginThrottle} per realm, each with the realm file's {@link LockoutPolicy}. Stores apply their policy
 * inside, so each realm gets its own store instance; they may share one backend (one Redis connection), since every
 * key contains the realm.
 */
public final class RealmThrottles {
    private final Map<String, LoginThrottle> byRealm;

    /**
     * @param policies   realm name to its policy
     * @param storeFor   builds a store that applies the given policy
     */
    public RealmThrottles(Map<String, LockoutPolicy> policies, Function<LockoutPolicy, ThrottleStore> storeFor,
                          Clock clock) {
        Objects.requireNonNull(storeFor, "storeFor");
        this.byRealm = policies.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new LoginThrottle(storeFor.apply(e.getValue()), e.getValue(), clock)));
    }

    /** @throws IllegalArgumentException for a realm this server does not run */
    public LoginThrottle forRealm(String realm) {
        LoginThrottle throttle = byRealm.get(realm);
        if (throttle == null) {
            throw new IllegalArgumentException("unknown realm");
        }
        return throttle;
    }
}
