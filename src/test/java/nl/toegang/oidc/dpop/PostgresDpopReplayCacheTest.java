package nl.toegang.oidc.dpop;

import nl.toegang.mfa.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The replay contract on PostgreSQL (own schema per run; skipped when unreachable unless CI=true). */
class PostgresDpopReplayCacheTest extends DpopReplayCacheContract {
    private static TestDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabase.postgres();
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected DpopReplayCache cache() {
        return new JdbcDpopReplayCache(JdbcClient.create(database.dataSource()), clock);
    }

    @Override
    protected DpopReplayCache cacheOnAnotherNode() {
        return new JdbcDpopReplayCache(JdbcClient.create(database.dataSource()), clock);
    }
}
