package nl.toegang.oidc.dpop;

import nl.toegang.mfa.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay contract on H2 (the embedded default); two caches on one database stand for two nodes. */
class H2DpopReplayCacheTest extends DpopReplayCacheContract {
    private final TestDatabase database = TestDatabase.h2();

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected DpopReplayCache cache() {
        return new JdbcDpopReplayCache(JdbcClient.create(database.dataSource()), clock);
    }

    @Override
    protected DpopReplayCache cacheOnAnotherNode() {
        return new JdbcDpopReplayCache(JdbcClient.create(database.dataSource()), clock);
    }

    @Test
    void expiredEntriesArePurgedAndNoLongerBlock() {
        var cache = new JdbcDpopReplayCache(JdbcClient.create(database.dataSource()), clock);
        assertThat(cache.markUsed("old", clock.instant().plusSeconds(70))).isTrue();
        clock.advance(Duration.ofSeconds(71));
        assertThat(cache.purgeExpired()).isEqualTo(1);
        assertThat(cache.markUsed("old", clock.instant().plusSeconds(70))).isTrue();
    }
}
