package nl.toegang.mfa.totp.memory;

import nl.toegang.mfa.totp.TotpReplayGuard;
import nl.toegang.mfa.totp.TotpReplayGuardContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryTotpReplayGuardTest extends TotpReplayGuardContract {

    private final InMemoryTotpReplayGuard guard = new InMemoryTotpReplayGuard(clock);

    @Override
    protected TotpReplayGuard guard() {
        return guard;
    }

    /** In memory, "another node" can only be the same instance: this adapter is for single-node setups. */
    @Override
    protected TotpReplayGuard guardOnAnotherNode() {
        return guard;
    }

    @Test
    void anExpiredRecordIsForgotten() {
        guard.markUsed(REALM, "alice", STEP, clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));

        // Only reachable when the verifier's window has moved on, but the guard itself must not hold on forever.
        assertThat(guard.markUsed(REALM, "alice", STEP, clock.instant().plusSeconds(60))).isTrue();
    }
}
