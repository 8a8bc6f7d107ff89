package nl.toegang.oidc;

import nl.toegang.testsupport.PostgresTestDatabase;

import java.util.Map;

/** The hashed token storage contract on PostgreSQL, the production database, in a throw-away schema. */
class PostgresHashedTokenStorageTest extends HashedTokenStorageContract {
    private PostgresTestDatabase database;

    @Override
    Map<String, String> database() {
        database = PostgresTestDatabase.create();
        return Map.of("spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "");
    }

    @Override
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
