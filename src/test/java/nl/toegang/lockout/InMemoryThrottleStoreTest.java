package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryThrottleStoreTest extends ThrottleStoreContract {

    @Override
    protected ThrottleStore newStore(LockoutPolicy policy) {
        return new InMemoryThrottleStore(policy);
    }

    @Test
    void staysWithinItsBound() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        InMemoryThrottleStore store = new InMemoryThrottleStore(policy, 100);
        for (int i = 0; i < 1_000; i++) {
            store.recordFailure(ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD), now());
            store.recordIpFailure(REALM, IpBucket.of(ip()), account(), now());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(store.entries()).isLessThanOrEqualTo(2 * 100);
    }
}
